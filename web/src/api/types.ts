// The shapes of the API answers the pages read (docs/api.md, /api/v1/openapi.json).

export type Role = 'admin' | 'researcher' | 'link_worker' | 'broker' | 'coordinator' | 'commissioner' | 'member';

/** A grant: a role in one area, or (area null) the admin role in all areas. */
export interface Grant {
  role: Role;
  area: string | null;
}

export interface User {
  id: string;
  username: string;
  display_name: string;
  roles: Grant[];
}

export interface SessionAnswer {
  user: User;
  csrf_token: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

interface Record_ {
  id: string;
  external_id?: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
  area_id?: string;
}

export interface Area extends Record_ {
  name: string;
  description?: string | null;
  register_revision: number;
}

export type ConsentStatus = 'not_asked' | 'given' | 'refused' | 'withdrawn';
export type ConsentScope = 'research' | 'timebank' | 'referrals' | 'suggestions';

/** GET …/consent: how many people hold each status, and of those who gave consent, each use. */
export interface ConsentCounts {
  people: number;
  by_status: Record<ConsentStatus, number>;
  given_for: Record<ConsentScope, number>;
}

export interface Person extends Record_ {
  display_name: string;
  is_pseudonym: boolean;
  birth_band: string | null;
  postcode_district: string | null;
  household: string | null;
  interests: string[];
  languages: string[];
  accessibility_needs: string[];
  notes?: string | null;
  consent_status: ConsentStatus;
  consent_date: string | null;
  consent_scope: ConsentScope[];
}

export interface Group extends Record_ {
  name: string;
  kind: string;
  description: string | null;
  contact: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  tags: string[];
}

export interface Place extends Record_ {
  name: string;
  kind: string;
  description: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  opening_times: string | null;
  tags: string[];
}

export interface Tie extends Record_ {
  source_id: string;
  target_id: string;
  kind: string;
  closeness: number;
  frequency: string;
  named_by: string;
  evidence: string;
  valid_from: string | null;
  valid_to: string | null;
  notes: string | null;
}

export interface Affiliation extends Record_ {
  person_id: string;
  group_id: string | null;
  place_id: string | null;
  role: string;
  frequency: string | null;
  valid_from: string | null;
  valid_to: string | null;
  notes: string | null;
}

/** A count the server may withhold: 1–4 are suppressed, shown as "<5". */
export interface Suppressible {
  count?: number | null;
  share?: number;
  shown: string;
  suppressed: boolean;
}

export type IsolationClass = 'no_ties' | 'one_tie' | 'no_weekly_contact' | 'family_only_ties';

export interface Summary {
  graph: {
    at: string | null;
    communities: number;
    components: number;
    density: number;
    gini_degree: number | null;
    modularity: number | null;
    people: number;
    people_shown: string;
    ties: number;
    ties_shown: string;
    /** Live groups and places; null when withheld (a commissioner's 1–4). */
    groups: number | null;
    groups_shown: string;
    places: number | null;
    places_shown: string;
    register_revision: number;
  };
  isolation: Record<IsolationClass, Suppressible>;
  degree_distribution: DegreeBinAnswer[];
  top_brokers: { id: string; betweenness_norm: number; community: number; constraint: number | null }[];
  brings_people_together: {
    id: string;
    name: string;
    type: 'group' | 'place';
    members: Suppressible;
    /** null for a group or place of fewer than 5 members (only its members count is shown), or when pairs were not counted. */
    only_link_pairs: Suppressible | null;
    communities_spanned: number | null;
    betweenness: number | null;
  }[];
}

/** People with `contacts` distinct contacts (with `or_more`, that many or more). */
export interface DegreeBinAnswer {
  contacts: number;
  or_more: boolean;
  people: Suppressible;
}

export interface NetworkNode {
  id: string;
  degree: number;
  /** The engine's isolation classes for this person (none, one or several). */
  isolation: IsolationClass[];
  community: number;
  betweenness_norm: number;
  constraint: number | null;
  strength: number;
}

export interface Network {
  graph: { nodes: number; edges: number; isolates: number; register_revision: number };
  nodes: NetworkNode[];
}

export interface OwnRecord {
  area_id: string;
  person: Person;
  ties: {
    id: string;
    other_person: { id: string; display_name: string };
    kind: string;
    closeness: number;
    frequency: string;
    valid_from: string | null;
    valid_to: string | null;
  }[];
  affiliations: {
    id: string;
    group?: { id: string; name: string };
    place?: { id: string; name: string };
    role: string;
    frequency: string | null;
    valid_from: string | null;
    valid_to: string | null;
  }[];
  consent: { status: ConsentStatus; date: string | null; scope: ConsentScope[] };
}

/** `GET …/people/{id}/ego`: one person's ego network, as the engine measures it. */
export interface Ego {
  id: string;
  at: string | null;
  size: number;
  ties_among_contacts: number;
  density: number | null;
  tie_kinds: Record<string, number>;
  tie_kind_diversity: number | null;
  weekly_share: number | null;
  constraint: number | null;
  effective_size: number | null;
}

/** One row of `GET …/audit`: who did what to which record, and when. */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  user_id: string | null;
  action: string;
  route: string | null;
  entity: string | null;
  entity_id: string | null;
  person_id: string | null;
  fields: string[];
  detail: string | null;
}

/** One role a user holds in the area being shown (GET /areas/{area}/users). */
export interface AreaRole {
  role: string;
  /** An admin of every area (a deployment administrator): not changed from an area's page. */
  all_areas: boolean;
  person_id: string | null;
  person_name: string | null;
}

/** A user as the area's admins see them: only their roles in this area. */
export interface AreaUser {
  id: string;
  username: string;
  display_name: string;
  disabled: boolean;
  /** UTC time their newest session began; null: never signed in. */
  last_log_in: string | null;
  /** Whether you may change this account (it works only in areas you administer). */
  can_change: boolean;
  roles: AreaRole[];
}

/** A new user, or a reset: the one-time password, answered once. */
export interface OneTimePassword {
  user: { id: string; username: string; display_name: string; disabled: boolean };
  password: string;
}

/** One row's problem in an import (`POST …/import`): the file as the upload names it, its line (null for a JSON record), the column or record path, and the reason. */
export interface ImportProblem {
  file: string | null;
  line: number | null;
  column: string | null;
  reason: string;
  message: string;
}

/** Counts by kind of record (`people`, `ties`, `groups`, `places`, `affiliations`). */
export type ImportCounts = Record<string, number>;

/** What an import did, or with `preview` what it would do (docs/api.md). */
export interface ImportReport {
  rows: number;
  merged: number;
  added: ImportCounts;
  updated: ImportCounts;
  unchanged: ImportCounts;
}

export interface ImportPreview extends ImportReport {
  preview: true;
  can_import: boolean;
  errors: ImportProblem[];
  errors_total: number;
}

/** One merge of two records of one person (`GET …/merges`; docs/merges.md). */
export interface Merge {
  id: string;
  kept: { id: string; display_name: string };
  merged: { id: string; display_name: string };
  reason: string;
  status: 'standing' | 'undone';
  merged_by: string;
  merged_at: string;
  undone_by: string | null;
  undone_at: string | null;
  moved: { ties: number; ties_removed: number; affiliations: number; interviews: number; named: number; accounts: number };
  /** Only in the answer to an undo: records changed since the merge, left with the kept person. */
  left_behind?: number;
}
