-- The desk's article list shows every article, drafts included, newest first. Without an
-- index on the date alone, SQLite read and sorted the whole table for each page (6 ms for
-- 2,000 articles, growing with the blog).
CREATE INDEX articles_by_published ON articles (published_at, id);
