// The report's words against figures worked by hand from tests/api/wave_report_test.cpp's
// fixture (its SciPy values), so each expected string is written out here, not computed.
import { describe, expect, it } from 'vitest';
import {
  bandWords, changeWords, correlationSentence, countWords, groupWords, lonelinessCorrelation, meanWords, percentWords, pWords, wellbeingCorrelation,
} from './reportWords';
import type { Estimate } from './types';

const est = (value: number | null, lower: number | null, upper: number | null, n = 5, why: Estimate['why_not'] = null): Estimate =>
  ({ n, value, lower, upper, p: null, why_not: why });

describe('percentWords', () => {
  it('gives a share and its Wilson interval in whole percents', () => {
    // 5 completed of 6 answered: 83.3%, interval 43.6% to 97.0%.
    expect(percentWords(est(5 / 6, 0.43649717781352976, 0.9699466302516933))).toBe('83% (44% to 97%)');
  });
  it('gives a share with no interval on its own', () => {
    expect(percentWords(est(0, null, null, 2, 'no_variation'))).toBe('0%');
  });
  it('says withheld when the server withheld it, and why otherwise', () => {
    expect(percentWords(est(null, null, null, 0, 'withheld'), true)).toBe('withheld');
    // Nobody in the group: there was nothing to withhold, for anyone.
    expect(percentWords(est(null, null, null, 0, 'too_few_answers'), true)).toBe('not worked out: too few answers');
    expect(percentWords(est(null, null, null, 0, 'too_few_answers'), false)).toBe('not worked out: too few answers');
  });
});

describe('countWords', () => {
  it('never shows a number for a withheld count', () => {
    expect(countWords({ count: null, suppressed: true, shown: '<5' })).toBe('fewer than 5');
    expect(countWords({ count: null, suppressed: true, shown: '<10' })).toBe('fewer than 10');
    expect(countWords({ count: null, suppressed: true, shown: 'withheld' })).toBe('withheld');
  });
  it('shows a count as a number with a thousands separator', () => {
    expect(countWords({ count: 2000, suppressed: false, shown: '2000' })).toBe('2,000');
    expect(countWords({ count: 0, suppressed: false, shown: '0' })).toBe('0');
  });
});

describe('meanWords and changeWords', () => {
  it('gives the mean of Bea, Cal and Dan (18.18, t interval 11.96 to 24.41) to one decimal', () => {
    expect(meanWords(est(18.183333333333334, 11.956995240778294, 24.409671425888373, 3))).toBe('18.2 (12.0 to 24.4)');
  });
  it('gives the paired change with its signs', () => {
    expect(changeWords(est(-0.7833333333333327, -6.253646740916076, 4.686980074249411, 3))).toBe('−0.8 (−6.3 to +4.7)');
  });
});

describe('pWords', () => {
  it('rounds to two places, three below 0.01, and never to zero', () => {
    expect(pWords(0.0436530063955845)).toBe('p = 0.04');
    expect(pWords(1)).toBe('p = 1.00');
    expect(pWords(0.0042)).toBe('p = 0.004');
    expect(pWords(0.00001)).toBe('p < 0.001');
  });
});

describe('correlationSentence', () => {
  it('says the direction, r with its Fisher interval and the people', () => {
    expect(correlationSentence(est(0.888989275078701, 0.031171260116482205, 0.9926752768859587), wellbeingCorrelation))
      .toBe('People with more contacts had higher wellbeing: r = 0.89 (0.03 to 0.99), 5 people.');
  });
  it('says a negative rho with a minus sign', () => {
    expect(correlationSentence(est(-0.7404360971988655, -0.98, 0.37), lonelinessCorrelation))
      .toBe('People with more contacts felt less lonely: rho = −0.74 (−0.98 to 0.37), 5 people.');
  });
  it('says why there is none', () => {
    expect(correlationSentence(est(null, null, null, 2, 'too_few_answers'), wellbeingCorrelation))
      .toBe('Contacts and wellbeing: not worked out: too few answers.');
    expect(correlationSentence(est(null, null, null, 0, 'withheld'), wellbeingCorrelation, true))
      .toBe('Contacts and wellbeing: withheld.');
  });
});

describe('bandWords', () => {
  it('reads the contacts bands', () => {
    expect(['0', '1', '2-3', '4-6', '7+'].map(bandWords)).toEqual(['0', '1', '2 to 3', '4 to 6', '7 or more']);
  });
});

describe('groupWords', () => {
  it('names every isolation class the report has in plain words', () => {
    expect(['everyone', 'no_ties', 'one_tie', 'no_weekly_contact', 'family_only_ties', 'none_of_these'].map((g) => groupWords[g])).toEqual([
      'Everyone', 'No contacts', 'One contact', 'No weekly contact', 'Family-only contacts', 'None of these',
    ]);
  });
});
