-- Schema 9: network and wellbeing surveys (issue 11). An area's survey
-- instruments (versioned; a published version never changes), its waves
-- (baseline, follow-up 1, …, each run with one published instrument) and the
-- interviews of each wave. The rules are domain/survey/'s; store/surveys.cpp
-- holds all of this SQL. Documents (an instrument's definition, an
-- interview's answers, consent and scores) are JSON text: the domain parses
-- and checks them, the database only keeps them.
--
-- An interview's public_id is the key the interviewer's device made for it
-- (offline first: the device names the interview before the server has seen
-- it), unique within its wave. Every answer batch the device sends carries a
-- key of its own; survey_batches remembers them, so a batch sent twice (the
-- connection dropped before the answer arrived) changes nothing the second
-- time.
--
-- Indexes, each with the query that uses it (SurveyRepository):
--   survey_instruments_public UNIQUE(public_id)   instrument by id
--   survey_instruments_version UNIQUE(area_id, name, version)  the next version of a name;
--                              refuses two instruments with one name and version
--   survey_waves_public UNIQUE(public_id)         wave by id
--   survey_waves_ordinal UNIQUE(area_id, ordinal) the next wave's ordinal; one baseline
--   survey_interviews_key UNIQUE(wave_id, public_id)  interview by the device's key
--   survey_interviews_person (respondent_person_id)   a person's interviews across waves
--                              (carry forward, paired change, erasure)
--   survey_batches_key UNIQUE(interview_id, batch_key) a resent batch is recognised
CREATE TABLE survey_instruments (
  id KITH_ROW_ID,
  public_id TEXT NOT NULL,
  area_id BIGINT NOT NULL REFERENCES areas(id),
  name TEXT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1),
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  definition TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT,
  CONSTRAINT survey_instruments_row PRIMARY KEY (id)
);
CREATE UNIQUE INDEX survey_instruments_public ON survey_instruments(public_id);
CREATE UNIQUE INDEX survey_instruments_version ON survey_instruments(area_id, name, version);

CREATE TABLE survey_waves (
  id KITH_ROW_ID,
  public_id TEXT NOT NULL,
  area_id BIGINT NOT NULL REFERENCES areas(id),
  instrument_id BIGINT NOT NULL REFERENCES survey_instruments(id),
  label TEXT NOT NULL,
  ordinal BIGINT NOT NULL CHECK (ordinal >= 0),
  fieldwork_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT survey_waves_row PRIMARY KEY (id)
);
CREATE UNIQUE INDEX survey_waves_public ON survey_waves(public_id);
CREATE UNIQUE INDEX survey_waves_ordinal ON survey_waves(area_id, ordinal);

CREATE TABLE survey_interviews (
  id KITH_ROW_ID,
  public_id TEXT NOT NULL,
  wave_id BIGINT NOT NULL REFERENCES survey_waves(id),
  status TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'refused')),
  revision BIGINT NOT NULL CHECK (revision >= 1),
  interviewer TEXT NOT NULL,
  language TEXT NOT NULL,
  respondent_person_id BIGINT REFERENCES people(id),
  respondent TEXT NOT NULL,
  consent TEXT NOT NULL,
  answers TEXT NOT NULL,
  scores TEXT NOT NULL,
  started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  completed_at TEXT,
  CONSTRAINT survey_interviews_row PRIMARY KEY (id)
);
CREATE UNIQUE INDEX survey_interviews_key ON survey_interviews(wave_id, public_id);
CREATE INDEX survey_interviews_person ON survey_interviews(respondent_person_id);

CREATE TABLE survey_batches (
  id KITH_ROW_ID,
  interview_id BIGINT NOT NULL REFERENCES survey_interviews(id),
  batch_key TEXT NOT NULL,
  revision BIGINT NOT NULL,
  received_at TEXT NOT NULL,
  CONSTRAINT survey_batches_row PRIMARY KEY (id)
);
CREATE UNIQUE INDEX survey_batches_key ON survey_batches(interview_id, batch_key);

-- The people a respondent named (name generators), one row each, made when
-- the interview is completed, and how each was resolved: a researcher
-- proposes who it is (a person of the register, a new person held under a
-- pseudonym, or nobody: left unresolved), and a second researcher confirms
-- or sends it back (the review queue). A confirmed mention of a person
-- becomes a tie with evidence "survey" from the wave's date (tie_id).
--   survey_mentions_public UNIQUE(public_id)   mention by id
--   survey_mentions_interview (interview_id, id) the mentions of an interview; of a
--                              wave, by joining its interviews (the review queue)
CREATE TABLE survey_mentions (
  id KITH_ROW_ID,
  public_id TEXT NOT NULL,
  interview_id BIGINT NOT NULL REFERENCES survey_interviews(id),
  generator TEXT NOT NULL,
  position BIGINT NOT NULL CHECK (position >= 0),
  said TEXT NOT NULL,
  interpreters TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'proposed', 'confirmed')),
  resolution TEXT CHECK (resolution IN ('person', 'new_person', 'unresolved')),
  person_id BIGINT REFERENCES people(id),
  tie_id BIGINT REFERENCES ties(id),
  proposed_by TEXT,
  confirmed_by TEXT,
  revision BIGINT NOT NULL CHECK (revision >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT survey_mentions_row PRIMARY KEY (id)
);
CREATE UNIQUE INDEX survey_mentions_public ON survey_mentions(public_id);
CREATE INDEX survey_mentions_interview ON survey_mentions(interview_id, id);
