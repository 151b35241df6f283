-- 0017: when a target published a scheduled page itself (Ghost's scheduled post), as read
-- back with the receipt, and the desktop notices already raised (once each, across restarts).

-- JSON: {"by": "Ghost", "at": "...", "due_at": "...", "minutes_late": 0, "said": "..."}
ALTER TABLE receipts ADD COLUMN published_there TEXT;

-- One row per notice raised: a missed schedule ("missed:{slug}:{due_at}"), a publishing job
-- that failed after its last retry ("failed:{job id}:{when it failed}").
CREATE TABLE notices_raised (
    key       TEXT PRIMARY KEY,
    raised_at TEXT NOT NULL
);
