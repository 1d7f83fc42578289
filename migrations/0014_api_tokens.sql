-- Named tokens for the admin API (beside `admin.token`), made and revoked in the desk by the
-- owner. Only the SHA-256 of a token is stored: the desk shows a new token once, and a copy
-- of the database opens nothing. `last_used_at` is kept to the hour.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   TEXT    NOT NULL,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    last_used_at TEXT
) STRICT;
