-- Who made each revision: the acting profile's slug on this desk, or the member (login) whose
-- change came from the team's log. NULL for revisions kept before authors were recorded.
ALTER TABLE revisions ADD COLUMN author TEXT;
