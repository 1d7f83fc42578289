-- Draft preview links (/preview/{token}): whoever has the link may read that one unpublished
-- article, without an account, until an editor revokes it. One link per article; making a
-- new one replaces it. The token is stored as it is, unlike session ids: it grants nothing
-- but reading the article, and anyone holding a copy of the database holds the article too.
CREATE TABLE preview_links (
    token      TEXT    PRIMARY KEY,
    article_id INTEGER NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL
) STRICT, WITHOUT ROWID;
