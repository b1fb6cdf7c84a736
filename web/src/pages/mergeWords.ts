// Plain words for merges of two records of one person (docs/merges.md).
import { countOf, formatDate } from '../format';
import type { Merge } from '../api/types';

/** "2 ties, 1 group or place and 1 account"; "nothing else" when the merged record had nothing. */
export function movedWords(m: Merge['moved']): string {
  const parts = [
    m.ties > 0 ? countOf(m.ties, 'tie', 'ties') : '',
    m.affiliations > 0 ? countOf(m.affiliations, 'group or place', 'groups or places') : '',
    m.interviews > 0 ? countOf(m.interviews, 'survey interview', 'survey interviews') : '',
    m.named > 0 ? countOf(m.named, 'name given in a survey', 'names given in surveys') : '',
    m.accounts > 0 ? countOf(m.accounts, 'resident’s account', 'residents’ accounts') : '',
  ].filter((p) => p !== '');
  const last = parts.pop();
  const list = last === undefined ? 'nothing else' : parts.length === 0 ? last : `${parts.join(', ')} and ${last}`;
  return m.ties_removed > 0 ? `${list}; ${countOf(m.ties_removed, 'tie', 'ties')} between the two removed` : list;
}

/** What an undo did, for the notice after it. */
export function undoneWords(m: Merge): string {
  const back = `${m.merged.display_name} is a separate record again.`;
  const left = m.left_behind ?? 0;
  if (left === 0) return `${back} Everything the merge moved went back.`;
  return `${back} ${countOf(left, 'record', 'records')} changed since the merge and ${left === 1 ? 'stays' : 'stay'} with ${m.kept.display_name}.`;
}

/**
 * The standing merge that took the record `id` away, if any: a page opened by
 * an old link (a survey, a bookmark) says where the person's record is now.
 */
export function mergedAway(merges: readonly Merge[], id: string): Merge | null {
  return merges.find((m) => m.status === 'standing' && m.merged.id === id) ?? null;
}

/** "Mary at 12's record was merged into Mary Okafor's on 3 December 2026." */
export function mergedAwayWords(m: Merge): string {
  return `${m.merged.display_name}’s record was merged into ${m.kept.display_name}’s on ${formatDate(m.merged_at)}, because they are the same person.`;
}
