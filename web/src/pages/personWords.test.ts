import { describe, expect, it } from 'vitest';
import { consentFor, networkSentences } from './personWords';
import type { Ego, NetworkNode } from '../api/types';

// Hand-written ego answers, as the engine would give them.
const ego = (e: Partial<Ego>): Ego => ({
  id: 'pe_1', at: null, size: 0, ties_among_contacts: 0, density: null, tie_kinds: {},
  tie_kind_diversity: null, weekly_share: null, constraint: null, effective_size: null, ...e,
});
const node = (betweenness_norm: number): NetworkNode => ({ id: 'pe_1', degree: 3, community: 0, betweenness_norm, constraint: 0.4, strength: 3, isolation: [] });

describe('networkSentences', () => {
  it('says no ties and nothing else for an empty ego network', () => {
    expect(networkSentences(ego({}), null)).toEqual(['Has no ties.']);
  });
  it('says sees no one weekly when the weekly share is 0, and family only', () => {
    expect(networkSentences(ego({ size: 1, weekly_share: 0, tie_kinds: { family: 1 } }), node(0)))
      .toEqual(['Has one tie.', 'Sees no one weekly: none of their contacts is in touch daily or weekly.', 'Their only ties are family.']);
  });
  it('says a bridge at constraint 0.5, effective size 2 and betweenness above 0, not at constraint 0.51', () => {
    const e = { size: 2, weekly_share: 0.5, tie_kinds: { friend: 2 }, constraint: 0.5, effective_size: 2, density: 0 };
    expect(networkSentences(ego(e), node(0.01))).toContain('Connects two groups that otherwise have no link.');
    expect(networkSentences(ego({ ...e, constraint: 0.51 }), node(0.01))).not.toContain('Connects two groups that otherwise have no link.');
    expect(networkSentences(ego(e), node(0))).not.toContain('Connects two groups that otherwise have no link.');
  });
});

describe('consentFor', () => {
  it('names given scopes with the date and the others as not given', () => {
    const p = { consent_status: 'given' as const, consent_date: '2024-03-06', consent_scope: ['research' as const] };
    expect(consentFor(p, 'research')).toBe('Given on 6 March 2024');
    expect(consentFor(p, 'timebank')).toBe('Not given for this use (consent on 6 March 2024 covers other uses)');
    expect(consentFor({ ...p, consent_status: 'withdrawn' }, 'research')).toBe('Withdrawn on 6 March 2024');
  });
});
