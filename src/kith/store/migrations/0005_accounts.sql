-- Schema 5: accounts. Users with roles per area, log-in sessions, API tokens
-- and the recent failed log-ins that lock an account or an address out
-- (domain/accounts.hpp holds the rules; store/accounts.cpp all of this SQL).
-- Portable SQL as before: KITH_ROW_ID is the engine's integer row id,
-- booleans are 0/1, times are UTC text "YYYY-MM-DDTHH:MM:SSZ" (fixed width,
-- so comparing the text compares the times, alike on both engines).
-- No secret is stored in the clear: password_hash is an Argon2id string
-- (libsodium crypto_pwhash_str), token_hash the hex BLAKE2b-256
-- (crypto_generichash) of a session or API token, whose plaintext is shown
-- once and never written. csrf_token is not a credential by itself (it
-- only counts with the session's cookie), so it is kept as issued.
--
-- Indexes, each with the query that uses it (AccountRepository, store/accounts.cpp):
--   users_row (primary key)    every join from user_roles, sessions, api_tokens to their user
--   users_public UNIQUE(public_id)       no query yet: keeps the us_… id unique (audit rows
--                              and Accounts' User name users by it)
--   users_username UNIQUE(username_key)  find_user by folded username (log-in and every
--                              account command); refuses "Alice" beside "alice"
--   user_roles_user (user_id)  grants_of / all_grants: a user's grants, joined to areas
--   user_roles_area UNIQUE(user_id, role, area_id) WHERE area_id IS NOT NULL
--                              insert_grant refuses a repeated grant in one area;
--                              delete_grant for one area
--   user_roles_all_areas UNIQUE(role, user_id) WHERE area_id IS NULL
--                              the same for all-areas grants (UNIQUE treats NULLs as
--                              distinct, hence two partial indexes); and
--                              count_enabled_all_areas(role), the last-admin check
--   sessions_token UNIQUE(token_hash)    find_session / end_session_by_token (every
--                              authenticated request, log-out)
--   sessions_user_live (user_id) WHERE ended_at IS NULL
--                              end_sessions_of (disable, reset-password, log out everywhere)
--   api_tokens_token UNIQUE(token_hash)  find_token (every bearer request)
--   api_tokens_label UNIQUE(user_id, label) WHERE revoked_at IS NULL
--                              revoke_token / retire_expired_token by label; refuses a
--                              second live token with one label
--   login_failures_user (username_key, at)    count_failures_of_user, nth_failure_of_user
--                              (lockout per account)
--   login_failures_client (client_address, at) count_failures_from, nth_failure_from
--                              (lockout per client address)
--   login_failures_at (at)     prune_failures: rows older than the lockout window go
CREATE TABLE users (
  id KITH_ROW_ID,
  public_id TEXT NOT NULL,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  password_changed_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CONSTRAINT users_row PRIMARY KEY (id)
);
CREATE UNIQUE INDEX users_public ON users(public_id);
CREATE UNIQUE INDEX users_username ON users(username_key);

-- A role in one area (area_id) or, for deployment administrators, in all
-- areas (area_id NULL).
CREATE TABLE user_roles (
  id KITH_ROW_ID,
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'researcher', 'link_worker', 'broker', 'coordinator',
                                     'commissioner', 'member')),
  area_id BIGINT REFERENCES areas(id),
  created_at TEXT NOT NULL,
  CONSTRAINT user_roles_row PRIMARY KEY (id)
);
CREATE INDEX user_roles_user ON user_roles(user_id);
CREATE UNIQUE INDEX user_roles_area ON user_roles(user_id, role, area_id) WHERE area_id IS NOT NULL;
CREATE UNIQUE INDEX user_roles_all_areas ON user_roles(role, user_id) WHERE area_id IS NULL;

CREATE TABLE sessions (
  id KITH_ROW_ID,
  token_hash TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  client_address TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  ended_at TEXT,
  CONSTRAINT sessions_row PRIMARY KEY (id)
);
CREATE UNIQUE INDEX sessions_token ON sessions(token_hash);
CREATE INDEX sessions_user_live ON sessions(user_id) WHERE ended_at IS NULL;

CREATE TABLE api_tokens (
  id KITH_ROW_ID,
  user_id BIGINT NOT NULL REFERENCES users(id),
  label TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  CONSTRAINT api_tokens_row PRIMARY KEY (id)
);
CREATE UNIQUE INDEX api_tokens_token ON api_tokens(token_hash);
CREATE UNIQUE INDEX api_tokens_label ON api_tokens(user_id, label) WHERE revoked_at IS NULL;

-- One row a failed log-in, kept for the lockout window only. username_key
-- is the folded name typed, whether or not such a user exists.
CREATE TABLE login_failures (
  id KITH_ROW_ID,
  username_key TEXT NOT NULL,
  client_address TEXT NOT NULL,
  at TEXT NOT NULL,
  CONSTRAINT login_failures_row PRIMARY KEY (id)
);
CREATE INDEX login_failures_user ON login_failures(username_key, at);
CREATE INDEX login_failures_client ON login_failures(client_address, at);
CREATE INDEX login_failures_at ON login_failures(at);
