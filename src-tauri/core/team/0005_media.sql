-- Team schema 5: the team's images. One row per image, keyed by the SHA-256 of its kept
-- original (the same name every desk gives it), holding the original's bytes and what the
-- desks show with it. Desks make the variants from the original themselves (deterministic),
-- so only originals travel. Members read every image (tools and pages, which show them, are
-- readable by every member; quotes take no images) and write only through the functions
-- below: adding an image and changing its text are editors' steps, as for the tools.

-- The largest original the team takes, in bytes; the owner may change it here.
INSERT INTO verdict.meta (key, value) VALUES ('media_max_bytes', '26214400')
    ON CONFLICT (key) DO NOTHING;

-- Orders the images' changes (an add, a text edit), so a desk pulls `seq > its cursor`.
CREATE SEQUENCE verdict.media_seq;

CREATE TABLE verdict.media (
    hash          text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
    mime          text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/svg+xml')),
    width         integer NOT NULL CHECK (width > 0),
    height        integer NOT NULL CHECK (height > 0),
    bytes         integer NOT NULL CHECK (bytes > 0),
    original_name text NOT NULL,
    alt           text NOT NULL DEFAULT '',
    credit        text NOT NULL DEFAULT '',
    decorative    boolean NOT NULL DEFAULT false,
    added_by      text NOT NULL,
    added_at      timestamptz NOT NULL DEFAULT now(),
    -- The last change to this row (its add or a text edit), from verdict.media_seq.
    seq           bigint NOT NULL,
    -- Who changed its text last, and when.
    text_by       text NOT NULL,
    text_at       timestamptz NOT NULL DEFAULT now(),
    data          bytea NOT NULL,
    CHECK (octet_length(data) = bytes)
);
CREATE INDEX media_by_seq ON verdict.media (seq);
-- The bytes are read by hash, one image at a time; no need to compress images again.
ALTER TABLE verdict.media ALTER COLUMN data SET STORAGE EXTERNAL;

ALTER TABLE verdict.media ENABLE ROW LEVEL SECURITY;
CREATE POLICY media_read ON verdict.media FOR SELECT TO verdict_member USING (true);
REVOKE ALL ON verdict.media FROM PUBLIC;
REVOKE ALL ON SEQUENCE verdict.media_seq FROM PUBLIC;
GRANT SELECT ON verdict.media TO verdict_member;

-- The rows are content-addressed: bytes never change under a hash, and an image is never
-- removed by a member (a desk that still shows it would lose it).
CREATE FUNCTION verdict.refuse_media_edit() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.data IS DISTINCT FROM OLD.data OR NEW.hash <> OLD.hash THEN
        RAISE EXCEPTION 'an image''s bytes never change under its hash: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER media_bytes_fixed BEFORE UPDATE OR DELETE ON verdict.media
    FOR EACH ROW EXECUTE FUNCTION verdict.refuse_media_edit();

CREATE FUNCTION verdict.require_editor(what text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM verdict.members WHERE login = session_user AND NOT disabled) THEN
        RAISE EXCEPTION '% is not an active member of this team', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT pg_has_role(session_user, 'verdict_editor', 'member') THEN
        RAISE EXCEPTION '% needs the editor role', what USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$;

-- The same bounds a desk puts on an image's text: one line each, alt text up to 1000
-- characters, credit up to 300.
CREATE FUNCTION verdict.check_media_text(p_alt text, p_credit text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
    IF length(p_alt) > 1000 OR p_alt ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION 'alt: one line of at most 1000 characters' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF length(p_credit) > 300 OR p_credit ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION 'credit: one line of at most 300 characters' USING ERRCODE = 'invalid_parameter_value';
    END IF;
END $$;

-- Adds an image (an editor's step). Idempotent by content: an image the team has already is
-- left as it is (its text included) and answered 'present', so a push retried after a lost
-- reply stores nothing twice. The hash is checked against the bytes, and the size against
-- the team's cap, here on the server.
CREATE FUNCTION verdict.push_media(p_hash text, p_mime text, p_width integer, p_height integer,
                                   p_name text, p_alt text, p_credit text, p_decorative boolean,
                                   p_data bytea)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
DECLARE
    cap bigint := (SELECT value::bigint FROM verdict.meta WHERE key = 'media_max_bytes');
    s   bigint;
BEGIN
    PERFORM verdict.require_editor('adding images');
    IF p_data IS NULL OR octet_length(p_data) = 0 THEN
        RAISE EXCEPTION 'the image % has no bytes', p_hash USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF octet_length(p_data) > cap THEN
        RAISE EXCEPTION 'the image % is % bytes; the team takes images up to % bytes (media_max_bytes)',
            p_name, octet_length(p_data), cap USING ERRCODE = 'program_limit_exceeded';
    END IF;
    PERFORM verdict.check_media_text(p_alt, p_credit);
    IF encode(sha256(p_data), 'hex') IS DISTINCT FROM p_hash THEN
        RAISE EXCEPTION 'the image % is not what its hash % names (its bytes hash to %)',
            p_name, p_hash, encode(sha256(p_data), 'hex') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM verdict.media WHERE hash = p_hash) THEN
        RETURN 'present';
    END IF;
    -- One writer at a time, as for the log: a seq is committed before the next is taken.
    PERFORM pg_advisory_xact_lock(hashtext('verdict.changes'));
    s := nextval('verdict.media_seq');
    INSERT INTO verdict.media (hash, mime, width, height, bytes, original_name, alt, credit,
                               decorative, added_by, seq, text_by, data)
        VALUES (p_hash, p_mime, p_width, p_height, octet_length(p_data), left(p_name, 200),
                coalesce(p_alt, ''), coalesce(p_credit, ''), coalesce(p_decorative, false),
                session_user, s, session_user, p_data)
        ON CONFLICT (hash) DO NOTHING;
    IF NOT FOUND THEN
        RETURN 'present';
    END IF;
    PERFORM pg_notify('verdict_changes', 'media');
    RETURN 'stored';
END $$;

-- Changes an image's text (an editor's step), field by field, compare-and-set: a field is
-- set only where the team still has the value the desk last saw (p_prev), or has the new
-- value already. Answers {"applied": [fields], "refused": {field: team's value},
-- "seq", "by"} so the desk takes the team's value for a field someone changed meanwhile.
CREATE FUNCTION verdict.set_media_text(p_hash text, p_prev jsonb, p_fields jsonb)
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
DECLARE
    m       verdict.media%ROWTYPE;
    f       text;
    theirs  jsonb;
    applied jsonb := '[]';
    refused jsonb := '{}';
    s       bigint;
BEGIN
    PERFORM verdict.require_editor('changing images');
    PERFORM pg_advisory_xact_lock(hashtext('verdict.changes'));
    SELECT * INTO m FROM verdict.media WHERE hash = p_hash FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the team has no image %', p_hash USING ERRCODE = 'undefined_object';
    END IF;
    IF jsonb_typeof(p_fields) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'fields must be a JSON object' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR f IN SELECT * FROM jsonb_object_keys(p_fields) LOOP
        IF f NOT IN ('alt', 'credit', 'decorative') THEN
            RAISE EXCEPTION 'an image has no field "%" to change (alt, credit, decorative)', f
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF f = 'decorative' AND jsonb_typeof(p_fields->f) IS DISTINCT FROM 'boolean' THEN
            RAISE EXCEPTION 'decorative: true or false expected' USING ERRCODE = 'invalid_parameter_value';
        ELSIF f <> 'decorative' AND jsonb_typeof(p_fields->f) IS DISTINCT FROM 'string' THEN
            RAISE EXCEPTION '%: text expected', f USING ERRCODE = 'invalid_parameter_value';
        END IF;
        theirs := CASE f WHEN 'alt' THEN to_jsonb(m.alt) WHEN 'credit' THEN to_jsonb(m.credit)
                         ELSE to_jsonb(m.decorative) END;
        IF theirs = p_fields->f THEN
            CONTINUE;
        ELSIF theirs IS DISTINCT FROM p_prev->f THEN
            refused := refused || jsonb_build_object(f, theirs);
        ELSE
            applied := applied || to_jsonb(f);
        END IF;
    END LOOP;
    PERFORM verdict.check_media_text(p_fields->>'alt', p_fields->>'credit');
    IF jsonb_array_length(applied) > 0 THEN
        s := nextval('verdict.media_seq');
        UPDATE verdict.media SET
            alt = CASE WHEN applied ? 'alt' THEN p_fields->>'alt' ELSE alt END,
            credit = CASE WHEN applied ? 'credit' THEN p_fields->>'credit' ELSE credit END,
            decorative = CASE WHEN applied ? 'decorative' THEN (p_fields->>'decorative')::boolean
                              ELSE decorative END,
            seq = s, text_by = session_user, text_at = now()
        WHERE hash = p_hash;
        PERFORM pg_notify('verdict_changes', 'media');
    END IF;
    RETURN jsonb_build_object('applied', applied, 'refused', refused, 'by', m.text_by,
                              'seq', coalesce(s, m.seq));
END $$;

REVOKE EXECUTE ON FUNCTION verdict.require_editor(text), verdict.check_media_text(text, text),
    verdict.push_media(text, text, integer, integer, text, text, text, boolean, bytea),
    verdict.set_media_text(text, jsonb, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    verdict.push_media(text, text, integer, integer, text, text, text, boolean, bytea),
    verdict.set_media_text(text, jsonb, jsonb) TO verdict_member;
