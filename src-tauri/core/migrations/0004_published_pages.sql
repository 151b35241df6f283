-- 0004: what each published page looked like when it was published (a hash of the page the
-- renderer built), so a page whose tools, verdicts or text changed since shows as stale.
CREATE TABLE published_pages (
    comparison_id INTEGER PRIMARY KEY REFERENCES comparisons(id) ON DELETE CASCADE,
    page_hash     TEXT NOT NULL,
    published_at  TEXT NOT NULL
);
