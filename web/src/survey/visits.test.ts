import { describe, expect, it } from 'vitest';
import { type LocalVisit, newVisit, type SendVisit, sendVisits, type VisitStore } from './visits';

function memoryStore(): VisitStore & { map: Map<string, LocalVisit> } {
  const map = new Map<string, LocalVisit>();
  return { map, put: async (v) => void map.set(v.id, v), all: async () => [...map.values()] };
}

function visitAt(id: string, at: string): LocalVisit {
  return { id, area: 'ar_1', wave: 'wv_1', household: `${id} Elm Road`, outcome: 'no_answer', recordedAt: at, sent: false, problem: null };
}

describe('doorstep visits on the device', () => {
  it('takes a household and one of the three outcomes', () => {
    expect(newVisit('ar_1', 'wv_1', '  ', 'no_answer')).toEqual({ missing: 'household' });
    expect(newVisit('ar_1', 'wv_1', '20 Elm Road', '')).toEqual({ missing: 'outcome' });
    expect(newVisit('ar_1', 'wv_1', '20 Elm Road', 'completed')).toEqual({ missing: 'outcome' });
    const v = newVisit('ar_1', 'wv_1', ' 20   Elm Road ', 'call_back');
    expect('missing' in v).toBe(false);
    if (!('missing' in v)) {
      expect(v.household).toBe('20 Elm Road');
      expect(v.id.length).toBeGreaterThanOrEqual(16);  // the server's shortest key
      expect(v.sent).toBe(false);
    }
  });

  it('sends the oldest first and stops when the connection goes, to resend the same key later', async () => {
    const store = memoryStore();
    await store.put(visitAt('b', '2026-12-02T10:05:00Z'));
    await store.put(visitAt('a', '2026-12-02T10:00:00Z'));
    await store.put(visitAt('c', '2026-12-02T10:10:00Z'));
    const tried: string[] = [];
    let up = true;
    const send: SendVisit = async (v) => {
      tried.push(v.id);
      if (v.id === 'b') up = false;
      return up ? { kind: 'stored' } : { kind: 'offline' };
    };
    await sendVisits(store, send);
    expect(tried).toEqual(['a', 'b']);
    expect(store.map.get('a')?.sent).toBe(true);
    expect(store.map.get('b')?.sent).toBe(false);
    up = true;
    tried.length = 0;
    await sendVisits(store, async (v) => { tried.push(v.id); return { kind: 'stored' }; });
    expect(tried).toEqual(['b', 'c']);  // a is not sent twice
  });

  it('keeps a refused visit with the reason and does not send it again', async () => {
    const store = memoryStore();
    await store.put(visitAt('a', '2026-12-02T10:00:00Z'));
    await sendVisits(store, async () => ({ kind: 'refused', message: 'This wave is closed' }));
    expect(store.map.get('a')?.problem).toBe('This wave is closed');
    let calls = 0;
    await sendVisits(store, async () => { calls += 1; return { kind: 'stored' }; });
    expect(calls).toBe(0);
  });
});
