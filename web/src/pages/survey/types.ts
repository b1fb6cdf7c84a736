// The survey API's answers the design and review pages read (docs/surveys.md,
// src/kith/domain/survey/surveys.cpp and mentions.cpp write them).

export type InstrumentStatus = 'draft' | 'published';

export interface InstrumentSummary {
  id: string;
  area_id: string;
  name: string;
  version: number;
  /** Grows by one with every change; a save names the one it was made on. */
  revision: number;
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

/** A count the server may withhold for a commissioner: count null, suppressed, shown "<5" (src/kith/api/codec/network_json.cpp). */
export interface ReportCount {
  count: number | null;
  suppressed: boolean;
  shown: string;
}

export type WhyNot = 'too_few_answers' | 'no_variation' | 'withheld';

/** A mean, share, correlation or change with its 95% interval; value null with why_not when there is none. */
export interface Estimate {
  n: number;
  value: number | null;
  lower: number | null;
  upper: number | null;
  p: number | null;
  why_not: WhyNot | null;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface WellbeingRow {
  group: string;
  respondents: ReportCount;
  suppressed: boolean;
  swemwbs_mean: Estimate;
  lonely_share: Estimate;
}

export interface VenueChange {
  id: string;
  name: string;
  kind: string;
  members_before: ReportCount;
  members_after: ReportCount;
  joined: ReportCount;
  left: ReportCount;
}

export interface WaveChange {
  previous_wave: { id: string; label: string; fieldwork_date: string };
  ties_gained: ReportCount;
  ties_lost: ReportCount;
  became_isolated: ReportCount;
  reconnected: ReportCount;
  gained: [PersonRef, PersonRef][];
  lost: [PersonRef, PersonRef][];
  isolated_now: PersonRef[];
  reconnected_now: PersonRef[];
  groups_and_places: VenueChange[];
}

export interface PairedChange {
  people: ReportCount;
  swemwbs_change: Estimate;
  lonely: {
    both_waves: ReportCount;
    previous_only: ReportCount;
    this_only: ReportCount;
    neither: ReportCount;
    previous_share: Estimate;
    this_share: Estimate;
    mcnemar_p: number | null;
  };
}

/** GET …/survey/waves/{id}/report (src/kith/api/codec/wave_report_json.cpp). */
export interface WaveReport {
  wave: { id: string; label: string; ordinal: number; fieldwork_date: string; instrument_id: string; status: string };
  suppress_below: number;
  aggregates_only: boolean;
  response: { started: ReportCount; completed: ReportCount; refused: ReportCount; in_progress: ReportCount; response_rate: Estimate };
  coverage: { group: string; people: ReportCount; surveyed: ReportCount }[];
  named_not_interviewed: ReportCount;
  unresolved_names: ReportCount;
  by_contacts: WellbeingRow[];
  by_isolation: WellbeingRow[];
  correlations: { contacts_swemwbs_pearson: Estimate; contacts_ucla3_spearman: Estimate };
  change: WaveChange | null;
  paired: PairedChange | null;
}

/** A street or one household given to an interviewer (GET …/waves/{wave}/assignments). */
export interface Assignment {
  id: string;
  street: string;
  household: string | null;
  doors: number | null;
  interviewer: string;
  assigned_by: string;
  created_at: string;
}

export interface Assignments {
  items: Assignment[];
  interviewers: { username: string; display_name: string }[];
}

/** A share with what it is a share of; value null when there is nothing to divide. */
export interface Share {
  count: number;
  of: number;
  value: number | null;
}

export interface OutcomeTally {
  completed: number;
  in_progress: number;
  refused: number;
  not_eligible: number;
  call_back: number;
  no_answer: number;
  visited: number;
}

export interface StreetCoverage {
  street: string | null;
  interviewers: string[];
  doors: number | null;
  households: number;
  not_visited: number;
  outcomes: OutcomeTally;
  coverage: Share;
  response_rate: Share;
  refusal_rate: Share;
}

/** GET …/survey/waves/{wave}/fieldwork (src/kith/api/codec/fieldwork_json.cpp). */
export interface FieldworkReport {
  area_id: string;
  wave_id: string;
  wave_label: string;
  streets: StreetCoverage[];
  total: Omit<StreetCoverage, 'street' | 'interviewers'>;
  interviewers: {
    interviewer: string;
    streets: number;
    households: number;
    assigned_households: number;
    reached: number;
    progress: Share;
    outcomes: OutcomeTally;
    last_activity: string | null;
  }[];
}

/** What `POST …/survey/waves/{wave}/netcanvas` did (docs/surveys.md, "Network Canvas interviews"). */
export interface NetcanvasImport {
  area_id: string;
  wave_id: string;
  interviews: number;
  already_in_wave: number;
  names: number;
  alter_ties_left_out: number;
  other_nodes_left_out: number;
}
