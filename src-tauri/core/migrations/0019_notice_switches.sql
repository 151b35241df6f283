-- 0019: the notification switches (Settings → Notifications) get a table of their own. They
-- were rows "off:<kind>" among the notices raised (0017); they move here, one row per kind
-- switched here (a kind without a row is on). Kept per desk, as before: a preference of
-- whoever uses this data folder, never the team's.
CREATE TABLE notice_switches (
    kind    TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1))
);

INSERT INTO notice_switches (kind, enabled)
    SELECT substr(key, 5), 0 FROM notices_raised WHERE substr(key, 1, 4) = 'off:';

DELETE FROM notices_raised WHERE substr(key, 1, 4) = 'off:';
