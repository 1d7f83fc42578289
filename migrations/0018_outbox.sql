-- Mail waiting to go, queued in the same transaction as the event that causes it (a comment
-- held for moderation, say), so a crash loses none and an event that rolled back sends none.
-- `kind` and `subject_id` say what the mail is about; its words are written when it is sent,
-- so a mail about something gone since (a comment approved meanwhile) is cancelled instead.
--
-- `state`: queued → sending → sent, or back to queued with a later `next_attempt_at` after a
-- passing failure, or failed (refused for good, or older than the maximum age), or cancelled.
-- A row is marked `sending` and committed before the relay is called: one found `sending`
-- after a restart may have gone, so it becomes `unknown` and is never sent twice.
-- AUTOINCREMENT: an id is never given twice, so a link naming a mail (`via`) names only it.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT    NOT NULL,
    subject_id      INTEGER NOT NULL,
    recipient       TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'unknown', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT    NOT NULL,
    next_attempt_at TEXT    NOT NULL,
    finished_at     TEXT,
    last_error      TEXT
) STRICT;

CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'queued';
CREATE INDEX outbox_by_recipient ON outbox (recipient, finished_at);
CREATE INDEX outbox_recent ON outbox (finished_at) WHERE state = 'sent';

-- The signed links in mail that act once (approve or mark as spam from a moderator's mail):
-- each link's MAC is recorded when used, so a second click, or a forwarded mail, does nothing.
CREATE TABLE spent_links (
    mac      TEXT NOT NULL PRIMARY KEY,
    spent_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
