// The words of a group's or place's page: who takes part there (the API's
// affiliations list has no filter by group or place, so the page keeps the
// records of this one from the area's list), how many in each role, and the
// summary's network figures for it in sentences. Every figure is the server's.
import type { Affiliation, Summary } from '../api/types';
import { countOf, formatCount, formatSuppressed } from '../format';

export type EntryKind = 'groups' | 'places';

/** The affiliations of one group or place, in the order the API gave them. */
export function affiliationsOf(affs: readonly Affiliation[], kind: EntryKind, id: string): Affiliation[] {
  return affs.filter((a) => (kind === 'groups' ? a.group_id : a.place_id) === id);
}

const roleOrder = ['organiser', 'volunteer', 'member', 'visitor'] as const;
const roleWords: Record<string, [string, string]> = {
  organiser: ['organiser', 'organisers'],
  volunteer: ['volunteer', 'volunteers'],
  member: ['member', 'members'],
  visitor: ['visitor', 'visitors'],
};

/** "46 people take part: 2 organisers, 40 members and 4 visitors." (roles with nobody are left out). */
export function takePartSentence(affs: readonly Pick<Affiliation, 'role' | 'person_id'>[]): string {
  if (affs.length === 0) return 'Nobody is recorded as taking part.';
  const people = new Set(affs.map((a) => a.person_id)).size;
  const counts = new Map<string, number>();
  for (const a of affs) counts.set(a.role, (counts.get(a.role) ?? 0) + 1);
  const known = roleOrder.filter((r) => counts.has(r)).map((r) => countOf(counts.get(r) as number, ...(roleWords[r] as [string, string])));
  const other = [...counts.keys()].filter((r) => !(roleOrder as readonly string[]).includes(r)).map((r) => `${counts.get(r)} ${r}`);
  const parts = [...known, ...other];
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${formatCount(people)} ${people === 1 ? 'person takes' : 'people take'} part: ${list}.`;
}

type Together = Summary['brings_people_together'][number];

/** The summary's figures for one group or place, as sentences; none when it is not in the summary. */
export function networkSentences(t: Together | undefined): string[] {
  if (!t) return [];
  const members = formatSuppressed(t.members);
  const out = [`${members.charAt(0).toUpperCase()}${members.slice(1)} of the people in the network analyses take part here.`];
  if (t.only_link_pairs !== null) {
    const pairs = t.only_link_pairs;
    out.push(!pairs.suppressed && pairs.count === 0
      ? 'Every pair of people who take part here is also linked some other way.'
      : `For ${formatSuppressed(pairs)} pairs of people who take part here, it is their only link.`);
  }
  if (t.communities_spanned !== null) {
    out.push(t.communities_spanned === 1
      ? 'The people here all belong to one community of the network.'
      : `The people here come from ${countOf(t.communities_spanned, 'community', 'communities')} of the network.`);
  }
  return out;
}
