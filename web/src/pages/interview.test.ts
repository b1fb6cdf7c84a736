import { describe, expect, it } from 'vitest';
import type { Scale } from '../survey/model';
import { describe as describeValue, namesFrom, scaleOptions } from './Interview';

const scale = (over: Partial<Scale>): Scale => ({
  name: 'x', title: 'X', source: '', preamble: '', items: ['a'], answer_min: 1, answer_max: 3, options: [], languages: ['en'], ...over,
});

describe('the interview pages', () => {
  it('offer a scale’s answers as its publisher labels them', () => {
    // UCLA-3 (src/kith/measures/scale.cpp): every answer has its label.
    expect(scaleOptions(scale({ options: [{ code: 1, label: 'Hardly ever or never' }, { code: 2, label: 'Some of the time' }, { code: 3, label: 'Often' }] })))
      .toEqual([['1', 'Hardly ever or never'], ['2', 'Some of the time'], ['3', 'Often']]);
    // ONS4: 0 to 10, only the ends labelled.
    const ons4 = scaleOptions(scale({ answer_min: 0, answer_max: 10, options: [{ code: 0, label: 'Not at all' }, { code: 10, label: 'Completely' }] }));
    expect(ons4).toHaveLength(11);
    expect(ons4[0]).toEqual(['0', '0 – Not at all']);
    expect(ons4[5]).toEqual(['5', '5']);
    expect(ons4[10]).toEqual(['10', '10 – Completely']);
  });

  it('keep what was answered about a name whose words are unchanged', () => {
    const before = [{ said: 'Mary', closeness: 4 }, { said: 'Dave', relationship: 'friend' }];
    expect(namesFrom(['Dave', '', ' Sue ', 'Mary'], before)).toEqual([{ said: 'Dave', relationship: 'friend' }, { said: 'Sue' }, { said: 'Mary', closeness: 4 }]);
    expect(namesFrom(['', ''], before)).toEqual([]);
  });

  it('say a value of a conflict in a few words', () => {
    expect(describeValue(undefined)).toBe('–');
    expect(describeValue([{ said: 'Mary', closeness: 4 }])).toBe('Mary, closeness 4');
    expect(describeValue({ status: 'given', scope: ['research'] })).toBe('status: given, scope: research');
    expect(describeValue({ display_name: 'Ann Jones', household: '12 Elm Road' })).toBe('Ann Jones, 12 Elm Road');
  });
});
