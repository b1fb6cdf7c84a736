// Reading the engine's answers for the pages: the summary's degree bins as
// chart bars, and choosing the people of an isolation class from the engine's
// per-person classes (the same classification the summary counts).
import type { DegreeBinAnswer, IsolationClass, NetworkNode } from './api/types';
import type { Bar } from './components/BarChart';

/** The summary's bins as bars: a withheld bin has no height, only its words. */
export function degreeBars(bins: readonly DegreeBinAnswer[]): Bar[] {
  return bins.map((b) => {
    const label = b.or_more ? `${b.contacts}+` : String(b.contacts);
    if (b.people.suppressed || b.people.count === undefined || b.people.count === null)
      return { label, value: 0, withheld: b.people.shown };
    return { label, value: b.people.count };
  });
}

/** Every isolation class can be listed: the network answer gives each person's. */
export const listableClasses: readonly IsolationClass[] = ['no_ties', 'one_tie', 'no_weekly_contact', 'family_only_ties'];

export function inClass(node: Pick<NetworkNode, 'isolation'>, cls: IsolationClass): boolean {
  return node.isolation.includes(cls);
}

export function isIsolationClass(s: string | null): s is IsolationClass {
  return s === 'no_ties' || s === 'one_tie' || s === 'no_weekly_contact' || s === 'family_only_ties';
}
