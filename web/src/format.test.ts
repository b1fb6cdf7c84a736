import { describe, expect, it } from 'vitest';
import { countOf, formatCount, formatDate, formatShare, formatSuppressed, splitTags, word } from './format';
import { niceTicks } from './components/BarChart';
import { degreeBars, inClass } from './network';
import { checkSignIn } from './pages/SignIn';
import { checkPasswords } from './pages/Account';
import { nextQuery, parsePeopleQuery, peopleQueryString, prevQuery } from './pages/People';

describe('en-GB formatting', () => {
  it('groups thousands and rounds shares', () => {
    expect(formatCount(1865)).toBe('1,865');
    expect(formatShare(0.07453083109919571)).toBe('7.5%');
    expect(formatShare(0.08)).toBe('8%');
  });
  it('agrees the noun with the count', () => {
    expect(countOf(1, 'person', 'people')).toBe('1 person');
    expect(countOf(0, 'person', 'people')).toBe('0 people');
    expect(countOf(2000, 'tie', 'ties')).toBe('2,000 ties');
  });
  it('writes days as "6 March 2024" whatever the machine’s time zone', () => {
    expect(formatDate('2024-03-06')).toBe('6 March 2024');
    expect(formatDate('2024-12-31')).toBe('31 December 2024');
    expect(formatDate(null)).toBe('');
    expect(formatDate('soon')).toBe('soon');
  });
  it('shows a withheld count in words', () => {
    expect(formatSuppressed({ shown: '<5', suppressed: true })).toBe('fewer than 5');
    expect(formatSuppressed({ count: 139, shown: '139', suppressed: false })).toBe('139');
  });
  it('uses plain words for the register’s values', () => {
    expect(word('frequency', 'less_often')).toBe('Less often');
    expect(word('tie_kind', 'unheard_of')).toBe('unheard_of');
    expect(splitTags(' gardening, ,choir ')).toEqual(['gardening', 'choir']);
  });
});

describe('degreeBars', () => {
  it('draws the summary bins, a withheld one with its words and no height', () => {
    const bars = degreeBars([
      { contacts: 0, or_more: false, people: { count: 12, shown: '12', suppressed: false } },
      { contacts: 1, or_more: false, people: { count: null, shown: '<5', suppressed: true } },
      { contacts: 10, or_more: true, people: { count: null, shown: 'withheld', suppressed: true } },
    ]);
    expect(bars).toEqual([
      { label: '0', value: 12 },
      { label: '1', value: 0, withheld: '<5' },
      { label: '10+', value: 0, withheld: 'withheld' },
    ]);
  });
  it('lists a class by the engine’s per-person classes', () => {
    expect(inClass({ isolation: ['no_ties'] }, 'no_ties')).toBe(true);
    expect(inClass({ isolation: ['one_tie', 'no_weekly_contact'] }, 'no_weekly_contact')).toBe(true);
    expect(inClass({ isolation: ['one_tie'] }, 'family_only_ties')).toBe(false);
    expect(inClass({ isolation: [] }, 'no_ties')).toBe(false);
  });
});

describe('niceTicks', () => {
  it('steps in round numbers up past the largest value', () => {
    expect(niceTicks(273)).toEqual([0, 100, 200, 300]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
  });
});

describe('form checks', () => {
  it('asks for what is missing on sign-in', () => {
    expect(checkSignIn(' ', '')).toEqual([
      { field: 'username', message: 'Enter your username' },
      { field: 'password', message: 'Enter your password' },
    ]);
    expect(checkSignIn('ann', 'x')).toEqual([]);
  });
  it('checks the new password was typed the same twice', () => {
    expect(checkPasswords('old', 'new-one', 'new-0ne').map((e) => e.field)).toEqual(['confirm_password']);
    expect(checkPasswords('', '', '').map((e) => e.field)).toEqual(['current_password', 'new_password']);
  });
});

describe('people paging', () => {
  it('goes forward and back through cursors, the first page remembered as "-"', () => {
    const first = parsePeopleQuery('?q=ann');
    expect(prevQuery(first)).toBeNull();
    const second = nextQuery(first, 'pe_a') as ReturnType<typeof parsePeopleQuery>;
    expect(peopleQueryString(second)).toBe('?q=ann&cursor=pe_a&back=-');
    const third = nextQuery(parsePeopleQuery(peopleQueryString(second)), 'pe_b') as ReturnType<typeof parsePeopleQuery>;
    expect(peopleQueryString(third)).toBe('?q=ann&cursor=pe_b&back=-%2Cpe_a');
    expect(peopleQueryString(prevQuery(parsePeopleQuery(peopleQueryString(third))) as typeof third)).toBe('?q=ann&cursor=pe_a&back=-');
    expect(peopleQueryString(prevQuery(parsePeopleQuery('?q=ann&cursor=pe_a&back=-')) as typeof third)).toBe('?q=ann');
    expect(nextQuery(first, null)).toBeNull();
  });
  it('ignores an isolation class it does not know', () => {
    expect(parsePeopleQuery('?isolation=lonely').isolation).toBeNull();
    expect(parsePeopleQuery('?isolation=one_tie&from=50').from).toBe(50);
  });
});
