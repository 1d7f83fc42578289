-- Scheduling (an article whose date lies ahead is public only from that moment on).
-- The old `draft` column really said "kept from every public read", and every public query
-- filters on it through the date indexes. It is now named for that: `hidden`. The author's
-- intent gets its own column, `draft`. So an article is
--   published   hidden = 0 (draft = 0),
--   a draft     hidden = 1, draft = 1,
--   scheduled   hidden = 1, draft = 0, its date ahead.
-- When a scheduled article's time comes, the server sets `hidden = 0` (on articles and its
-- tag links) and empties its page caches; public queries never compare dates with the clock.
ALTER TABLE articles RENAME COLUMN draft TO hidden;
ALTER TABLE article_tags RENAME COLUMN draft TO hidden;
ALTER TABLE articles ADD COLUMN draft INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1));
UPDATE articles SET draft = hidden;
-- The next scheduled time, read after every article write and when the timer fires.
CREATE INDEX articles_scheduled ON articles (published_at) WHERE hidden = 1 AND draft = 0;
