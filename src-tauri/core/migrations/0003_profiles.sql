-- 0003: local user profiles of this desk, each with roles. Not content: never in bundles.
CREATE TABLE profiles (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    doc         TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
