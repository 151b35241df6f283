-- 0003: a claim is taken atomically. Two desks claiming a page nobody held both found no row
-- under `SELECT … FOR UPDATE` (there was nothing to lock), and the second insert took the
-- first one's claim over: both wrote. Now the insert itself decides: it takes the page only
-- when it is free, expired, or this desk's already, and otherwise answers who holds it.
CREATE OR REPLACE FUNCTION verdict.claim_page(p_desk uuid, p_target text, p_slug text, p_seconds integer)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
DECLARE
    h text;
BEGIN
    PERFORM verdict.require_publisher('publishing');
    INSERT INTO verdict.publish_claims AS c (target, slug, desk, holder, until)
        VALUES (p_target, p_slug, p_desk, session_user, now() + make_interval(secs => p_seconds))
        ON CONFLICT (target, slug) DO UPDATE SET desk = excluded.desk, holder = excluded.holder,
            until = excluded.until
        WHERE c.desk = excluded.desk OR c.until <= now();
    IF FOUND THEN
        RETURN NULL;
    END IF;
    SELECT c.holder INTO h FROM verdict.publish_claims c WHERE c.target = p_target AND c.slug = p_slug;
    RETURN h;
END $$;
