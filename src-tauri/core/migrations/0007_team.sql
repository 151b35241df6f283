-- 0007: the team desk's local side. Present only in use once the desk joins a team; a solo
-- desk leaves these tables empty.

-- The team this desk belongs to (no password: that is in the system keyring).
CREATE TABLE team_link (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    url          TEXT NOT NULL,
    user         TEXT NOT NULL,
    -- This desk's id on the team: the server tells our own changes from other desks' by it.
    desk_id      TEXT NOT NULL,
    -- The last change of the team's log applied here.
    cursor       INTEGER NOT NULL DEFAULT 0,
    -- The member's roles and reviewer as the server last said.
    roles        TEXT NOT NULL DEFAULT '[]',
    reviewer     TEXT,
    display_name TEXT NOT NULL DEFAULT '',
    joined_at    TEXT NOT NULL,
    synced_at    TEXT
);

-- Local saves not yet acknowledged by the server, in the order they were made. Each is the
-- fields it changed, their values before (the workflow step it makes), and the entity's
-- server version it was based on.
CREATE TABLE team_pending (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id  TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL,
    base       INTEGER NOT NULL,
    fields     TEXT NOT NULL,
    prev       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX team_pending_by_entity ON team_pending (kind, key);

-- The server version (seq of the last change applied here) of each entity.
CREATE TABLE team_versions (
    kind    TEXT NOT NULL,
    key     TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- The same field changed here and on another desk: both values and both authors, until the
-- person here resolves it (their choice is then a change like any other).
CREATE TABLE team_conflicts (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    key           TEXT NOT NULL,
    field         TEXT NOT NULL,
    mine          TEXT NOT NULL,
    mine_author   TEXT NOT NULL,
    theirs        TEXT NOT NULL,
    theirs_author TEXT NOT NULL,
    theirs_seq    INTEGER NOT NULL,
    theirs_at     TEXT,
    created_at    TEXT NOT NULL,
    resolved_at   TEXT,
    resolution    TEXT
);

-- Changes the server refused (a step the member's roles do not allow, or a page moved
-- meanwhile), kept to report them; the fields were set back to the server's values.
CREATE TABLE team_refusals (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL,
    fields     TEXT NOT NULL,
    message    TEXT NOT NULL,
    at         TEXT NOT NULL
);
