// The Consent page's words: the sentences for the server's consent counts
// (GET …/consent), the list's state in the URL, and what a decision does, in
// the terms of docs/security.md ("Consent"). Nothing is counted here: the
// counts are the database's and who is in the analyses is the engine's own
// count from the summary.
import type { ConsentCounts, ConsentScope, ConsentStatus, Person } from '../api/types';
import { countOf, formatCount, word } from '../format';
import { parseBack, type CursorTrail } from './cursorTrail';

export const consentStatuses: readonly ConsentStatus[] = ['not_asked', 'given', 'refused', 'withdrawn'];
export const consentScopeOrder: readonly ConsentScope[] = ['research', 'timebank', 'referrals', 'suggestions'];

export function isConsentStatus(s: string | null): s is ConsentStatus {
  return s === 'not_asked' || s === 'given' || s === 'refused' || s === 'withdrawn';
}

type ConsentFields = Pick<Person, 'consent_status' | 'consent_scope'>;

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
  if (c.by_status.given === 0) return null;
  const parts = consentScopeOrder.map((s) => `${formatCount(c.given_for[s])} ${scopeShort[s]}`);
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

/** The list's state, kept in the URL so Back and a shared link work; pages by the API's cursors. */
export interface ConsentQuery extends CursorTrail {
  status: ConsentStatus | null;
  q: string;
  person: string | null;
}

export function parseConsentQuery(search: string): ConsentQuery {
  const p = new URLSearchParams(search);
  const status = p.get('status');
  const cursor = p.get('cursor');
  return {
    status: isConsentStatus(status) ? status : null,
    q: p.get('q') ?? '',
    cursor: cursor === '' ? null : cursor,
    back: cursor ? parseBack(p.get('back')) : [],
    person: p.get('person'),
  };
}

export function consentQueryString(q: Partial<ConsentQuery>): string {
  const p = new URLSearchParams();
  if (q.status) p.set('status', q.status);
  if (q.q) p.set('q', q.q);
  if (q.cursor) p.set('cursor', q.cursor);
  if (q.cursor && q.back && q.back.length) p.set('back', q.back.join(','));
  if (q.person) p.set('person', q.person);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** How many people the list holds for this status: the counts are of the same search. */
export function listedCount(c: ConsentCounts, status: ConsentStatus | null): number {
  return status === null ? c.people : c.by_status[status];
}

/** Today as YYYY-MM-DD in the user's own calendar (the default day of a decision). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
