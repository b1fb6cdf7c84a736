import { afterEach, describe, expect, it, vi } from 'vitest';
import { idsPerRequest, peopleByIds } from './routes';

describe('people by id', () => {
  afterEach(() => vi.restoreAllMocks());
  it('keeps the order of the ids across requests answered out of order, with the filters sent each time', async () => {
    const asked: URL[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (path) => {
      const url = new URL(String(path), 'http://kith.test');
      asked.push(url);
      const ids = (url.searchParams.get('ids') ?? '').split(',');
      // The first request answers last; an id the register no longer holds is left out.
      if (ids[0] === 'pe_0') await new Promise((r) => setTimeout(r, 20));
      const items = ids.filter((id) => id !== 'pe_7').map((id) => ({ id, display_name: id }));
      return new Response(JSON.stringify({ items, next_cursor: null }), { status: 200 });
    });
    const ids = Array.from({ length: 2 * idsPerRequest + 3 }, (_, i) => `pe_${i}`);
    const people = await peopleByIds('ar_1', ids, { q: 'ann' });
    expect(people.map((p) => p.id)).toEqual(ids.filter((id) => id !== 'pe_7'));
    expect(asked).toHaveLength(3);
    expect(asked.every((u) => u.searchParams.get('q') === 'ann')).toBe(true);
  });
  it('asks nothing for no ids', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    expect(await peopleByIds('ar_1', [])).toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
  });
});
