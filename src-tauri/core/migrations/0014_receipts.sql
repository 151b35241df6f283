-- 0014: receipts. What each target was last found to serve for each page it holds, read back
-- after a write and again now and then (docs/publishing-verification.md): verified, differs,
-- missing or unreachable, when, against which of the desk's pages, and what differs.
CREATE TABLE receipts (
    target       TEXT NOT NULL REFERENCES targets(name) ON DELETE CASCADE,
    slug         TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('verified', 'differs', 'missing', 'unreachable')),
    checked_at   TEXT NOT NULL,
    -- The content hash of the desk's page the target's copy was compared with.
    content_hash TEXT NOT NULL,
    -- JSON: [{"place": "stored" | "public", "what": "...", "said": "..."}]
    differences  TEXT NOT NULL DEFAULT '[]',
    public_url   TEXT,
    PRIMARY KEY (target, slug)
);

-- Scheduled pages as they went out: when each was due and when the desk published it. One
-- that went out late, or is not verified on its targets since, is a missed schedule.
CREATE TABLE schedule_runs (
    slug         TEXT PRIMARY KEY,
    due_at       TEXT NOT NULL,
    published_at TEXT NOT NULL
);
