// The supervisor's words for fieldwork (docs/surveys.md, "Fieldwork"): shares
// as "5 of 10 (50%)", outcomes in plain words, and the assignment form's body.
import { formatCount, formatShare } from '../../format';
import type { Share } from './types';

/** "5 of 10 (50%)"; "none visited yet" when there is nothing to divide. */
export function shareWords(s: Share, nothing = 'none visited yet'): string {
  if (s.value === null) return nothing;
  return `${formatCount(s.count)} of ${formatCount(s.of)} (${formatShare(s.value)})`;
}

export const outcomeWords: Record<string, string> = {
  completed: 'Interviewed',
  in_progress: 'Interview not finished',
  refused: 'Said no',
  not_eligible: 'Not a home in the survey',
  call_back: 'Come back later',
  no_answer: 'No answer',
};

export interface AssignForm {
  street: string;
  household: string;
  doors: string;
  interviewer: string;
}

/**
 * The POST body for the form as filled: a whole street, or one household when
 * that is given (then the street may be left out). A count of doors that is
 * not a whole number is sent as written, so the server's message names it.
 */
export function assignBody(f: AssignForm): Record<string, unknown> {
  const body: Record<string, unknown> = { interviewer: f.interviewer };
  const street = f.street.trim();
  const household = f.household.trim();
  const doors = f.doors.trim();
  if (street !== '') body.street = street;
  if (household !== '') body.household = household;
  if (doors !== '') body.doors = /^\d+$/.test(doors) ? Number(doors) : doors;
  return body;
}
