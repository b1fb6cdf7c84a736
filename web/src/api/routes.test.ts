import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakePeopleById } from './fakePeopleById';
import { idsPerRequest, peopleByIds } from './routes';

describe('people by id', () => {
  afterEach(() => vi.restoreAllMocks());
  it('keeps the order of the ids across requests answered out of order, with the filters sent each time', async () => {
    // The first request answers last; an id the register no longer holds is left out.
    const asked = fakePeopleById(vi, { missing: ['pe_7'], slow: { id: 'pe_0', ms: 20 } });
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
