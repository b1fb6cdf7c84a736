-- Schema 3: a tie or affiliation imported without an ID no longer gets an
-- external id made from its ends (import matches such rows by their ends and
-- kind instead), so most links have none. Their unique external-id index
-- holds only the links that have one; `WHERE area_id = ? AND external_id = ?`
-- (find_external, import matching) implies NOT NULL, so both engines still
-- use it. Earlier derived ids ("p1|p2|friend") stay as they were.
DROP INDEX ties_external;
CREATE UNIQUE INDEX ties_external ON ties(area_id, external_id) WHERE external_id IS NOT NULL;
DROP INDEX affiliations_external;
CREATE UNIQUE INDEX affiliations_external ON affiliations(area_id, external_id) WHERE external_id IS NOT NULL;
