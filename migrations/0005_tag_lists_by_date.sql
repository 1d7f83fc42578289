-- A tag's page lists its articles newest first. With only (tag_id, article_id), SQLite walked
-- the date index over every article and checked each for the tag: fifty articles looked at
-- for each one shown when a tag has one article in fifty, and the last page of a large tag
-- read the whole blog. Each tag link now carries its article's date and draft flag (written
-- with the link at every upsert), so one index walks a tag's articles in order.
ALTER TABLE article_tags ADD COLUMN published_at TEXT NOT NULL DEFAULT '';
ALTER TABLE article_tags ADD COLUMN draft INTEGER NOT NULL DEFAULT 0;
UPDATE article_tags SET published_at = (SELECT published_at FROM articles WHERE articles.id = article_tags.article_id),
    draft = (SELECT draft FROM articles WHERE articles.id = article_tags.article_id);
CREATE INDEX article_tags_by_date ON article_tags (tag_id, draft, published_at, article_id);
DROP INDEX article_tags_by_tag;
