-- Comments on the words: threads anchored to a range of one text field of one entity.
-- A thread's first comment (parent NULL) holds the anchor and whether the thread is
-- resolved; replies point at it. Offsets are UTF-16 code units (see comments/anchor.rs).
CREATE TABLE comments (
    id           TEXT PRIMARY KEY,
    -- No foreign key: a reply may arrive from the team before its thread does.
    parent       TEXT,
    entity       TEXT NOT NULL,
    entity_key   TEXT NOT NULL,
    field        TEXT NOT NULL,
    anchor_start INTEGER,
    anchor_end   INTEGER,
    quote        TEXT,
    -- 1 once every word under the anchor was deleted: the quote keeps the words it had.
    on_deleted   INTEGER NOT NULL DEFAULT 0,
    body         TEXT NOT NULL,
    author       TEXT NOT NULL,
    mentions     TEXT NOT NULL DEFAULT '[]',
    created_at   TEXT NOT NULL,
    resolved_at  TEXT,
    resolved_by  TEXT,
    -- The team's sequence number of the state last taken from (or given to) the team.
    team_seq     INTEGER,
    -- 1 while the team has not got this comment's latest state (made offline, or alone).
    pending      INTEGER NOT NULL DEFAULT 1,
    -- Why the team refused it, when it did.
    refused      TEXT
);
CREATE INDEX comments_on ON comments (entity, entity_key, field);
CREATE INDEX comments_thread ON comments (parent);
CREATE INDEX comments_pending ON comments (pending) WHERE pending = 1;

-- What happened to each comment, in order: created, resolved, reopened, words deleted.
CREATE TABLE comment_history (
    id      INTEGER PRIMARY KEY,
    comment TEXT NOT NULL,
    at      TEXT NOT NULL,
    who     TEXT,
    what    TEXT NOT NULL
);
CREATE INDEX comment_history_of ON comment_history (comment);

-- The team's cursor of comments: the highest team sequence number taken.
CREATE TABLE comment_cursor (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    cursor INTEGER NOT NULL
);
