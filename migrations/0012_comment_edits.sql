-- A comment whose text someone changed in the desk says so on the page: when it was edited.
ALTER TABLE comments ADD COLUMN edited_at TEXT;
