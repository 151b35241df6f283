-- Team schema 4: one record of what each page looked like when it was published, shared by
-- every desk, so "Published · Stale" is the same answer on every desk (each desk used to
-- compare with its own record, or had none after joining). And the seed keeps the time the
-- seeding desk last changed each entity, so a page's modified time on the team is when its
-- content last changed, not when it was seeded.

CREATE TABLE verdict.published_pages (
    slug         text PRIMARY KEY,
    -- The desk's hash of the page as the renderer built it (the same on every desk).
    page_hash    text NOT NULL,
    published_at timestamptz NOT NULL,
    recorded_by  text NOT NULL
);

REVOKE ALL ON verdict.published_pages FROM PUBLIC;
GRANT SELECT ON verdict.published_pages TO verdict_member;

-- Records how a published page looked when it was published: a publisher's step, or an
-- editor's for a page the team has no record of yet (the desk that seeded the team gives
-- the records it kept when it worked alone). Only for a page published on the team, and
-- only a newer record replaces an older one. True when the record was taken.
CREATE FUNCTION verdict.record_published(p_slug text, p_hash text, p_at timestamptz)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
DECLARE
    publisher boolean := pg_has_role(session_user, 'verdict_publisher', 'member');
    editor    boolean := pg_has_role(session_user, 'verdict_editor', 'member');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM verdict.members WHERE login = session_user AND NOT disabled) THEN
        RAISE EXCEPTION '% is not an active member of this team', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM verdict.entities
                   WHERE kind = 'comparison' AND key = p_slug AND status = 'published') THEN
        RETURN false;
    END IF;
    IF NOT publisher AND NOT (editor AND NOT EXISTS (
            SELECT 1 FROM verdict.published_pages WHERE slug = p_slug)) THEN
        RETURN false;
    END IF;
    INSERT INTO verdict.published_pages AS p (slug, page_hash, published_at, recorded_by)
        VALUES (p_slug, p_hash, p_at, session_user)
        ON CONFLICT (slug) DO UPDATE SET page_hash = excluded.page_hash,
            published_at = excluded.published_at, recorded_by = excluded.recorded_by
        WHERE p.published_at < excluded.published_at;
    RETURN FOUND;
END $$;

-- As in schema 1, and an entity may bring the time it last changed on the seeding desk
-- ("at"): its log entry and its fields carry that time instead of the seed's.
CREATE OR REPLACE FUNCTION verdict.seed(p_desk uuid, p_entities jsonb)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
DECLARE
    me  text := session_user;
    e   jsonb;
    s   bigint;
    n   bigint := 0;
    t   timestamptz;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('verdict.changes'));
    IF NOT pg_has_role(me, 'verdict_editor', 'member')
       OR NOT EXISTS (SELECT 1 FROM verdict.members WHERE login = me AND NOT disabled) THEN
        RAISE EXCEPTION 'seeding a team needs the editor role' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT 1 FROM verdict.entities) THEN
        RAISE EXCEPTION 'the team already has content: it cannot be seeded' USING ERRCODE = 'object_in_use';
    END IF;
    FOR e IN SELECT * FROM jsonb_array_elements(p_entities) LOOP
        -- A time in the future is the seeding desk's clock running ahead: the seed's then.
        t := least(coalesce((e->>'at')::timestamptz, now()), now());
        INSERT INTO verdict.changes (change_id, desk, kind, key, fields, base, author, at)
            VALUES (gen_random_uuid(), p_desk, e->>'kind', e->>'key', e->'fields', 0, me, t)
            RETURNING seq INTO s;
        INSERT INTO verdict.entities (kind, key, fields, meta, version, owner, status)
            SELECT e->>'kind', e->>'key', e->'fields',
                   coalesce(jsonb_object_agg(k, jsonb_build_object('seq', s, 'desk', p_desk, 'author', me, 'at', t)), '{}'),
                   s,
                   CASE WHEN e->>'kind' = 'verdict' THEN split_part(e->>'key', '/', 1) END,
                   e->'fields'->>'status'
            FROM jsonb_object_keys(e->'fields') k;
        n := n + 1;
    END LOOP;
    PERFORM pg_notify('verdict_changes', coalesce(s, 0)::text);
    RETURN n;
END $$;

REVOKE EXECUTE ON FUNCTION verdict.record_published(text, text, timestamptz),
    verdict.seed(uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION verdict.record_published(text, text, timestamptz),
    verdict.seed(uuid, jsonb) TO verdict_member;
