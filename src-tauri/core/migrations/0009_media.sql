-- 0009: images on the desk. The files live in the data folder under media/<hash>/ (the kept
-- original and its variants); this table holds what is known about each: its text for
-- readers (alt, credit) and where it came from. `hash` is the SHA-256 of the kept original,
-- so the same picture added twice is one row, and every desk names it the same.
CREATE TABLE media (
    hash           TEXT PRIMARY KEY CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
    original_name  TEXT NOT NULL,
    -- The kept original's type: image/jpeg, image/png or image/svg+xml.
    mime           TEXT NOT NULL,
    width          INTEGER NOT NULL CHECK (width > 0),
    height         INTEGER NOT NULL CHECK (height > 0),
    -- Size of the kept original in bytes.
    bytes          INTEGER NOT NULL CHECK (bytes > 0),
    alt            TEXT NOT NULL DEFAULT '',
    credit         TEXT NOT NULL DEFAULT '',
    -- 1: the image adds nothing a reader must know (alt may then be empty).
    decorative     INTEGER NOT NULL DEFAULT 0 CHECK (decorative IN (0, 1)),
    -- The variants made from the original (JSON: name, mime, width, height, bytes each).
    variants       TEXT NOT NULL,
    added_by       TEXT,
    added_at       TEXT NOT NULL
);
