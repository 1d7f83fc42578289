-- What the desk's people did, for the owner (/admin/audit): who, what, when. The name is kept
-- with each entry, so the log still reads after an account is removed. Details name articles,
-- comments and tokens by address or number, never an email address or a secret.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT    NOT NULL,
    account_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    account_name TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    detail       TEXT    NOT NULL DEFAULT ''
) STRICT;
