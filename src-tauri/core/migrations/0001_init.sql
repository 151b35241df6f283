-- 0001: the content model. Each row keeps its full typed document in `doc` (JSON, as the
-- bundle writes it); the columns beside it carry identity, references and what lists filter on.

CREATE TABLE site_settings (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    doc         TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE tools (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    category    TEXT NOT NULL,
    doc         TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE reviewers (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    persona     TEXT NOT NULL,
    doc         TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE verdicts (
    id          INTEGER PRIMARY KEY,
    reviewer_id INTEGER NOT NULL REFERENCES reviewers(id) ON DELETE RESTRICT,
    tool_id     INTEGER NOT NULL REFERENCES tools(id) ON DELETE RESTRICT,
    call        TEXT NOT NULL CHECK (call IN ('ship', 'skip')),
    status      TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted', 'returned')),
    doc         TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (reviewer_id, tool_id)
);
CREATE INDEX verdicts_by_tool ON verdicts(tool_id);

CREATE TABLE comparisons (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    -- sorted tool slugs: A-vs-B and B-vs-A are one page
    pair_key    TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'approved', 'scheduled', 'published')),
    doc         TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE comparison_tools (
    comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    tool_id       INTEGER NOT NULL REFERENCES tools(id) ON DELETE RESTRICT,
    PRIMARY KEY (comparison_id, position),
    UNIQUE (comparison_id, tool_id)
);
CREATE INDEX comparison_tools_by_tool ON comparison_tools(tool_id);

CREATE TABLE comparison_panel (
    comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    reviewer_id   INTEGER NOT NULL REFERENCES reviewers(id) ON DELETE RESTRICT,
    PRIMARY KEY (comparison_id, position),
    UNIQUE (comparison_id, reviewer_id)
);

CREATE TABLE community_votes (
    comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
    tool_id       INTEGER NOT NULL REFERENCES tools(id) ON DELETE RESTRICT,
    votes         INTEGER NOT NULL CHECK (votes >= 0),
    doc           TEXT NOT NULL,
    PRIMARY KEY (comparison_id, tool_id)
);

CREATE TABLE revisions (
    id          INTEGER PRIMARY KEY,
    entity      TEXT NOT NULL,
    entity_key  TEXT NOT NULL,
    number      INTEGER NOT NULL,
    snapshot    TEXT NOT NULL,
    saved_at    TEXT NOT NULL,
    UNIQUE (entity, entity_key, number)
);

CREATE VIRTUAL TABLE search_index USING fts5(
    entity UNINDEXED,
    entity_key UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
