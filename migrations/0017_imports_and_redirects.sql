-- Where imported articles and comments came from. A second import of the same export finds
-- each again by the source's id and updates it instead of adding a copy; `source` names the
-- engine and the site (`wordpress https://old.example`), so two sites' ids never meet. No
-- foreign key: an article or comment deleted here since stays deleted, not imported again.
CREATE TABLE import_sources (
    source    TEXT    NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('article', 'comment')),
    source_id TEXT    NOT NULL,
    target_id INTEGER NOT NULL,
    PRIMARY KEY (source, kind, source_id)
) STRICT, WITHOUT ROWID;

-- Old addresses answered with a 301, looked up only when a GET would otherwise be a 404 (so a
-- page that exists pays nothing). `path` is the decoded path without a trailing slash, plus
-- `?p=ID` or `?page_id=ID` for WordPress's numeric addresses. The destination is an article
-- or page by id (a slug renamed later still lands), or a path of the site.
CREATE TABLE redirects (
    path       TEXT    NOT NULL PRIMARY KEY,
    article_id INTEGER REFERENCES articles (id) ON DELETE CASCADE,
    target     TEXT,
    created_at TEXT    NOT NULL,
    CHECK ((article_id IS NULL) <> (target IS NULL))
) STRICT, WITHOUT ROWID;

CREATE INDEX redirects_by_article ON redirects (article_id) WHERE article_id IS NOT NULL;
