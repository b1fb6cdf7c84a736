import { describe, expect, it } from 'vitest';
import { defaultView, isDay, parseView, serialiseView } from './view';

const kinds = ['family', 'friend', 'neighbour', 'work_study', 'acquaintance', 'professional_support'];
const evidence = ['survey', 'timebank_exchange', 'referral', 'support_circle', 'manual_entry'];

describe('the map\'s view in the address', () => {
  it('reads every parameter', () => {
    expect(parseView('?kind=friend,family&evidence=referral,survey&closeness=3&at=2025-06-01&colour=betweenness&size=betweenness&community=4&show=list&person=pe_abc123', kinds, evidence)).toEqual({
      kinds: ['family', 'friend'], evidence: ['survey', 'referral'], minCloseness: '3', at: '2025-06-01', colour: 'betweenness', size: 'betweenness',
      community: 4, show: 'list', person: 'pe_abc123',
    });
  });
  it('falls back to the default for each value that is not a choice, without failing', () => {
    expect(parseView('?kind=cousin&evidence=rumour&closeness=9&at=2025-02-30&colour=shoe&size=x&community=-1&show=grid&person=%3Cscript%3E', kinds, evidence)).toEqual(defaultView);
    expect(parseView('?closeness=2.5&at=01/06/2025&community=1e3', kinds)).toEqual(defaultView);
    expect(parseView('', kinds)).toEqual(defaultView);
    // One unknown kind among known ones: the known ones are kept.
    expect(parseView('?kind=friend,cousin', kinds).kinds).toEqual(['friend']);
  });
  it('writes only what differs from the defaults, in a fixed order', () => {
    expect(serialiseView(defaultView)).toBe('');
    expect(serialiseView({ ...defaultView, kinds: ['family', 'friend'], at: '2025-06-01', colour: 'betweenness' })).toBe('?kind=family,friend&at=2025-06-01&colour=betweenness');
    expect(serialiseView({ ...defaultView, community: 0, person: 'pe_x' })).toBe('?community=0&person=pe_x');
  });
  it('reads back what it writes', () => {
    const v = { ...defaultView, kinds: ['neighbour'], evidence: ['survey', 'manual_entry'], minCloseness: '5', colour: 'effective_size' as const, size: 'betweenness' as const, show: 'list' as const };
    expect(serialiseView(v)).toContain('evidence=survey,manual_entry');
    expect(parseView(serialiseView(v), kinds, evidence)).toEqual(v);
  });
  it('knows a calendar day', () => {
    expect(['2024-02-29', '2025-12-31'].map(isDay)).toEqual([true, true]);
    expect(['2025-02-29', '2025-13-01', '2025-6-1', ''].map(isDay)).toEqual([false, false, false, false]);
  });
});
