-- Comment HTML is made once, when a comment is written (CommentText.html), and stored with it,
-- as article bodies are: a page only copies it. feder_comment_html() is that same function,
-- which Feder registers on the connection before it migrates (BlogStore.migrate).
ALTER TABLE comments ADD COLUMN body_html TEXT NOT NULL DEFAULT '';
UPDATE comments SET body_html = feder_comment_html(body) WHERE body <> '';

-- The thread of a comment: the id of its top-level comment. An article's comments are shown in
-- pages of whole threads (comments.perPage), so pages are cut between thread ids.
ALTER TABLE comments ADD COLUMN thread_id INTEGER;
CREATE TEMP TABLE comment_threads (id INTEGER PRIMARY KEY, root INTEGER NOT NULL);
INSERT INTO comment_threads (id, root)
    WITH RECURSIVE thread (id, root) AS (
        SELECT id, id FROM comments WHERE parent_id IS NULL
        UNION ALL
        SELECT c.id, thread.root FROM comments c JOIN thread ON c.parent_id = thread.id
    )
    SELECT id, root FROM thread;
UPDATE comments SET thread_id = comment_threads.root FROM comment_threads WHERE comment_threads.id = comments.id;
UPDATE comments SET thread_id = id WHERE thread_id IS NULL;
DROP TABLE comment_threads;

-- One index walks an article's approved threads in order (the page's thread ids, how many
-- there are, the API's pages) and finds every comment of a range of threads (status named,
-- one seek each). It replaces (article_id, id); (article_id, status, id) stays for the newest
-- comments (the comment feed) and the count.
DROP INDEX comments_by_article_id;
CREATE INDEX comments_by_thread ON comments (article_id, status, thread_id, id);
