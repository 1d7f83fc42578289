-- The people who write and moderate in the browser (/admin). An address is one account
-- however it is capitalised. The password is kept only as a scrypt hash with its salt and
-- parameters (`$scrypt$ln=…`), so the parameters can grow without a migration.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'moderator')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);

-- A signed-in browser. Only the SHA-256 of the cookie's random id is stored: a copy of the
-- database does not sign anybody in. Idle and absolute expiry are checked on every use.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);
