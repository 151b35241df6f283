-- 0002: where each entity's full-text row is, so a save replaces it without scanning the
-- FTS table (its entity columns are UNINDEXED).
CREATE TABLE search_rows (
    entity      TEXT NOT NULL,
    entity_key  TEXT NOT NULL,
    fts_rowid   INTEGER NOT NULL,
    PRIMARY KEY (entity, entity_key)
) WITHOUT ROWID;

INSERT INTO search_rows (entity, entity_key, fts_rowid)
    SELECT entity, entity_key, max(rowid) FROM search_index GROUP BY entity, entity_key;
