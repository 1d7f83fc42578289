-- Pages (About, Impressum, Datenschutzerklärung): texts of the site rather than of the blog's
-- stream, served at /{slug}. A page is stored `hidden = 1`, so every public list, feed, count
-- and search keeps it out through the filters and indexes they already use; its own address
-- reads `kind = 'page' AND draft = 0`. Every published page is in the navigation, by `nav_order`
-- (those without one after the rest, by title).
ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'page'));
ALTER TABLE articles ADD COLUMN nav_order INTEGER;
-- A published page is hidden and not a draft, as a scheduled article is: the scheduler looks
-- at articles only, or it would "publish" every page.
DROP INDEX articles_scheduled;
CREATE INDEX articles_scheduled ON articles (published_at) WHERE hidden = 1 AND draft = 0 AND kind = 'article';
-- The desk's list of pages and the sitemap's, newest first as every desk list.
CREATE INDEX pages_by_published ON articles (published_at, id) WHERE kind = 'page';
-- The navigation, read once per change of the site's content.
CREATE INDEX pages_in_navigation ON articles (nav_order IS NULL, nav_order, title) WHERE kind = 'page' AND draft = 0;
