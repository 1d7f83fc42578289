-- A reply written in the desk by an account is the blog's own: pages show it with an
-- "Author" badge.
ALTER TABLE comments ADD COLUMN by_author INTEGER NOT NULL DEFAULT 0 CHECK (by_author IN (0, 1));
