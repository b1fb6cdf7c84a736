// The wave report's figures in plain words (docs/surveys.md, "The wave report"):
// counts the server withheld, shares and means with their 95% intervals,
// correlations and p values as sentences.
import { formatCount } from '../../format';
import type { Estimate, ReportCount } from './types';

const wholePercent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const threeDecimals = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 3, maximumFractionDigits: 3 });

/** The isolation classes as the report names them, in plain words. */
export const groupWords: Record<string, string> = {
  everyone: 'Everyone',
  no_ties: 'No contacts',
  one_tie: 'One contact',
  no_weekly_contact: 'No weekly contact',
  family_only_ties: 'Family-only contacts',
  none_of_these: 'None of these',
};

/** A contacts band ("0", "1", "2-3", "4-6", "7+") as a reader says it. */
export function bandWords(band: string): string {
  if (band === '7+') return '7 or more';
  return band.replace('-', ' to ');
}

/** A count, or "fewer than 5" (or "withheld") when the server held it back; never a number then. */
export function countWords(c: ReportCount): string {
  if (c.suppressed || c.count === null) return c.shown.startsWith('<') ? `fewer than ${c.shown.slice(1)}` : 'withheld';
  return formatCount(c.count);
}

/** Why an estimate has no value, in words; "withheld" when the reader may see aggregates only. */
export function missingWords(e: Estimate, aggregatesOnly: boolean): string {
  if (e.why_not === 'withheld') return 'withheld';
  if (e.why_not === 'no_variation') return 'not worked out: every answer was the same';
  return 'not worked out: too few answers';
}

function interval(e: Estimate, show: (x: number) => string): string {
  return e.lower !== null && e.upper !== null ? ` (${show(e.lower)} to ${show(e.upper)})` : '';
}

/** A share with its interval: "83% (44% to 97%)". */
export function percentWords(e: Estimate, aggregatesOnly = false): string {
  if (e.value === null) return missingWords(e, aggregatesOnly);
  return wholePercent.format(e.value) + interval(e, (x) => wholePercent.format(x));
}

/** A mean score with its interval, to one decimal: "18.2 (12.0 to 24.4)". */
export function meanWords(e: Estimate, aggregatesOnly = false): string {
  if (e.value === null) return missingWords(e, aggregatesOnly);
  return oneDecimal.format(e.value) + interval(e, (x) => oneDecimal.format(x));
}

/** A signed change to one decimal, with a real minus sign: "−0.8 (−6.3 to 4.7)". */
export function changeWords(e: Estimate, aggregatesOnly = false): string {
  if (e.value === null) return missingWords(e, aggregatesOnly);
  const signed = (x: number) => (x > 0 ? '+' : '') + oneDecimal.format(x).replace('-', '−');
  return signed(e.value) + interval(e, signed);
}

/** A p value as a reader meets it: "p = 0.04", "p < 0.001". */
export function pWords(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  if (p < 0.01) return `p = ${threeDecimals.format(p)}`;
  return `p = ${twoDecimals.format(p)}`;
}

function coefficient(x: number): string {
  return twoDecimals.format(x).replace('-', '−');
}

/**
 * A correlation of contacts with a score as a sentence: the direction in words, then
 * the coefficient, its interval and how many people it rests on.
 */
export function correlationSentence(
  e: Estimate,
  { symbol, more, less, measure }: { symbol: string; more: string; less: string; measure: string },
  aggregatesOnly = false,
): string {
  if (e.value === null) return `Contacts and ${measure}: ${missingWords(e, aggregatesOnly)}.`;
  const direction = e.value > 0 ? more : e.value < 0 ? less : `People with more contacts had neither more nor less ${measure}`;
  const people = e.n === 1 ? '1 person' : `${formatCount(e.n)} people`;
  return `${direction}: ${symbol} = ${coefficient(e.value)}${interval(e, coefficient)}, ${people}.`;
}

export const wellbeingCorrelation = {
  symbol: 'r',
  more: 'People with more contacts had higher wellbeing',
  less: 'People with more contacts had lower wellbeing',
  measure: 'wellbeing',
};

export const lonelinessCorrelation = {
  symbol: 'rho',
  more: 'People with more contacts felt lonelier',
  less: 'People with more contacts felt less lonely',
  measure: 'loneliness',
};
