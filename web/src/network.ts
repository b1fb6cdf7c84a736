// Reading the engine's per-person answers for the pages: grouping its degrees for
// the chart of how contacts are spread, and choosing the people of an isolation
// class where the answer says it per person.
import type { IsolationClass, NetworkNode } from './api/types';

export interface DegreeBin {
  label: string;
  people: number;
}

/** People by number of contacts: 0, 1, … 9 each, then "10–19" and "20+". */
export function degreeBins(nodes: readonly Pick<NetworkNode, 'degree'>[]): DegreeBin[] {
  const bins: DegreeBin[] = [];
  for (let d = 0; d <= 9; d++) bins.push({ label: String(d), people: 0 });
  bins.push({ label: '10–19', people: 0 }, { label: '20+', people: 0 });
  for (const n of nodes) {
    const i = n.degree <= 9 ? n.degree : n.degree <= 19 ? 10 : 11;
    const bin = bins[i];
    if (bin) bin.people += 1;
  }
  return bins;
}

/**
 * The isolation classes the network answer gives per person: its `degree` is the
 * engine's count of a person's contacts, so "no ties" is degree 0 and "one tie"
 * degree 1. The answer has no per-person field for "no weekly contact" or
 * "family-only ties", so those classes cannot be listed by person.
 */
export const listableClasses: readonly IsolationClass[] = ['no_ties', 'one_tie'];

export function inClass(node: Pick<NetworkNode, 'degree'>, cls: IsolationClass): boolean {
  if (cls === 'no_ties') return node.degree === 0;
  if (cls === 'one_tie') return node.degree === 1;
  return false;
}

export function isIsolationClass(s: string | null): s is IsolationClass {
  return s === 'no_ties' || s === 'one_tie' || s === 'no_weekly_contact' || s === 'family_only_ties';
}
