-- How a comment's text is written: `text` (every comment before Markdown, and imported ones),
-- or `markdown` (the safe subset, new comments). Its HTML is made once, when it is written, so
-- old comments render exactly as before; the format says how to make it again after an edit.
ALTER TABLE comments ADD COLUMN format TEXT NOT NULL DEFAULT 'text' CHECK (format IN ('text', 'markdown'));
