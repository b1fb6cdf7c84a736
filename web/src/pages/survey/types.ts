// The survey API's answers the design and review pages read (docs/surveys.md,
// src/kith/domain/survey/surveys.cpp and mentions.cpp write them).

export type InstrumentStatus = 'draft' | 'published';

export interface InstrumentSummary {
  id: string;
  area_id: string;
  name: string;
  version: number;
  status: InstrumentStatus;
  created_by: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface Instrument extends InstrumentSummary {
  /** As it was accepted: the shape of domain/survey/instrument.hpp. */
  definition: unknown;
}

export interface Wave {
  id: string;
  area_id: string;
  instrument_id: string;
  label: string;
  ordinal: number;
  fieldwork_date: string;
  status: 'open' | 'closed';
  created_at: string;
  updated_at: string;
}

export interface ScaleOption {
  code: number;
  label: string;
}

/** A validated scale: its items are the publisher's wording and cannot be changed. */
export interface Scale {
  name: string;
  title: string;
  source: string;
  preamble: string;
  items: string[];
  answer_min: number;
  answer_max: number;
  options: ScaleOption[];
  languages: string[];
}

export type MentionStatus = 'open' | 'proposed' | 'confirmed';
export type Resolution = 'person' | 'new_person' | 'unresolved';

export interface Mention {
  id: string;
  wave_id: string;
  interview_id: string;
  respondent_id: string | null;
  generator: string;
  position: number;
  said: string;
  interpreters: Record<string, unknown>;
  status: MentionStatus;
  resolution: Resolution | null;
  person_id: string | null;
  tie_id: string | null;
  proposed_by: string | null;
  confirmed_by: string | null;
  revision: number;
  updated_at: string;
  /** In the queue's list only. */
  respondent_name?: string | null;
  person_name?: string | null;
}

export interface Suggestion {
  person_id: string;
  display_name: string;
  household: string | null;
  score: number;
  reasons: string[];
}

export interface Suggestions {
  mention: Mention;
  read_as: { name: string[]; street: string | null; house_number: string | null; group_or_place: string | null };
  suggestions: Suggestion[];
}
