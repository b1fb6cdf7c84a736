// Carry forward at a follow-up wave: the respondent is someone interviewed at
// the wave before, and before the new names they are asked, for each name
// they gave then, whether they are still in touch and, if so, whether they
// are closer, about the same or less close. The server ends or restarts the
// ties from these answers (docs/surveys.md, "Carry forward").
import type { Bundle, CarriedAnswer, CarriedName, Closeness, InterviewBody, PreviousRespondent } from './model';

export const CLOSENESS: readonly Closeness[] = ['closer', 'same', 'less_close'];

/** What a carried page holds before it is saved: the radios' values, '' when not chosen. */
export interface CarriedPage {
  inTouch: '' | 'yes' | 'no';
  closeness: '' | Closeness;
}

/** The respondent from the wave before that an interview is about, if it is one. */
export function previousRespondent(bundle: Bundle, body: InterviewBody): PreviousRespondent | undefined {
  const id = body.respondent?.person_id;
  if (!id) return undefined;
  return bundle.carry?.respondents.find((r) => r.person_id === id);
}

/** The page's answer as the server takes it; undefined while nothing is chosen. Closeness only when still in touch. */
export function carriedAnswer(mention: string, page: CarriedPage): CarriedAnswer | undefined {
  if (page.inTouch === '') return undefined;
  if (page.inTouch === 'no') return { mention, in_touch: false };
  return page.closeness === '' ? { mention, in_touch: true } : { mention, in_touch: true, closeness: page.closeness };
}

/** The page's radios from an answer saved before. */
export function pageOf(answer: CarriedAnswer | undefined): CarriedPage {
  if (!answer) return { inTouch: '', closeness: '' };
  return { inTouch: answer.in_touch ? 'yes' : 'no', closeness: answer.in_touch ? answer.closeness ?? '' : '' };
}

/**
 * answers.carried with one name's answer set (or taken out when undefined),
 * in the order the names were given at the wave before, each mention once.
 */
export function withCarried(names: readonly CarriedName[], before: readonly CarriedAnswer[], mention: string, answer: CarriedAnswer | undefined): CarriedAnswer[] {
  const out: CarriedAnswer[] = [];
  for (const n of names) {
    const a = n.mention === mention ? answer : before.find((b) => b.mention === n.mention);
    if (a) out.push(a);
  }
  return out;
}

/** How a name from the wave before is shown: as said, with the register's name when it was matched to someone else's wording. */
export function carriedLabel(n: CarriedName): string {
  return n.person_name && n.person_name !== n.said ? `${n.said} (${n.person_name})` : n.said;
}

/** The respondents whose name or household holds the search words, ignoring case. */
export function matching(respondents: readonly PreviousRespondent[], query: string): PreviousRespondent[] {
  const q = query.trim().toLocaleLowerCase();
  if (q === '') return [...respondents];
  return respondents.filter((r) => `${r.display_name} ${r.household ?? ''}`.toLocaleLowerCase().includes(q));
}
