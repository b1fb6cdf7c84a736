-- The community register. Portable SQL: the same file migrates SQLite and
-- PostgreSQL (BIGINT/DOUBLE PRECISION/TEXT; booleans are 0/1; lists are JSON text).
CREATE TABLE areas (
  id TEXT PRIMARY KEY,
  external_id TEXT,
  name TEXT NOT NULL,
  description TEXT,
  bbox TEXT,
  register_revision BIGINT NOT NULL DEFAULT 0,
  revision BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX areas_external ON areas(external_id);

CREATE TABLE people (
  id TEXT PRIMARY KEY,
  area_id TEXT NOT NULL REFERENCES areas(id),
  external_id TEXT,
  display_name TEXT NOT NULL,
  is_pseudonym BIGINT NOT NULL DEFAULT 0,
  birth_band TEXT,
  postcode_district TEXT,
  household TEXT,
  interests TEXT NOT NULL DEFAULT '[]',
  languages TEXT NOT NULL DEFAULT '[]',
  accessibility_needs TEXT NOT NULL DEFAULT '[]',
  notes TEXT,
  consent_status TEXT NOT NULL DEFAULT 'not_asked',
  consent_date TEXT,
  consent_scope TEXT NOT NULL DEFAULT '[]',
  revision BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX people_external ON people(area_id, external_id);
CREATE INDEX people_area ON people(area_id, id);

CREATE TABLE groups (
  id TEXT PRIMARY KEY,
  area_id TEXT NOT NULL REFERENCES areas(id),
  external_id TEXT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  description TEXT,
  contact TEXT,
  address TEXT,
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  tags TEXT NOT NULL DEFAULT '[]',
  revision BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX groups_external ON groups(area_id, external_id);
CREATE INDEX groups_area ON groups(area_id, id);

CREATE TABLE places (
  id TEXT PRIMARY KEY,
  area_id TEXT NOT NULL REFERENCES areas(id),
  external_id TEXT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  description TEXT,
  address TEXT,
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  opening_times TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  revision BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX places_external ON places(area_id, external_id);
CREATE INDEX places_area ON places(area_id, id);

CREATE TABLE ties (
  id TEXT PRIMARY KEY,
  area_id TEXT NOT NULL REFERENCES areas(id),
  external_id TEXT,
  source_id TEXT NOT NULL REFERENCES people(id),
  target_id TEXT NOT NULL REFERENCES people(id),
  kind TEXT NOT NULL,
  closeness BIGINT NOT NULL CHECK (closeness BETWEEN 1 AND 5),
  frequency TEXT NOT NULL,
  named_by TEXT NOT NULL DEFAULT 'source',
  evidence TEXT NOT NULL DEFAULT 'manual_entry',
  valid_from TEXT,
  valid_to TEXT,
  notes TEXT,
  revision BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  CHECK (source_id <> target_id)
);
CREATE UNIQUE INDEX ties_external ON ties(area_id, external_id);
CREATE INDEX ties_area ON ties(area_id, id);
CREATE INDEX ties_source ON ties(source_id);
CREATE INDEX ties_target ON ties(target_id);

CREATE TABLE affiliations (
  id TEXT PRIMARY KEY,
  area_id TEXT NOT NULL REFERENCES areas(id),
  external_id TEXT,
  person_id TEXT NOT NULL REFERENCES people(id),
  group_id TEXT REFERENCES groups(id),
  place_id TEXT REFERENCES places(id),
  role TEXT NOT NULL,
  frequency TEXT,
  valid_from TEXT,
  valid_to TEXT,
  notes TEXT,
  revision BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  CHECK ((group_id IS NULL) <> (place_id IS NULL))
);
CREATE UNIQUE INDEX affiliations_external ON affiliations(area_id, external_id);
CREATE INDEX affiliations_area ON affiliations(area_id, id);
CREATE INDEX affiliations_person ON affiliations(person_id);

-- Who read or changed personal data, when (reads of people are audited).
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  area_id TEXT,
  detail TEXT
);
