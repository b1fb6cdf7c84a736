// For unit tests: a fetch that answers `…/people?ids=` as the API does, one
// record for each id asked (named "Name of ID"), less those left out; every
// request's URL is kept. Only tests import it (vitest's vi is passed in).
import type { vi as Vi } from 'vitest';

export interface FakeOptions {
  /** Ids the register no longer holds: not answered. */
  missing?: readonly string[];
  /** Milliseconds before answering a request whose first id is this one. */
  slow?: { id: string; ms: number };
}

export function fakePeopleById(vi: typeof Vi, opts: FakeOptions = {}): URL[] {
  const asked: URL[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (path) => {
    const url = new URL(String(path), 'http://kith.test');
    asked.push(url);
    const ids = (url.searchParams.get('ids') ?? '').split(',');
    if (opts.slow && ids[0] === opts.slow.id) await new Promise((r) => setTimeout(r, opts.slow?.ms));
    const items = ids.filter((id) => !opts.missing?.includes(id)).map((id) => ({ id, display_name: `Name of ${id}` }));
    return new Response(JSON.stringify({ items, next_cursor: null }), { status: 200 });
  });
  return asked;
}
