-- An article's whole thread (every status, oldest first) in index order: no sort per page.
CREATE INDEX comments_by_article_id ON comments (article_id, id);
