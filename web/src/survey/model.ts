// What a device keeps to run a survey wave with no connection (the wave's
// bundle, GET …/survey/waves/{id}, and the validated scales, GET
// /api/v1/survey/scales), and an interview as the device holds it. The
// answers' shape is the server's (src/kith/domain/survey/answers.hpp).

import type { Wave as WaveRecord } from '../pages/survey/types';

export type Lang = 'en' | 'cy';

export interface Wording {
  en: string;
  cy?: string;
}

export type Interpreter = 'relationship' | 'closeness' | 'frequency' | 'nearby';

export type Section =
  | { kind: 'name_generator'; key: string; prompt: Wording; max_names: number; interpreters: Interpreter[] }
  | { kind: 'roster'; key: string; of: 'groups' | 'places'; prompt: Wording; ask_frequency?: boolean }
  | { kind: 'scale'; scale: string }
  | { kind: 'demographics'; fields: string[] }
  | { kind: 'free_text'; key: string; prompt: Wording };

/** A wave as the device keeps it: the API's record without its timestamps. */
export type Wave = Omit<WaveRecord, 'created_at' | 'updated_at'>;

export interface Venue {
  id: string;
  name: string;
}

export interface Bundle extends Wave {
  instrument: { id: string; name: string; version: number; definition: { title: Wording; sections: Section[] } };
  groups: Venue[];
  places: Venue[];
  /**
   * At a follow-up wave, who was interviewed at the wave before and the names
   * they gave (GET …/waves/{id}/carry-forward). Personal data: kept inside
   * the bundle so it goes when the bundle does, and only while the wave is open.
   */
  carry?: CarryForward;
  /** The streets and households given to interviewers (docs/surveys.md, "Fieldwork"); absent in a bundle kept before them. */
  assignments?: FieldAssignment[];
}

/** A street, or one household (household not null), given to an interviewer. */
export interface FieldAssignment {
  id: string;
  street: string;
  household: string | null;
  doors: number | null;
  interviewer: string;
}

/** One name a respondent gave at the wave before, as the server lists it. */
export interface CarriedName {
  mention: string;
  generator: string;
  said: string;
  status: string;
  resolution: string | null;
  person_id: string | null;
  person_name: string | null;
  tie_id: string | null;
}

export interface PreviousRespondent {
  person_id: string;
  display_name: string;
  household: string | null;
  names: CarriedName[];
}

export interface CarryForward {
  wave_id: string;
  previous_wave: { id: string; label: string; fieldwork_date: string } | null;
  respondents: PreviousRespondent[];
}

export type Closeness = 'same' | 'closer' | 'less_close';

/** The answer about one name from the wave before: closeness only when still in touch. */
export interface CarriedAnswer {
  mention: string;
  in_touch: boolean;
  closeness?: Closeness;
}

export interface Scale {
  name: string;
  title: string;
  source: string;
  preamble: string;
  items: string[];
  answer_min: number;
  answer_max: number;
  options: { code: number; label: string }[];
  languages: string[];
}

export interface NamedPerson {
  said: string;
  relationship?: string | null;
  closeness?: number | null;
  frequency?: string | null;
  nearby?: boolean | null;
}

export interface Answers {
  names?: Record<string, NamedPerson[]>;
  rosters?: Record<string, { id: string; frequency?: string | null }[]>;
  scales?: Record<string, (number | null)[]>;
  demographics?: Record<string, string>;
  text?: Record<string, string>;
  carried?: CarriedAnswer[];
}

export type InterviewStatus = 'in_progress' | 'completed' | 'refused';

/** What is sent for an interview, apart from the batch key and base revision. */
export interface InterviewBody {
  status: InterviewStatus;
  language: Lang;
  /** A respondent from the wave before is named by person_id alone: the server takes either that or a new person's name. */
  respondent: { display_name?: string; household?: string; person_id?: string } | null;
  consent: { status: 'given' | 'refused'; scope: string[] } | null;
  answers: Answers;
}

/** One send waiting in the outbox: a full copy of the interview under its own batch key. */
export interface Batch {
  batch: string;
  body: InterviewBody;
  /** Once tried, the server may have it: it is resent as it is, never merged away. */
  tried: boolean;
}

export interface Conflict {
  server: { revision: number; status: InterviewStatus; language: Lang; respondent: unknown; consent: unknown; answers: Answers };
  differs: string[];
}

export interface LocalInterview {
  id: string;
  area: string;
  wave: string;
  startedAt: string;
  /** The server's revision this device last saw (0: the server has never had it). */
  revision: number;
  body: InterviewBody;
  outbox: Batch[];
  conflict: Conflict | null;
  /** A refusal from the server that resending cannot fix (the wave closed, the interview is finished). */
  problem: string | null;
  /** The last page reached, so the interview resumes there. */
  step: string;
  /** A respondent from the wave before: their name, for this device's list of interviews (never sent). */
  who?: string;
}

/** Where an interview stands for the researcher. */
export type Standing = 'in_progress' | 'waiting' | 'sent' | 'conflict' | 'problem';

export function standingOf(iv: LocalInterview): Standing {
  if (iv.conflict) return 'conflict';
  if (iv.problem) return 'problem';
  if (iv.body.status === 'in_progress') return 'in_progress';
  return iv.outbox.length > 0 ? 'waiting' : 'sent';
}

export function wordingIn(w: Wording, lang: Lang): string {
  return lang === 'cy' && w.cy ? w.cy : w.en;
}

/** A key for an interview or a batch: the server takes 16 to 64 letters, digits, - or _. */
export function newKey(): string {
  return crypto.randomUUID();
}
