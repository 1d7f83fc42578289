-- Editing in the desk. `revision` counts the saves of an article: the editor sends the number
-- it started from, and a save from an older one is refused (two people editing at once lose
-- nothing). Every save keeps the whole document (front matter and Markdown, as `feder export`
-- writes it), the last 50 per article, to show, compare and restore.
ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

CREATE TABLE article_revisions (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    -- Who saved it; NULL after the account was removed, or for imports.
    saved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (article_id, revision)
) WITHOUT ROWID;
