-- Team schema 2: publishing shared by the team. The targets' settings are team-wide (their
-- secrets stay in each publisher's own keyring); what each target holds of each page, and
-- which desk is publishing a page to a target right now, are shared, so two publishers'
-- desks never publish the same page twice or fight over a target.

CREATE TABLE verdict.targets (
    name     text PRIMARY KEY,
    kind     text NOT NULL CHECK (kind IN ('http', 'wordpress', 'folder')),
    url      text NOT NULL,
    "user"   text,
    added_by text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now()
);

-- What a target acknowledged for a page (as the desks' own remote_pages table holds it).
CREATE TABLE verdict.remote_pages (
    target       text NOT NULL REFERENCES verdict.targets (name) ON DELETE CASCADE,
    slug         text NOT NULL,
    remote_id    text,
    remote_url   text,
    content_hash text NOT NULL,
    version      text NOT NULL,
    published_at timestamptz NOT NULL,
    kept_remote  boolean NOT NULL DEFAULT false,
    recorded_by  text NOT NULL,
    PRIMARY KEY (target, slug)
);

-- Which desk is writing a page to a target, until when. A claim past its time is free.
CREATE TABLE verdict.publish_claims (
    target text NOT NULL,
    slug   text NOT NULL,
    desk   uuid NOT NULL,
    holder text NOT NULL,
    until  timestamptz NOT NULL,
    PRIMARY KEY (target, slug)
);

REVOKE ALL ON verdict.targets, verdict.remote_pages, verdict.publish_claims FROM PUBLIC;
GRANT SELECT ON verdict.targets, verdict.remote_pages, verdict.publish_claims TO verdict_member;

CREATE FUNCTION verdict.require_publisher(what text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
BEGIN
    IF NOT pg_has_role(session_user, 'verdict_publisher', 'member')
       OR NOT EXISTS (SELECT 1 FROM verdict.members WHERE login = session_user AND NOT disabled) THEN
        RAISE EXCEPTION '% needs the publisher role', what USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$;

CREATE FUNCTION verdict.set_target(p_name text, p_kind text, p_url text, p_user text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
BEGIN
    PERFORM verdict.require_publisher('adding publishing targets');
    INSERT INTO verdict.targets (name, kind, url, "user", added_by)
        VALUES (p_name, p_kind, p_url, p_user, session_user)
        ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url,
            "user" = excluded."user";
END $$;

CREATE FUNCTION verdict.remove_target(p_name text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
BEGIN
    PERFORM verdict.require_publisher('removing publishing targets');
    DELETE FROM verdict.targets WHERE name = p_name;
    DELETE FROM verdict.publish_claims WHERE target = p_name;
END $$;

-- Claims a page on a target for this desk for p_seconds: NULL when the desk may write it
-- now, else the login of the member whose desk is writing it.
CREATE FUNCTION verdict.claim_page(p_desk uuid, p_target text, p_slug text, p_seconds integer)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
DECLARE
    c verdict.publish_claims%ROWTYPE;
BEGIN
    PERFORM verdict.require_publisher('publishing');
    SELECT * INTO c FROM verdict.publish_claims WHERE target = p_target AND slug = p_slug FOR UPDATE;
    IF FOUND AND c.desk <> p_desk AND c.until > now() THEN
        RETURN c.holder;
    END IF;
    INSERT INTO verdict.publish_claims (target, slug, desk, holder, until)
        VALUES (p_target, p_slug, p_desk, session_user, now() + make_interval(secs => p_seconds))
        ON CONFLICT (target, slug) DO UPDATE SET desk = excluded.desk, holder = excluded.holder,
            until = excluded.until;
    RETURN NULL;
END $$;

-- Records what the target acknowledged for a page (or that it no longer holds it) and frees
-- the claim.
CREATE FUNCTION verdict.record_page(p_desk uuid, p_target text, p_slug text, p_remote_id text,
                                    p_remote_url text, p_hash text, p_version text,
                                    p_kept boolean, p_gone boolean)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
BEGIN
    PERFORM verdict.require_publisher('publishing');
    IF p_gone THEN
        DELETE FROM verdict.remote_pages WHERE target = p_target AND slug = p_slug;
    ELSE
        INSERT INTO verdict.remote_pages (target, slug, remote_id, remote_url, content_hash,
                                          version, published_at, kept_remote, recorded_by)
            VALUES (p_target, p_slug, p_remote_id, p_remote_url, p_hash, p_version, now(),
                    p_kept, session_user)
            ON CONFLICT (target, slug) DO UPDATE SET remote_id = excluded.remote_id,
                remote_url = excluded.remote_url, content_hash = excluded.content_hash,
                version = excluded.version, published_at = excluded.published_at,
                kept_remote = excluded.kept_remote, recorded_by = excluded.recorded_by;
    END IF;
    DELETE FROM verdict.publish_claims WHERE target = p_target AND slug = p_slug AND desk = p_desk;
END $$;

REVOKE EXECUTE ON FUNCTION verdict.require_publisher(text), verdict.set_target(text, text, text, text),
    verdict.remove_target(text), verdict.claim_page(uuid, text, text, integer),
    verdict.record_page(uuid, text, text, text, text, text, text, boolean, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION verdict.set_target(text, text, text, text), verdict.remove_target(text),
    verdict.claim_page(uuid, text, text, integer),
    verdict.record_page(uuid, text, text, text, text, text, text, boolean, boolean)
    TO verdict_member;
