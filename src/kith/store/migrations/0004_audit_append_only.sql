-- Schema 4: the audit log is append-only in the database itself, not only in
-- kith's code: an UPDATE or DELETE of an audit row is refused by a trigger
-- (and on PostgreSQL a TRUNCATE too), whoever connects. Inserting stays the
-- one thing anyone may do to it; the row is written in the same transaction
-- as what it records (Repository::audit).
-- @sqlite
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: its rows cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: its rows cannot be deleted');
END;
-- @postgresql
CREATE FUNCTION kith_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: its rows cannot be changed or deleted'
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION kith_audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION kith_audit_log_append_only();
-- @both
