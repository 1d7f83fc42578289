-- A comment's two keyed hashes are random, so each of their indexes took every insert to a
-- page of its own: two random pages written per comment (and again at each checkpoint).
-- One index serves both lookups now: the first-time check seeks (email_hash, 'approved'),
-- the duplicate check seeks (email_hash, status, article_id, fingerprint) for each status,
-- and personal-data requests seek email_hash. A fingerprint hashes the same trimmed,
-- lowercased address as email_hash, so equal fingerprints always sit under one email_hash.
CREATE INDEX comments_by_commenter ON comments (email_hash, status, article_id, fingerprint);
DROP INDEX comments_by_email_hash;
DROP INDEX comments_by_fingerprint;
