-- Schema 6: an audit row says more about who and what. Every column is
-- nullable, so rows written before this schema stay as they were (NULL: not
-- known then), and a CLI write leaves the request columns NULL.
--   user_id         the acting account's public id (us_…); actor keeps the username
--   route           the API route template, e.g. "GET /api/v1/areas/{area}/people/{id}"
--   client_address  the peer address the server saw
--   person_id       the person the row is about: the person of a person row,
--                   the person of an affiliation, the source of a tie
--   other_person_id the tie's other end (target), so a query for a person
--                   finds a tie whichever end they are; NULL otherwise
--   fields          for reads: the comma-separated field names returned
-- The indexes serve the admin query (domain/audit.hpp): newest first within
-- an area, by person (either column) or by user. ALTER TABLE ADD COLUMN does
-- not fire the append-only triggers of migration 4, which stay as they are.
ALTER TABLE audit_log ADD COLUMN user_id TEXT;
ALTER TABLE audit_log ADD COLUMN route TEXT;
ALTER TABLE audit_log ADD COLUMN client_address TEXT;
ALTER TABLE audit_log ADD COLUMN person_id TEXT;
ALTER TABLE audit_log ADD COLUMN other_person_id TEXT;
ALTER TABLE audit_log ADD COLUMN fields TEXT;
CREATE INDEX audit_log_area_seq ON audit_log (area_id, seq);
CREATE INDEX audit_log_person_seq ON audit_log (person_id, seq);
CREATE INDEX audit_log_other_person_seq ON audit_log (other_person_id, seq);
CREATE INDEX audit_log_user_seq ON audit_log (user_id, seq);
