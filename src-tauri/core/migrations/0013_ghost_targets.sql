-- 0013: Ghost sites as publishing targets (kind 'ghost'). SQLite cannot change a table's CHECK
-- in place, so `targets` is made again; dropping the old one deletes the rows that refer to
-- it (foreign keys are on, ON DELETE CASCADE), so those rows are kept aside and put back.
CREATE TEMP TABLE keep_outbox AS SELECT * FROM outbox;
CREATE TEMP TABLE keep_remote_pages AS SELECT * FROM remote_pages;
CREATE TEMP TABLE keep_target_media AS SELECT * FROM target_media;

CREATE TABLE targets_new (
    name       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('http', 'wordpress', 'folder', 'ghost')),
    url        TEXT NOT NULL,
    user       TEXT,
    created_at TEXT NOT NULL
);
INSERT INTO targets_new (name, kind, url, user, created_at)
    SELECT name, kind, url, user, created_at FROM targets;
DROP TABLE targets;
ALTER TABLE targets_new RENAME TO targets;

INSERT INTO outbox SELECT * FROM keep_outbox;
INSERT INTO remote_pages SELECT * FROM keep_remote_pages;
INSERT INTO target_media SELECT * FROM keep_target_media;
DROP TABLE keep_outbox;
DROP TABLE keep_remote_pages;
DROP TABLE keep_target_media;
