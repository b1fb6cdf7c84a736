-- Schema 10: fieldwork logistics for survey waves (issue 11). A coordinator
-- assigns streets, or single households, to interviewers; interviewers record
-- the doorstep visits that did not lead to an interview (nobody answered, asked
-- to come back, not a home in the survey); the supervisor's coverage page
-- reads both with the wave's interviews. The rules are domain/survey/
-- fieldwork.cpp's; store/fieldwork.cpp holds all of this SQL.
--
-- A street is kept as written and as a key folded for matching (case and
-- marks folded, spaces collapsed), so "Elm Road" and "elm  road" are one
-- street. `household` is '' for an assignment of the whole street; a
-- household's own assignment wins over its street's. `doors` is how many
-- households the street has, when the coordinator knows (the electoral roll,
-- a walk down it); coverage is measured against it.
--
-- A visit's public_id is the device's key for it (visits are recorded
-- offline, like interviews), unique within its wave, so a visit sent twice is
-- recorded once.
--
-- Indexes, each with the query that uses it (FieldworkRepository):
--   survey_assignments_public UNIQUE(public_id)   assignment by id (removal)
--   survey_assignments_unit UNIQUE(wave_id, street_key, household_key)
--                              one interviewer a street or household; the wave's assignments
--   survey_visits_key UNIQUE(wave_id, public_id)  visit by the device's key; the wave's visits
CREATE TABLE survey_assignments (
  id KITH_ROW_ID,
  public_id TEXT NOT NULL,
  wave_id BIGINT NOT NULL REFERENCES survey_waves(id),
  street TEXT NOT NULL,
  street_key TEXT NOT NULL,
  household TEXT NOT NULL,
  household_key TEXT NOT NULL,
  doors BIGINT CHECK (doors IS NULL OR doors >= 1),
  interviewer TEXT NOT NULL,
  assigned_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CONSTRAINT survey_assignments_row PRIMARY KEY (id)
);
CREATE UNIQUE INDEX survey_assignments_public ON survey_assignments(public_id);
CREATE UNIQUE INDEX survey_assignments_unit ON survey_assignments(wave_id, street_key, household_key);

CREATE TABLE survey_visits (
  id KITH_ROW_ID,
  public_id TEXT NOT NULL,
  wave_id BIGINT NOT NULL REFERENCES survey_waves(id),
  household TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('no_answer', 'call_back', 'not_eligible')),
  interviewer TEXT NOT NULL,
  visited_at TEXT NOT NULL,
  CONSTRAINT survey_visits_row PRIMARY KEY (id)
);
CREATE UNIQUE INDEX survey_visits_key ON survey_visits(wave_id, public_id);
