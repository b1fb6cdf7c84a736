-- Schema 11: merges of two register entries for one person (issue 11). A
-- researcher who finds that "Mary at number 12" of one survey and "Mary
-- Jones" of the register are one person merges the second into the first:
-- the first (kept) keeps its id, fields and history; the second (merged) is
-- soft-deleted with everything that pointed at it re-pointed to the first.
-- Nothing is overwritten: the row moved and its public ids are listed in
-- `moved` (JSON), so undoing a merge moves exactly those back and restores
-- the merged row. The rules are domain/merges.cpp's; store/merges.cpp holds
-- all of this SQL.
--
-- `undone_at` is NULL while a merge stands. A person is merged away by at
-- most one standing merge (person_merges_live), so following merged → kept
-- reaches one survivor: the id a device, a wave or an old link still
-- carries resolves to it.
--
-- Indexes, each with the query that uses it (MergeRepository):
--   person_merges_public UNIQUE(public_id)     merge by id (undo)
--   person_merges_area (area_id, id)            an area's merges, newest first
--   person_merges_live UNIQUE(merged_id) WHERE undone_at IS NULL
--                            the survivor of a merged person; one standing merge each
--   person_merges_kept (kept_id)                the people merged into one (erasure)
CREATE TABLE person_merges (
  id KITH_ROW_ID,
  public_id TEXT NOT NULL,
  area_id BIGINT NOT NULL REFERENCES areas(id),
  kept_id BIGINT NOT NULL REFERENCES people(id),
  merged_id BIGINT NOT NULL REFERENCES people(id),
  reason TEXT NOT NULL,
  moved TEXT NOT NULL,
  merged_by TEXT NOT NULL,
  merged_at TEXT NOT NULL,
  undone_by TEXT,
  undone_at TEXT,
  CHECK (kept_id <> merged_id),
  CHECK ((undone_by IS NULL) = (undone_at IS NULL)),
  CONSTRAINT person_merges_row PRIMARY KEY (id)
);
CREATE UNIQUE INDEX person_merges_public ON person_merges(public_id);
CREATE INDEX person_merges_area ON person_merges(area_id, id);
CREATE UNIQUE INDEX person_merges_live ON person_merges(merged_id) WHERE undone_at IS NULL;
CREATE INDEX person_merges_kept ON person_merges(kept_id);
