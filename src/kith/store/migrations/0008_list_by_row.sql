-- Schema 8: lists and area scans run in row-id order (the order records were
-- made), so each area index is (area_id, id), integers only, instead of
-- (area_id, public_id). A page after a cursor is
-- `WHERE area_id = ? AND id > (the cursor's row) ORDER BY id`, and
-- scan_area (export, network loading, import matching) is
-- `WHERE area_id = ? ORDER BY id`, both read from the index in order.
-- The text public id stays in its unique index (*_public) for lookups by id.
-- A million ties' area index goes from about 33 MB to 13 MB, which an import
-- rebuilds and writes twice (WAL, then checkpoint).
DROP INDEX people_area;
CREATE INDEX people_area ON people(area_id, id);
DROP INDEX groups_area;
CREATE INDEX groups_area ON groups(area_id, id);
DROP INDEX places_area;
CREATE INDEX places_area ON places(area_id, id);
DROP INDEX ties_area;
CREATE INDEX ties_area ON ties(area_id, id);
DROP INDEX affiliations_area;
CREATE INDEX affiliations_area ON affiliations(area_id, id);
