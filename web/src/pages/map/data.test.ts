import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakePeopleById } from '../../api/fakePeopleById';
import { idsPerRequest } from '../../api/routes';
import { brokerageOf, countsSentence, fetchNames, isolationOf, joinMap, namesFor, networkFor, sizeFor, topDecileThreshold, type LayoutAnswer, type MapFilters } from './data';


describe('the map\'s words from the engine\'s figures', () => {
  it('puts the top tenth by betweenness as "links otherwise separate people"', () => {
    // 20 people: ceil(20 / 10) = 2, so the second highest, 50, is the threshold.
    const b = [0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 50, 90];
    expect(topDecileThreshold(b)).toBe(50);
    expect(brokerageOf(90, 50)).toBe('bridge');
    expect(brokerageOf(50, 50)).toBe('bridge');
    expect(brokerageOf(8, 50)).toBe('some');
    expect(brokerageOf(0, 50)).toBe('none');
  });
  it('never calls betweenness 0 a bridge, even when nearly everyone has 0', () => {
    expect(topDecileThreshold([0, 0, 0, 0])).toBe(Infinity);
    expect(brokerageOf(0, topDecileThreshold([0, 0, 0, 0]))).toBe('none');
    // 5 people, ceil(5 / 10) = 1: only the highest.
    expect(topDecileThreshold([0, 0, 0, 2, 9])).toBe(9);
  });
  it('names the isolation classes from the number of contacts', () => {
    expect([0, 1, 2, 7].map(isolationOf)).toEqual(['no_ties', 'one_tie', 'others', 'others']);
  });
  it('sizes by the square root of the share of the largest', () => {
    expect(sizeFor(0, 16)).toBe(2);
    expect(sizeFor(4, 16)).toBe(7);
    expect(sizeFor(16, 16)).toBe(12);
    expect(sizeFor(0, 0)).toBe(3);
  });
});

describe('the sentence above the map', () => {
  const layout = (over: Partial<LayoutAnswer>): LayoutAnswer => ({ aggregated: false, people: 2000, ties: 5726, people_max: 5000, nodes: [], edges: [], ...over });
  it('states the layout answer\'s counts with en-GB numbers and plurals', () => {
    expect(countsSentence(joinMap(layout({}), [], new Map()))).toBe('Showing 2,000 people and 5,726 ties');
    expect(countsSentence(joinMap(layout({ people: 1, ties: 1 }), [], new Map()))).toBe('Showing 1 person and 1 tie');
    expect(countsSentence(joinMap(layout({ people: 86, ties: 141, community: 8 }), [], new Map()))).toBe('Showing 86 people and 141 ties in community 9');
    const agg = layout({ aggregated: true, people: 20000, ties: 100000, communities: [{ community: 0, members: 3, x: 0, y: 0 }] });
    expect(countsSentence(joinMap(agg, [], new Map()))).toBe('Showing 20,000 people and 100,000 ties, grouped into 1 community');
  });
  it('joins layout and network by id, names from the register', () => {
    const l = layout({ people: 2, ties: 1, nodes: [{ id: 'pe_a', x: 1, y: 2 }, { id: 'pe_b', x: 3, y: 4 }], edges: [[0, 1]] });
    const m = joinMap(l, [{ id: 'pe_b', degree: 1, betweenness: 0, betweenness_norm: 0, community: 4 }], new Map([['pe_a', 'Ann'], ['pe_b', 'Bob']]));
    expect(m.people.map((p) => [p.name, p.degree, p.community, p.isolation])).toEqual([['Ann', 0, -1, 'no_ties'], ['Bob', 1, 4, 'one_tie']]);
    expect(m.maxDegree).toBe(1);
  });
  it('carries every figure the network gives, null where it gives none', () => {
    const l = layout({ people: 2, ties: 0, nodes: [{ id: 'pe_a', x: 0, y: 0 }, { id: 'pe_b', x: 1, y: 1 }], edges: [] });
    const m = joinMap(l, [{ id: 'pe_a', degree: 3, betweenness: 2.5, betweenness_norm: 0.1, community: 0, closeness: 0.5, eigenvector: null, core: 2 }], new Map());
    expect([m.people[0]?.metrics.closeness, m.people[0]?.metrics.eigenvector, m.people[0]?.metrics.core, m.people[0]?.metrics.betweenness]).toEqual([0.5, null, 2, 2.5]);
    // pe_b is not in the network answer: no ties, so 0 contacts, and no other figure.
    expect([m.people[1]?.metrics.degree, m.people[1]?.metrics.closeness]).toEqual([0, null]);
  });
});

describe('the network answer a drill-down reads', () => {
  afterEach(() => vi.restoreAllMocks());
  const filters: MapFilters = { kinds: [], evidence: [], minCloseness: '', at: '' };
  function fakeServer(revision: number): string[] {
    const asked: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (path) => {
      asked.push(String(path));
      return new Response(JSON.stringify({ graph: { register_revision: revision }, nodes: [] }), { status: 200 });
    });
    return asked;
  }
  it('asks for one community\'s people, and a whole answer already fetched serves any community', async () => {
    const asked = fakeServer(7);
    await networkFor('ar_1', filters, 7, 3);
    expect(asked).toEqual(['/api/v1/areas/ar_1/network?community=3']);
    await networkFor('ar_1', filters, 7, 3);  // the same community again: kept
    await networkFor('ar_1', filters, 7, 4);  // another: not served by community 3's answer
    expect(asked).toEqual(['/api/v1/areas/ar_1/network?community=3', '/api/v1/areas/ar_1/network?community=4']);
    await networkFor('ar_1', filters, 7, null);
    await networkFor('ar_1', filters, 7, 5);  // the whole answer holds community 5
    expect(asked.slice(2)).toEqual(['/api/v1/areas/ar_1/network']);
  });
  it('asks again once the register has changed', async () => {
    const asked = fakeServer(8);
    await networkFor('ar_2', filters, 8, null);
    await networkFor('ar_2', filters, 9, null);
    expect(asked).toEqual(['/api/v1/areas/ar_2/network', '/api/v1/areas/ar_2/network']);
  });
});

describe('the names a drill-down reads', () => {
  afterEach(() => vi.restoreAllMocks());
  it('asks for those people only, 200 ids a request', async () => {
    const asked = fakePeopleById(vi);
    const ids = Array.from({ length: 450 }, (_, i) => `pe_${i}`);
    const names = await namesFor('ar_drill', ids);
    expect(asked.map((u) => u.pathname)).toEqual(Array(3).fill('/api/v1/areas/ar_drill/people'));
    expect(asked.map((u) => u.searchParams.get('ids')?.split(',').length)).toEqual([idsPerRequest, idsPerRequest, 50]);
    expect(asked.every((u) => u.searchParams.get('limit') === String(idsPerRequest))).toBe(true);
    expect(new Set(asked.flatMap((u) => u.searchParams.get('ids')?.split(',') ?? []))).toEqual(new Set(ids));
    expect(names.size).toBe(450);
    expect(names.get('pe_449')).toBe('Name of pe_449');
  });
  it('reads nothing more once the whole area\'s names are here', async () => {
    let calls = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => {
      calls += 1;
      return new Response(JSON.stringify({ items: [{ id: 'pe_1', display_name: 'Ann' }], next_cursor: null }), { status: 200 });
    });
    await fetchNames('ar_whole');
    expect(calls).toBe(1);
    expect((await namesFor('ar_whole', ['pe_1'])).get('pe_1')).toBe('Ann');
    expect(calls).toBe(1);
  });
});
