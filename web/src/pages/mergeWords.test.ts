import { describe, expect, it } from 'vitest';
import { movedWords, undoneWords } from './mergeWords';
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
