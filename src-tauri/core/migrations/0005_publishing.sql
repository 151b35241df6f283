-- 0005: publishing. Targets (no secrets: those live in the system keyring), the outbox of
-- writes still to make to them, and what each target holds of each page.
CREATE TABLE targets (
    name       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('http', 'wordpress', 'folder')),
    url        TEXT NOT NULL,
    user       TEXT,
    created_at TEXT NOT NULL
);

-- One open job per target and page at most: a newer request for the same page replaces the
-- operation of the one waiting (and bumps its generation, so a run in flight learns of it).
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    target       TEXT NOT NULL REFERENCES targets(name) ON DELETE CASCADE,
    slug         TEXT NOT NULL,
    op           TEXT NOT NULL CHECK (op IN ('put', 'delete')),
    state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'failed', 'conflict')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    not_before   TEXT NOT NULL,
    lease_until  TEXT,
    generation   INTEGER NOT NULL DEFAULT 0,
    overwrite    INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    remote_copy  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (target, slug)
);
CREATE INDEX outbox_due ON outbox (state, not_before);

-- What the target last acknowledged for a page: its id and address there, the hash of the
-- content sent, and the remote version (ETag, modified_gmt, file hash) to detect edits made
-- on the other side.
CREATE TABLE remote_pages (
    target       TEXT NOT NULL REFERENCES targets(name) ON DELETE CASCADE,
    slug         TEXT NOT NULL,
    remote_id    TEXT,
    remote_url   TEXT,
    content_hash TEXT NOT NULL,
    version      TEXT NOT NULL,
    published_at TEXT NOT NULL,
    kept_remote  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (target, slug)
);
