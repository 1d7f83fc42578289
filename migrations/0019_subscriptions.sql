-- Readers who asked for mail, with a comment: about replies to it (`replies`), or about new
-- comments on its article (`article`). `comment_id` is the comment that asked, for both: its
-- subscriptions go when it is marked as spam or deleted. Double opt-in: nothing is sent until
-- `confirmed_at` is set from the link in the confirmation, which goes out once the comment is
-- published. `email_hash` (the keyed hash comments carry) finds an address's subscriptions for
-- export and erasure. AUTOINCREMENT: an id is never given twice, so an old link (signed over
-- the id) can never act on someone else's later subscription.
CREATE TABLE subscriptions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT    NOT NULL CHECK (kind IN ('replies', 'article')),
    email        TEXT    NOT NULL,
    email_hash   TEXT    NOT NULL,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    comment_id   INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    confirmed_at TEXT
) STRICT;

CREATE INDEX subscriptions_by_comment ON subscriptions (comment_id);
CREATE INDEX subscriptions_by_article ON subscriptions (article_id) WHERE kind = 'article';
CREATE INDEX subscriptions_by_address ON subscriptions (email_hash);

-- Mail to a subscriber names its subscription (its unsubscribe link, and what erasure cancels).
ALTER TABLE outbox ADD COLUMN subscription_id INTEGER;
CREATE INDEX outbox_by_subscription ON outbox (subscription_id) WHERE subscription_id IS NOT NULL;
-- One mail per event and recipient: a comment approved, unapproved and approved again is
-- announced once.
CREATE UNIQUE INDEX outbox_once ON outbox (kind, subject_id, recipient);

-- The sender's hourly limits read only sent mail and mail being sent. The index over every
-- state made each claim walk all of a busy recipient's mail (every held comment's notice goes
-- to the same moderators): a third more CPU per comment POST.
DROP INDEX outbox_by_recipient;
CREATE INDEX outbox_sent_by_recipient ON outbox (recipient, finished_at) WHERE state = 'sent';
CREATE INDEX outbox_sending ON outbox (recipient) WHERE state = 'sending';
