-- 0010: the image files each publishing target holds (the page API's media feature), so a
-- republish sends none of them again. A file's address names its content (the SHA-256 of the
-- image's original and the file's name), so a row never changes; it goes with its target.
CREATE TABLE target_media (
    target  TEXT NOT NULL REFERENCES targets(name) ON DELETE CASCADE,
    hash    TEXT NOT NULL,
    name    TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (target, hash, name)
);
