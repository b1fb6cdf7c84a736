import { describe, expect, it } from 'vitest';
import { mergedAway, mergedAwayWords, movedWords, undoneWords } from './mergeWords';
import type { Merge } from '../api/types';

const none = { ties: 0, ties_removed: 0, affiliations: 0, interviews: 0, named: 0, accounts: 0 };

describe('movedWords', () => {
  it('says nothing else for an empty record', () => {
    expect(movedWords(none)).toBe('nothing else');
  });
  it('lists what moved with plurals and "and"', () => {
    expect(movedWords({ ...none, ties: 2, affiliations: 1, accounts: 1 })).toBe('2 ties, 1 group or place and 1 resident’s account');
    expect(movedWords({ ...none, interviews: 1 })).toBe('1 survey interview');
  });
  it('names the ties removed between the two', () => {
    expect(movedWords({ ...none, ties: 1, ties_removed: 1 })).toBe('1 tie; 1 tie between the two removed');
    expect(movedWords({ ...none, ties_removed: 2 })).toBe('nothing else; 2 ties between the two removed');
  });
});

describe('undoneWords', () => {
  const merge: Merge = {
    id: 'mg_1', kept: { id: 'pe_1', display_name: 'Mary Okafor' }, merged: { id: 'pe_2', display_name: 'Mary at 12' },
    reason: 'r', status: 'undone', merged_by: 'a', merged_at: '', undone_by: 'a', undone_at: '', moved: none, left_behind: 0,
  };
  it('says everything went back', () => {
    expect(undoneWords(merge)).toBe('Mary at 12 is a separate record again. Everything the merge moved went back.');
  });
  it('says what stayed with the kept record', () => {
    expect(undoneWords({ ...merge, left_behind: 1 })).toBe('Mary at 12 is a separate record again. 1 record changed since the merge and stays with Mary Okafor.');
    expect(undoneWords({ ...merge, left_behind: 3 })).toMatch(/3 records changed since the merge and stay with/);
  });
});

describe('a record merged away', () => {
  const m = (id: string, merged: string, status: Merge['status']): Merge => ({
    id, kept: { id: 'pe_1', display_name: 'Mary Okafor' }, merged: { id: merged, display_name: 'Mary at 12' },
    reason: 'r', status, merged_by: 'a', merged_at: '2026-12-03T12:33:51Z', undone_by: null, undone_at: null, moved: none,
  });
  it('is found by the standing merge that took it, not an undone one nor one that kept it', () => {
    expect(mergedAway([m('mg_3', 'pe_9', 'standing'), m('mg_2', 'pe_2', 'standing'), m('mg_1', 'pe_2', 'undone')], 'pe_2')?.id).toBe('mg_2');
    expect(mergedAway([m('mg_1', 'pe_2', 'undone')], 'pe_2')).toBeNull();
    expect(mergedAway([m('mg_1', 'pe_2', 'standing')], 'pe_1')).toBeNull();
  });
  it('says whose record it is now part of, and when, in en-GB', () => {
    expect(mergedAwayWords(m('mg_1', 'pe_2', 'standing'))).toBe('Mary at 12’s record was merged into Mary Okafor’s on 3 December 2026, because they are the same person.');
  });
});
