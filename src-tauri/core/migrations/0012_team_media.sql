-- 0012: the team's images as this desk last took them from the team's server (or gave them):
-- what the team says of each (its text, its size, who added it) and the version of that, so
-- a text edit made here is told from one made on the team, and an image the team holds but
-- this desk has no bytes of yet is known, and fetched. An image of the desk's `media` table
-- without a row here has not reached the team. Empty on a desk that never joined a team.
CREATE TABLE team_media (
    hash          TEXT PRIMARY KEY,
    mime          TEXT NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    original_name TEXT NOT NULL,
    alt           TEXT NOT NULL,
    credit        TEXT NOT NULL,
    decorative    INTEGER NOT NULL,
    added_by      TEXT NOT NULL,
    -- The team's version of this row (verdict.media.seq).
    seq           INTEGER NOT NULL,
    -- Why the bytes could not be taken here (they failed this desk's checks), if so.
    unusable      TEXT
) WITHOUT ROWID;

-- The last verdict.media.seq this desk took.
ALTER TABLE team_link ADD COLUMN media_cursor INTEGER NOT NULL DEFAULT 0;
