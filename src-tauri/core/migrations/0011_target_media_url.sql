-- 0011: where a target serves an image file when it chooses the address itself (WordPress's
-- media library: `source_url`), so a page sent there again names it without asking. NULL for
-- a target that serves the file beside the pages (the page API), where the address is known.
ALTER TABLE target_media ADD COLUMN url TEXT;
