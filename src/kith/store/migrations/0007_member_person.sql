-- Schema 7: a member's grant names the person of the register they are (a
-- resident signed in to see their own record, ties and consent). Only a
-- grant of the role member may name one, and it stays NULL for every grant
-- made before this schema, so existing grants keep meaning what they meant.
-- The person must be in the grant's area and not deleted when the grant is
-- made; domain/accounts.cpp checks that, since a CHECK cannot look at
-- another table. People are never removed from the table (deletes are soft,
-- erasure overwrites in place), so the reference cannot dangle.
-- No index on person_id: no query looks grants up by person yet (an
-- account's grants are read by user_id, user_roles_user).
-- SQLite adds a column with a REFERENCES clause only when its default is
-- NULL (it is), and checks a new column's CHECK against the rows already
-- there (all NULL, so all pass); PostgreSQL does the same.
ALTER TABLE user_roles ADD COLUMN person_id BIGINT REFERENCES people(id)
  CHECK (person_id IS NULL OR role = 'member');
