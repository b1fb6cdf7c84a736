// The sentences the Person page says about someone's place in the network, and
// their consent by scope. Every figure comes from the engine (GET …/people/{id}/ego
// and the person's node of GET …/network); this only chooses words by threshold,
// as docs/web.md ("Person") lists them.
import type { ConsentScope, Ego, NetworkNode, Person } from '../api/types';
import { countOf, formatDate, formatShare } from '../format';

/** Burt's constraint at or below this, with two or more effective contacts and betweenness above 0, reads as a bridge. */
export const BRIDGE_CONSTRAINT_MAX = 0.5;
export const BRIDGE_EFFECTIVE_SIZE_MIN = 2;

export function networkSentences(ego: Ego, node: NetworkNode | null): string[] {
  const out: string[] = [];
  if (ego.size === 0) return ['Has no ties.'];
  out.push(ego.size === 1 ? 'Has one tie.' : `Has ${countOf(ego.size, 'contact', 'contacts')}.`);
  if (ego.weekly_share !== null) {
    out.push(ego.weekly_share === 0
      ? 'Sees no one weekly: none of their contacts is in touch daily or weekly.'
      : `Is in touch daily or weekly with ${formatShare(ego.weekly_share)} of their contacts.`);
  }
  const kinds = Object.entries(ego.tie_kinds).filter(([, n]) => n > 0);
  if (kinds.length === 1 && kinds[0]?.[0] === 'family') out.push('Their only ties are family.');
  if (
    node !== null && node.betweenness_norm > 0 && ego.constraint !== null && ego.constraint <= BRIDGE_CONSTRAINT_MAX
    && ego.effective_size !== null && ego.effective_size >= BRIDGE_EFFECTIVE_SIZE_MIN
  ) {
    out.push('Connects two groups that otherwise have no link.');
  } else if (ego.size >= 2 && ego.density === 1) {
    out.push('Their contacts all know each other.');
  }
  return out;
}

export const consentScopes: ConsentScope[] = ['research', 'timebank', 'referrals', 'suggestions'];

/** Consent for one use, in words: given, withdrawn, refused or not asked, with the date recorded. */
export function consentFor(p: Pick<Person, 'consent_status' | 'consent_date' | 'consent_scope'>, scope: ConsentScope): string {
  const on = p.consent_date ? ` on ${formatDate(p.consent_date)}` : '';
  switch (p.consent_status) {
    case 'given': return p.consent_scope.includes(scope) ? `Given${on}` : `Not given for this use (consent${on} covers other uses)`;
    case 'withdrawn': return `Withdrawn${on}`;
    case 'refused': return `Refused${on}`;
    default: return 'Not asked yet';
  }
}
