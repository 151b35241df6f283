-- 0015: link checks. The last result of checking each web link the desk's pages show (tool
-- links, fact sources, links inside Markdown), with its date (docs/facts.md): the page's
-- checks read broken links from here without asking the web again.
CREATE TABLE link_checks (
    url        TEXT PRIMARY KEY,
    state      TEXT NOT NULL CHECK (state IN ('ok', 'broken', 'unreachable')),
    status     INTEGER,
    said       TEXT NOT NULL,
    checked_at TEXT NOT NULL
);
