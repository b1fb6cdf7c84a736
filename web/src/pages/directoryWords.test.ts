import { describe, expect, it } from 'vitest';
import type { Affiliation } from '../api/types';
import { affiliationsOf, networkSentences, takePartSentence } from './directoryWords';

const aff = (id: string, person_id: string, role: string, group_id: string | null, place_id: string | null = null): Affiliation => ({
  id, person_id, role, group_id, place_id, frequency: null, valid_from: null, valid_to: null, notes: null,
  revision: 1, created_at: '2025-04-01T09:00:00Z', updated_at: '2025-04-01T09:00:00Z',
});

// Five records written by hand: three at group gr_a (two people, one of them
// twice), one at gr_b, one at place pl_a.
const five = [
  aff('af_1', 'pe_1', 'member', 'gr_a'),
  aff('af_2', 'pe_2', 'organiser', 'gr_a'),
  aff('af_3', 'pe_3', 'member', 'gr_b'),
  aff('af_4', 'pe_1', 'volunteer', 'gr_a'),
  aff('af_5', 'pe_1', 'visitor', null, 'pl_a'),
];

describe('affiliationsOf', () => {
  it('keeps the records of one group or place, in the order given', () => {
    expect(affiliationsOf(five, 'groups', 'gr_a').map((a) => a.id)).toEqual(['af_1', 'af_2', 'af_4']);
    expect(affiliationsOf(five, 'places', 'pl_a').map((a) => a.id)).toEqual(['af_5']);
    expect(affiliationsOf(five, 'places', 'gr_a')).toEqual([]);
  });
});

describe('takePartSentence', () => {
  it('counts people once and each role in a fixed order', () => {
    expect(takePartSentence(affiliationsOf(five, 'groups', 'gr_a'))).toBe('2 people take part: 1 organiser, 1 volunteer and 1 member.');
    expect(takePartSentence(affiliationsOf(five, 'places', 'pl_a'))).toBe('1 person takes part: 1 visitor.');
    expect(takePartSentence([])).toBe('Nobody is recorded as taking part.');
  });
  it('formats large counts the en-GB way', () => {
    const many = Array.from({ length: 1200 }, (_, i) => aff(`af_${i}`, `pe_${i}`, 'member', 'gr_a'));
    expect(takePartSentence(many)).toBe('1,200 people take part: 1,200 members.');
  });
});

describe('networkSentences', () => {
  const shown = (count: number) => ({ count, shown: String(count), suppressed: false });
  it('says members, pairs linked only here and communities from the summary', () => {
    expect(networkSentences({ id: 'pl_a', name: 'St Luke’s', type: 'place', members: shown(460), only_link_pairs: shown(94929), communities_spanned: 43, betweenness: 0.2 }))
      .toEqual([
        '460 of the people in the network analyses take part here.',
        'For 94,929 pairs of people who take part here, it is their only link.',
        'The people here come from 43 communities of the network.',
      ]);
  });
  it('says a withheld count in words and leaves out figures the summary does not give', () => {
    expect(networkSentences({ id: 'gr_a', name: 'Club', type: 'group', members: { shown: '<5', suppressed: true }, only_link_pairs: null, communities_spanned: null, betweenness: null }))
      .toEqual(['Fewer than 5 of the people in the network analyses take part here.']);
    expect(networkSentences(undefined)).toEqual([]);
  });
});
