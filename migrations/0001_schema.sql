-- Feder's schema. Times are UTC ISO-8601 text ('2026-11-25T09:00:00Z'), which sorts correctly.

CREATE TABLE articles (
    id               INTEGER PRIMARY KEY,
    slug             TEXT    NOT NULL UNIQUE,
    title            TEXT    NOT NULL,
    summary          TEXT    NOT NULL DEFAULT '',
    author           TEXT    NOT NULL DEFAULT '',
    body_markdown    TEXT    NOT NULL,
    body_html        TEXT    NOT NULL,
    word_count       INTEGER NOT NULL DEFAULT 0,
    published_at     TEXT    NOT NULL,
    updated_at       TEXT,
    image_url        TEXT,
    image_alt        TEXT,
    image_credit     TEXT,
    image_credit_url TEXT,
    draft            INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1)),
    comments_open    INTEGER NOT NULL DEFAULT 1 CHECK (comments_open IN (0, 1)),
    -- Approved comments, kept up to date by the store so no page counts rows per request.
    comment_count    INTEGER NOT NULL DEFAULT 0,
    -- When the row last changed (article or its approved comments): Last-Modified, sitemap.
    modified_at      TEXT    NOT NULL
) STRICT;

-- Home, archive, feed and previous/next walk published articles by date (keyset, no OFFSET scan).
CREATE INDEX articles_by_date ON articles (draft, published_at, id);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, tag_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id   INTEGER REFERENCES comments (id) ON DELETE SET NULL,
    depth       INTEGER NOT NULL DEFAULT 1,
    name        TEXT    NOT NULL,
    -- Moderation and personal-data requests only; never shown. NULL once erased.
    email       TEXT,
    -- Keyed hash of the normalised address: recognises returning commenters.
    email_hash  TEXT,
    website     TEXT,
    body        TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'deleted')),
    -- Keyed hash of the client address; the address itself is never stored.
    client_hash TEXT    NOT NULL,
    -- Keyed hash of (email, body) per article: the duplicate check.
    fingerprint TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
) STRICT;

CREATE INDEX comments_by_article ON comments (article_id, status, id);
CREATE INDEX comments_by_status ON comments (status, id);
CREATE INDEX comments_by_email_hash ON comments (email_hash, status);
CREATE INDEX comments_by_fingerprint ON comments (article_id, fingerprint);
CREATE INDEX comments_by_parent ON comments (parent_id);

-- Full-text search over titles and plain-text bodies; rowid is the article id.
CREATE VIRTUAL TABLE articles_search USING fts5 (
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
