// The review queue's words: how a named person stands, what was proposed, and
// kith's suggestions in plain words (the score bands follow docs/surveys.md's
// worked scores: a full name said exactly is 0.6 with nothing else known).
import type { Mention, MentionStatus } from './types';

export const mentionStatuses: readonly MentionStatus[] = ['open', 'proposed', 'confirmed'];

export const statusHeading: Record<MentionStatus, string> = {
  open: 'Not yet decided',
  proposed: 'Waiting for a second researcher',
  confirmed: 'Decided',
};

/**
 * How well a suggestion fits, in words. 0.75 and over: the name and where they
 * live or go both fit (a full name on the street said); 0.55 and over: the name
 * fits well or a first name with a house number; below: the name alone, which
 * several people may share.
 */
export function fitWords(score: number): string {
  if (score >= 0.75) return 'Strong match';
  if (score >= 0.55) return 'Good match';
  return 'Possible match';
}

/** A reason as a sentence: "same street as the respondent (Elm Road)" → "Same street as the respondent (Elm Road)". */
export function reasonSentence(reason: string): string {
  const t = reason.trim();
  return t === '' ? t : t.charAt(0).toLocaleUpperCase('en-GB') + t.slice(1);
}

/** What was proposed or decided for a named person, in words. */
export function resolutionWords(m: Mention): string {
  switch (m.resolution) {
    case 'person': return `${m.person_name || 'A person'} in the register`;
    case 'new_person': return m.status === 'confirmed' && m.person_name
      ? `A new person, held as “${m.person_name}” until they consent`
      : 'A new person, held under a pseudonym until they consent';
    case 'unresolved': return 'Nobody yet: left unresolved';
    default: return 'Nothing proposed yet';
  }
}

/** Who may act on a mention now, signed in as `username`. */
export type ReviewTurn = 'propose' | 'review' | 'own_proposal' | 'decided';

export function turnOf(m: Mention, username: string): ReviewTurn {
  if (m.status === 'open') return 'propose';
  if (m.status === 'confirmed') return 'decided';
  return m.proposed_by === username ? 'own_proposal' : 'review';
}

/** The respondent's answers about the named person, as short phrases ("neighbour", "closeness 4 of 5"). */
export function interpreterPhrases(values: Record<string, unknown>): string[] {
  const out: string[] = [];
  const rel = values.relationship;
  if (typeof rel === 'string' && rel !== '') out.push(rel.replace(/_/g, ' '));
  if (typeof values.closeness === 'number') out.push(`closeness ${values.closeness} of 5`);
  const freq = values.frequency;
  if (typeof freq === 'string' && freq !== '') out.push(freq === 'less_often' ? 'in touch less often than monthly' : `in touch ${freq}`);
  if (values.nearby === true) out.push('lives nearby');
  if (values.nearby === false) out.push('does not live nearby');
  return out;
}

/** What the respondent said, quoted; the words of an erased respondent are gone, and the page says so. */
export function saidWords(m: Pick<Mention, 'said'>): string {
  return m.said === '' ? 'a name since erased' : `“${m.said}”`;
}
