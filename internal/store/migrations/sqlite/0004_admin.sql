-- Admin pages (issue 3): the audit log is filtered by action, and its filter menu lists the
-- actions a workspace has; both read this index instead of the whole workspace's log.
CREATE INDEX audit_log_action ON audit_log (workspace_id, action, id);
