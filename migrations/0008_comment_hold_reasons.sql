-- Why a comment waits for moderation, so the desk's queue can say it: `first_time` (the
-- commenter has no approved comment yet), `links` (more than comments.maxLinks), `all`
-- (comments.moderation = all) or `honeypot` (the hidden field was filled: stored as spam).
-- NULL for published comments and for those held before this column existed.
ALTER TABLE comments ADD COLUMN held_reason TEXT;
