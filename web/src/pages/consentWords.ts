// The Consent page's words and its one piece of counting: how many people of the
// register hold each consent status (the API has no count or filter by consent,
// so the page counts the list it read), the sentences for those counts, the list
// filtered and paged, and what a decision does, in the terms of docs/security.md
// ("Consent"). Who is in the analyses is never decided here: the page shows the
// engine's own count from the summary.
import type { ConsentScope, ConsentStatus, Person } from '../api/types';
import { countOf, formatCount, word } from '../format';

export const consentStatuses: readonly ConsentStatus[] = ['not_asked', 'given', 'refused', 'withdrawn'];
export const consentScopeOrder: readonly ConsentScope[] = ['research', 'timebank', 'referrals', 'suggestions'];

export function isConsentStatus(s: string | null): s is ConsentStatus {
  return s === 'not_asked' || s === 'given' || s === 'refused' || s === 'withdrawn';
}

type ConsentFields = Pick<Person, 'consent_status' | 'consent_scope'>;

export interface ConsentCounts {
  total: number;
  byStatus: Record<ConsentStatus, number>;
  /** Of the people who gave consent: how many gave it for each use. */
  givenFor: Record<ConsentScope, number>;
}

export function countConsent(people: readonly ConsentFields[]): ConsentCounts {
  const byStatus: Record<ConsentStatus, number> = { not_asked: 0, given: 0, refused: 0, withdrawn: 0 };
  const givenFor: Record<ConsentScope, number> = { research: 0, timebank: 0, referrals: 0, suggestions: 0 };
  for (const p of people) {
    byStatus[p.consent_status] += 1;
    if (p.consent_status === 'given') for (const s of p.consent_scope) givenFor[s] += 1;
  }
  return { total: people.length, byStatus, givenFor };
}

/** "312 people have not been asked", one sentence per status, for the top of the page. */
export function statusSentence(status: ConsentStatus, n: number): string {
  const who = countOf(n, 'person', 'people');
  const has = n === 1 ? 'has' : 'have';
  switch (status) {
    case 'not_asked': return `${who} ${has} not been asked`;
    case 'given': return `${who} ${has} given consent`;
    case 'refused': return `${who} ${has} refused`;
    case 'withdrawn': return `${who} ${has} withdrawn consent`;
  }
}

/** "Of them, 1,010 for research, 420 for the time bank, …": what the given consent covers. */
export function givenForSentence(c: ConsentCounts): string | null {
  if (c.byStatus.given === 0) return null;
  const parts = consentScopeOrder.map((s) => `${formatCount(c.givenFor[s])} ${scopeShort[s]}`);
  return `Of them, ${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}.`;
}

const scopeShort: Record<ConsentScope, string> = {
  research: 'for research',
  timebank: 'for the time bank',
  referrals: 'for referrals',
  suggestions: 'for being suggested to others',
};

/** Each use in plain words, with what it lets kith do with the person's record. */
export const scopeExplained: Record<ConsentScope, { label: string; does: string }> = {
  research: { label: 'Research', does: 'included in the network map, the dashboard, network analyses and research exports' },
  timebank: { label: 'Time bank', does: 'can take part in time bank exchanges' },
  referrals: { label: 'Referrals', does: 'can be referred by a link worker to groups, places and services' },
  suggestions: { label: 'Being suggested to others', does: 'can be suggested to other people as someone to meet' },
};

/** Each status in plain words, with what it does (security.md, "Consent"). */
export const statusExplained: Record<ConsentStatus, string> = {
  not_asked: 'Nobody has asked them yet. They stay in analyses on the basis of the survey that met them.',
  given: 'They agreed, for the uses ticked below. Without research, they are left out of every analysis and export.',
  refused: 'They said no. They are left out of every analysis, export and suggestion at once.',
  withdrawn: 'They agreed before and have taken it back. They are left out of every analysis, export and suggestion at once.',
};

/** What saving this decision will do, said before it is saved. */
export function decisionEffect(name: string, status: ConsentStatus, scope: readonly ConsentScope[]): string {
  switch (status) {
    case 'not_asked':
      return `${name} will be recorded as not asked. They stay in analyses on the basis of the survey that met them.`;
    case 'refused':
    case 'withdrawn':
      return `${name} will be left out of every analysis, export and suggestion at once. Their ties stay in the register but are not read.`;
    case 'given':
      if (scope.length === 0) return `${name} will be recorded as having given consent with no use recorded. They stay in analyses on the basis of the survey that met them.`;
      if (!scope.includes('research')) return `${name} will be left out of every analysis and export at once, because their consent does not cover research. It covers ${listOf(scope.map((s) => scopeExplained[s].label.toLowerCase()))}.`;
      return `${name} will be in network analyses and research exports. Their consent covers ${listOf(scope.map((s) => scopeExplained[s].label.toLowerCase()))}.`;
  }
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A person's consent in a few words for the list: "Given: research, time bank". */
export function consentSummary(p: ConsentFields): string {
  if (p.consent_status !== 'given') return word('consent_status', p.consent_status);
  if (p.consent_scope.length === 0) return 'Given: no use recorded';
  return `Given: ${consentScopeOrder.filter((s) => p.consent_scope.includes(s)).map((s) => scopeExplained[s].label.toLowerCase()).join(', ')}`;
}

/** The list's state, kept in the URL so Back and a shared link work. */
export interface ConsentQuery {
  status: ConsentStatus | null;
  q: string;
  from: number;
  person: string | null;
}

export function parseConsentQuery(search: string): ConsentQuery {
  const p = new URLSearchParams(search);
  const status = p.get('status');
  const from = Number(p.get('from') ?? '0');
  return {
    status: isConsentStatus(status) ? status : null,
    q: p.get('q') ?? '',
    from: Number.isInteger(from) && from > 0 ? from : 0,
    person: p.get('person'),
  };
}

export function consentQueryString(q: Partial<ConsentQuery>): string {
  const p = new URLSearchParams();
  if (q.status) p.set('status', q.status);
  if (q.q) p.set('q', q.q);
  if (q.from) p.set('from', String(q.from));
  if (q.person) p.set('person', q.person);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The people the filter keeps, in register order: the status, and every word of the search in the name. */
export function filterPeople<T extends ConsentFields & Pick<Person, 'display_name'>>(people: readonly T[], q: Pick<ConsentQuery, 'status' | 'q'>): T[] {
  const words = q.q.toLocaleLowerCase('en-GB').split(/\s+/).filter((w) => w !== '');
  return people.filter((p) => {
    if (q.status !== null && p.consent_status !== q.status) return false;
    const name = p.display_name.toLocaleLowerCase('en-GB');
    return words.every((w) => name.includes(w));
  });
}

/** Today as YYYY-MM-DD in the user's own calendar (the default day of a decision). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
