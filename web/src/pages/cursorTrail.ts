// Paging by the API's cursors with "Previous page" too: the API pages forward
// only (keyset, `next_cursor`), so a list's URL keeps the cursors of the pages
// before this one (`back`), a first page's kept as "-". Back, Forward and a
// shared link then all open the same page.

export interface CursorTrail {
  cursor: string | null;
  back: string[];
}

/** `back` as the URL holds it: "-,pe_a,pe_b". */
export function parseBack(value: string | null): string[] {
  return (value ?? '').split(',').filter((s) => s !== '');
}

/** The trail of the page before, or null on the first page. */
export function trailBefore<T extends CursorTrail>(q: T): T | null {
  if (q.cursor === null) return null;
  const last = q.back[q.back.length - 1];
  return { ...q, cursor: last === undefined || last === '-' ? null : last, back: q.back.slice(0, -1) };
}

/** The trail of the page after, or null on the last page (`next` null). */
export function trailAfter<T extends CursorTrail>(q: T, next: string | null): T | null {
  if (next === null) return null;
  return { ...q, cursor: next, back: [...q.back, q.cursor ?? '-'] };
}

/** How many records the pages before this one hold (each page full). */
export function recordsBefore(q: CursorTrail, pageSize: number): number {
  return q.cursor === null ? 0 : q.back.length * pageSize;
}
