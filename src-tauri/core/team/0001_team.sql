-- Team schema 1: the team's content, its members and the append-only change log, in the
-- `verdict` schema. Members write only through the SECURITY DEFINER functions below, which
-- check their roles, authorship and the workflow state as the server has it.
--
-- Group roles (created by `verdict team init` before this file runs): verdict_member (every
-- member), verdict_editor, verdict_reviewer, verdict_publisher, verdict_admin. The role that
-- runs init owns every object here, so the functions run as it; members own nothing, so the
-- row-level security policies apply to them.

CREATE SCHEMA verdict;
REVOKE ALL ON SCHEMA verdict FROM PUBLIC;
GRANT USAGE ON SCHEMA verdict TO verdict_member;

CREATE TABLE verdict.meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- One row per member: a Postgres login role of the same name.
CREATE TABLE verdict.members (
    login        text PRIMARY KEY,
    display_name text NOT NULL,
    roles        text[] NOT NULL,
    -- The reviewer entity a reviewer member writes verdicts as.
    reviewer     text,
    disabled     boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- The team's content as it is now: one row per entity, its fields as the desks' documents
-- hold them, and for each field the change that set it last (seq, desk, author, time).
CREATE TABLE verdict.entities (
    kind    text NOT NULL CHECK (kind IN ('site', 'tool', 'reviewer', 'verdict', 'comparison')),
    key     text NOT NULL,
    fields  jsonb NOT NULL,
    meta    jsonb NOT NULL DEFAULT '{}',
    version bigint NOT NULL,
    -- A verdict's reviewer (its author), and the workflow status of verdicts and pages.
    owner   text,
    status  text,
    PRIMARY KEY (kind, key)
);

-- The ordered log every desk pulls from (seq > its cursor). Append-only.
CREATE TABLE verdict.changes (
    seq        bigserial PRIMARY KEY,
    change_id  uuid NOT NULL,
    desk       uuid NOT NULL,
    kind       text NOT NULL,
    key        text NOT NULL,
    -- The fields this change set, with their new values.
    fields     jsonb NOT NULL,
    -- The entity version (a seq) the desk had when it made the change.
    base       bigint NOT NULL,
    author     text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now(),
    -- Set for a draft verdict's changes: only its reviewer reads them until it is submitted.
    private_to text
);

-- Every push, by the desk's change id, with the answer it got: a push retried after a lost
-- reply gets the same answer and changes nothing again.
CREATE TABLE verdict.pushes (
    change_id uuid PRIMARY KEY,
    author    text NOT NULL,
    result    jsonb NOT NULL,
    at        timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION verdict.refuse_log_edit() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    RAISE EXCEPTION 'the change log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER changes_append_only BEFORE UPDATE OR DELETE ON verdict.changes
    FOR EACH ROW EXECUTE FUNCTION verdict.refuse_log_edit();
CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON verdict.changes
    FOR EACH STATEMENT EXECUTE FUNCTION verdict.refuse_log_edit();
CREATE TRIGGER pushes_append_only BEFORE UPDATE OR DELETE ON verdict.pushes
    FOR EACH ROW EXECUTE FUNCTION verdict.refuse_log_edit();

-- The reviewer entity of the member signed in (NULL for others and disabled members).
CREATE FUNCTION verdict.my_reviewer() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
    SELECT reviewer FROM verdict.members WHERE login = session_user AND NOT disabled
$$;

-- Reads: members read the content and the log, except other reviewers' draft verdicts.
ALTER TABLE verdict.entities ENABLE ROW LEVEL SECURITY;
ALTER TABLE verdict.changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE verdict.pushes ENABLE ROW LEVEL SECURITY;
CREATE POLICY entities_read ON verdict.entities FOR SELECT TO verdict_member
    USING (kind <> 'verdict' OR status IS DISTINCT FROM 'draft' OR owner = verdict.my_reviewer());
CREATE POLICY changes_read ON verdict.changes FOR SELECT TO verdict_member
    USING (private_to IS NULL OR private_to = session_user);
CREATE POLICY pushes_read ON verdict.pushes FOR SELECT TO verdict_member
    USING (author = session_user);

REVOKE ALL ON ALL TABLES IN SCHEMA verdict FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA verdict FROM PUBLIC;
GRANT SELECT ON verdict.meta, verdict.members, verdict.entities, verdict.changes, verdict.pushes
    TO verdict_member;

-- The identity of a set of tools, as the desk computes it: sorted (byte order), distinct,
-- joined by '+'.
CREATE FUNCTION verdict.pair_key(tools jsonb) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT string_agg(t, '+' ORDER BY t)
      FROM (SELECT DISTINCT t COLLATE "C" AS t FROM jsonb_array_elements_text(tools) AS t) d
$$;

-- Why `who` may not make this change to a page's status, or NULL when they may.
CREATE FUNCTION verdict.page_step(from_status text, to_status text, editor boolean, publisher boolean)
RETURNS text LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
DECLARE
    needs text;
BEGIN
    IF from_status = to_status THEN
        RETURN NULL;
    END IF;
    needs := CASE
        WHEN from_status = 'draft' AND to_status = 'in_review' THEN 'editor'
        WHEN from_status IN ('in_review', 'approved', 'scheduled') AND to_status = 'draft' THEN 'editor'
        WHEN from_status = 'in_review' AND to_status = 'approved' THEN 'publisher'
        WHEN from_status IN ('approved', 'scheduled') AND to_status IN ('scheduled', 'published') THEN 'publisher'
        WHEN from_status = 'published' AND to_status = 'approved' THEN 'publisher'
        ELSE NULL
    END;
    IF needs IS NULL THEN
        RETURN format('a page cannot go from %s to %s', from_status, to_status);
    ELSIF needs = 'editor' AND NOT editor THEN
        RETURN format('moving a page from %s to %s needs the editor role', from_status, to_status);
    ELSIF needs = 'publisher' AND NOT publisher THEN
        RETURN format('moving a page from %s to %s needs the publisher role', from_status, to_status);
    END IF;
    RETURN NULL;
END $$;

-- Why this change to a verdict may not be made, or NULL when it may.
CREATE FUNCTION verdict.verdict_step(from_status text, to_status text, own boolean, editor boolean)
RETURNS text LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
    IF from_status IS NOT DISTINCT FROM to_status THEN
        RETURN NULL;
    ELSIF from_status IS NULL AND to_status = 'draft' THEN
        RETURN CASE WHEN own THEN NULL ELSE 'only its reviewer starts a verdict' END;
    ELSIF coalesce(from_status, 'draft') IN ('draft', 'returned') AND to_status = 'submitted' THEN
        RETURN CASE WHEN own THEN NULL ELSE 'only its reviewer submits a verdict' END;
    ELSIF from_status = 'submitted' AND to_status = 'accepted' THEN
        RETURN CASE WHEN editor THEN NULL ELSE 'accepting a verdict needs the editor role' END;
    ELSIF from_status IN ('submitted', 'accepted') AND to_status = 'returned' THEN
        RETURN CASE WHEN editor THEN NULL ELSE 'returning a verdict needs the editor role' END;
    END IF;
    RETURN format('a verdict cannot go from %s to %s', coalesce(from_status, 'nothing'), to_status);
END $$;

-- Applies one change from a desk: checks who may make it, merges it field by field with what
-- changed since `p_base`, appends what it applied to the log, and answers with
-- {"outcome": applied | partial | conflict | refused | unchanged, "seq", "conflicts": [...],
--  "message", "current": {field: value as the server has it, for fields not applied}}.
CREATE FUNCTION verdict.push(p_change uuid, p_desk uuid, p_kind text, p_key text, p_base bigint,
                             p_fields jsonb, p_prev jsonb)
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
DECLARE
    me        text := session_user;
    answer    jsonb;
    ent       verdict.entities%ROWTYPE;
    exists_   boolean;
    member    verdict.members%ROWTYPE;
    editor    boolean;
    publisher boolean;
    reviewer  boolean;
    own       boolean := false;
    refusal   text;
    f         text;
    val       jsonb;
    m         jsonb;
    applied   jsonb := '{}';
    conflicts jsonb := '[]';
    current   jsonb := '{}';
    merged    jsonb;
    new_meta  jsonb;
    new_seq   bigint;
    status_   text;
    logged    jsonb;
    private   text;
    other     text;
BEGIN
    -- One writer at a time: a seq is committed before the next is taken, so a desk that
    -- pulled up to N never misses a change numbered below N that commits later.
    PERFORM pg_advisory_xact_lock(hashtext('verdict.changes'));

    SELECT result INTO answer FROM verdict.pushes WHERE change_id = p_change;
    IF FOUND THEN
        RETURN answer;
    END IF;

    SELECT * INTO member FROM verdict.members WHERE login = me;
    IF NOT FOUND OR member.disabled THEN
        RAISE EXCEPTION '% is not an active member of this team', me
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    editor    := pg_has_role(me, 'verdict_editor', 'member');
    publisher := pg_has_role(me, 'verdict_publisher', 'member');
    reviewer  := pg_has_role(me, 'verdict_reviewer', 'member');
    IF p_kind NOT IN ('site', 'tool', 'reviewer', 'verdict', 'comparison') THEN
        RAISE EXCEPTION 'unknown kind of entity "%"', p_kind USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_typeof(p_fields) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'fields must be a JSON object' USING ERRCODE = 'invalid_parameter_value';
    END IF;

    SELECT * INTO ent FROM verdict.entities WHERE kind = p_kind AND key = p_key FOR UPDATE;
    exists_ := FOUND;

    -- Who may change what.
    IF p_kind IN ('tool', 'reviewer') AND NOT editor THEN
        refusal := format('editing %ss needs the editor role', p_kind);
    ELSIF p_kind = 'site' AND NOT (editor OR publisher) THEN
        refusal := 'the site settings need the editor or publisher role';
    ELSIF p_kind = 'comparison' THEN
        IF NOT editor AND EXISTS (SELECT 1 FROM jsonb_object_keys(p_fields) k
                                  WHERE k NOT IN ('status', 'scheduled_for', 'published_at')) THEN
            refusal := 'editing pages needs the editor role';
        ELSIF NOT exists_ AND coalesce(p_fields->>'status', 'draft') <> 'draft' THEN
            refusal := 'a new page starts as a draft';
        ELSIF exists_ AND p_fields ? 'status' AND p_fields->>'status' IS DISTINCT FROM ent.status THEN
            IF ent.status IS DISTINCT FROM p_prev->>'status' THEN
                refusal := format('the page is %s on the team now, not %s: someone moved it meanwhile',
                                  ent.status, coalesce(p_prev->>'status', 'unknown'));
            ELSE
                refusal := verdict.page_step(ent.status, p_fields->>'status', editor, publisher);
            END IF;
        ELSIF exists_ AND NOT publisher AND (
                (p_fields ? 'scheduled_for' AND p_fields->'scheduled_for' IS DISTINCT FROM ent.fields->'scheduled_for')
             OR (p_fields ? 'published_at' AND p_fields->'published_at' IS DISTINCT FROM ent.fields->'published_at')) THEN
            refusal := 'scheduling and publishing need the publisher role';
        END IF;
    ELSIF p_kind = 'verdict' THEN
        own := reviewer AND member.reviewer IS NOT NULL AND split_part(p_key, '/', 1) = member.reviewer;
        IF exists_ AND ent.status = 'draft' AND NOT own THEN
            -- Another reviewer's draft is not even visible to this member.
            refusal := 'only its reviewer writes a draft verdict';
        ELSIF EXISTS (SELECT 1 FROM jsonb_object_keys(p_fields) k
                      WHERE k IN ('call', 'quote', 'reviewer', 'tool', 'created_at')
                        AND (NOT exists_ OR p_fields->k IS DISTINCT FROM ent.fields->k)) THEN
            IF NOT own THEN
                refusal := 'only its reviewer writes a verdict';
            ELSIF exists_ AND ent.status NOT IN ('draft', 'returned') THEN
                refusal := format('the verdict is %s on the team now: it can no longer be edited', ent.status);
            END IF;
        END IF;
        IF refusal IS NULL AND (p_fields ? 'status' OR NOT exists_) THEN
            status_ := coalesce(p_fields->>'status', 'draft');
            IF exists_ AND status_ IS DISTINCT FROM ent.status AND ent.status IS DISTINCT FROM p_prev->>'status' THEN
                refusal := format('the verdict is %s on the team now, not %s: someone moved it meanwhile',
                                  ent.status, coalesce(p_prev->>'status', 'unknown'));
            ELSE
                refusal := verdict.verdict_step(CASE WHEN exists_ THEN ent.status END, status_, own, editor);
            END IF;
        END IF;
        IF refusal IS NULL AND p_fields ? 'return_comment'
           AND p_fields->'return_comment' IS DISTINCT FROM ent.fields->'return_comment'
           AND NOT (editor OR own) THEN
            refusal := 'only an editor comments on a returned verdict';
        END IF;
    END IF;

    -- One page per set of tools, as on every desk (A vs B and B vs A are one page).
    IF refusal IS NULL AND p_kind = 'comparison' AND jsonb_typeof(p_fields->'tools') = 'array' THEN
        SELECT e.key INTO other FROM verdict.entities e
         WHERE e.kind = 'comparison' AND e.key <> p_key
           AND verdict.pair_key(e.fields->'tools') = verdict.pair_key(p_fields->'tools')
         LIMIT 1;
        IF other IS NOT NULL THEN
            refusal := format('these tools already have a comparison page on the team: "%s"', other);
        END IF;
    END IF;

    IF refusal IS NOT NULL THEN
        IF exists_ THEN
            SELECT coalesce(jsonb_object_agg(k, ent.fields->k), '{}') INTO current
                FROM jsonb_object_keys(p_fields) k WHERE ent.fields ? k;
        END IF;
        answer := jsonb_build_object('outcome', 'refused', 'message', refusal, 'current', current,
                                     'exists', exists_);
        INSERT INTO verdict.pushes (change_id, author, result) VALUES (p_change, me, answer);
        RETURN answer;
    END IF;

    -- Merge field by field: a field another desk changed since our base is a conflict,
    -- unless both wrote the same value. Workflow fields were checked above; timestamps of
    -- a verdict follow the last writer.
    FOR f, val IN SELECT * FROM jsonb_each(p_fields) LOOP
        m := CASE WHEN exists_ THEN ent.meta->f END;
        IF m IS NOT NULL AND (m->>'seq')::bigint > p_base AND (m->>'desk')::uuid <> p_desk
           AND ent.fields->f IS DISTINCT FROM val
           AND f NOT IN ('status', 'scheduled_for', 'published_at', 'updated_at', 'created_at') THEN
            conflicts := conflicts || jsonb_build_array(jsonb_build_object(
                'field', f, 'mine', val, 'theirs', ent.fields->f,
                'theirs_author', m->>'author', 'theirs_seq', (m->>'seq')::bigint,
                'theirs_at', m->>'at'));
            current := current || jsonb_build_object(f, ent.fields->f);
        ELSIF NOT exists_ OR ent.fields->f IS DISTINCT FROM val THEN
            applied := applied || jsonb_build_object(f, val);
        END IF;
    END LOOP;

    IF applied = '{}' THEN
        answer := jsonb_build_object(
            'outcome', CASE WHEN jsonb_array_length(conflicts) > 0 THEN 'conflict' ELSE 'unchanged' END,
            'conflicts', conflicts, 'current', current, 'version', ent.version);
        INSERT INTO verdict.pushes (change_id, author, result) VALUES (p_change, me, answer);
        RETURN answer;
    END IF;

    merged := CASE WHEN exists_ THEN ent.fields || applied ELSE applied END;
    status_ := CASE WHEN p_kind IN ('verdict', 'comparison') THEN merged->>'status' END;
    logged := applied;
    IF p_kind = 'verdict' THEN
        IF status_ = 'draft' THEN
            private := me;
        ELSIF exists_ AND ent.status = 'draft' THEN
            -- Submitted: everyone now gets the whole verdict, whose drafts they never saw.
            logged := merged;
        END IF;
    END IF;

    INSERT INTO verdict.changes (change_id, desk, kind, key, fields, base, author, private_to)
        VALUES (p_change, p_desk, p_kind, p_key, logged, p_base, me, private)
        RETURNING seq INTO new_seq;
    SELECT coalesce(CASE WHEN exists_ THEN ent.meta END, '{}') ||
           coalesce(jsonb_object_agg(k, jsonb_build_object('seq', new_seq, 'desk', p_desk,
                                                           'author', me, 'at', now())), '{}')
        INTO new_meta FROM jsonb_object_keys(applied) k;
    INSERT INTO verdict.entities AS e (kind, key, fields, meta, version, owner, status)
        VALUES (p_kind, p_key, merged, new_meta, new_seq,
                CASE WHEN p_kind = 'verdict' THEN split_part(p_key, '/', 1) END, status_)
        ON CONFLICT (kind, key) DO UPDATE SET fields = excluded.fields, meta = excluded.meta,
            version = excluded.version, status = excluded.status;

    answer := jsonb_build_object(
        'outcome', CASE WHEN jsonb_array_length(conflicts) > 0 THEN 'partial' ELSE 'applied' END,
        'seq', new_seq, 'conflicts', conflicts, 'current', current);
    INSERT INTO verdict.pushes (change_id, author, result) VALUES (p_change, me, answer);
    PERFORM pg_notify('verdict_changes', new_seq::text);
    RETURN answer;
END $$;

-- Several changes of one desk in one round trip and one transaction, applied in order as
-- verdict.push applies each; answers in the same order.
CREATE FUNCTION verdict.push_batch(p_desk uuid, p_changes jsonb)
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
DECLARE
    c       jsonb;
    answers jsonb := '[]';
BEGIN
    IF jsonb_typeof(p_changes) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'changes must be a JSON array' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR c IN SELECT * FROM jsonb_array_elements(p_changes) LOOP
        answers := answers || jsonb_build_array(verdict.push(
            (c->>'change_id')::uuid, p_desk, c->>'kind', c->>'key', (c->>'base')::bigint,
            c->'fields', c->'prev'));
    END LOOP;
    RETURN answers;
END $$;

-- Fills an empty team with a desk's content in one go (an editor seeding the team from the
-- desk they worked on alone): each entity as one change, statuses as they are.
CREATE FUNCTION verdict.seed(p_desk uuid, p_entities jsonb)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
DECLARE
    me  text := session_user;
    e   jsonb;
    s   bigint;
    n   bigint := 0;
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
        INSERT INTO verdict.changes (change_id, desk, kind, key, fields, base, author)
            VALUES (gen_random_uuid(), p_desk, e->>'kind', e->>'key', e->'fields', 0, me)
            RETURNING seq INTO s;
        INSERT INTO verdict.entities (kind, key, fields, meta, version, owner, status)
            SELECT e->>'kind', e->>'key', e->'fields',
                   coalesce(jsonb_object_agg(k, jsonb_build_object('seq', s, 'desk', p_desk, 'author', me, 'at', now())), '{}'),
                   s,
                   CASE WHEN e->>'kind' = 'verdict' THEN split_part(e->>'key', '/', 1) END,
                   e->'fields'->>'status'
            FROM jsonb_object_keys(e->'fields') k;
        n := n + 1;
    END LOOP;
    PERFORM pg_notify('verdict_changes', coalesce(s, 0)::text);
    RETURN n;
END $$;

-- Members: login roles made by an admin. The password arrives as a SCRAM verifier, never as
-- clear text, so it is in no statement log.
CREATE FUNCTION verdict.add_member(p_login text, p_name text, p_roles text[], p_reviewer text, p_verifier text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
DECLARE
    r text;
BEGIN
    IF NOT pg_has_role(session_user, 'verdict_admin', 'member') THEN
        RAISE EXCEPTION 'adding members needs the admin role' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_login !~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' OR length(p_login) > 63 THEN
        RAISE EXCEPTION 'a member name is lower-case letters and digits, with single hyphens (got "%")', p_login
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_verifier !~ '^SCRAM-SHA-256\$' THEN
        RAISE EXCEPTION 'the password must arrive as a SCRAM-SHA-256 verifier' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cardinality(p_roles) = 0 THEN
        RAISE EXCEPTION 'a member needs at least one role' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH r IN ARRAY p_roles LOOP
        IF r NOT IN ('editor', 'reviewer', 'publisher', 'admin') THEN
            RAISE EXCEPTION 'unknown role "%" (editor, reviewer, publisher, admin)', r
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    IF ('reviewer' = ANY (p_roles)) <> (p_reviewer IS NOT NULL) THEN
        RAISE EXCEPTION 'a reviewer member is tied to one reviewer, and only a reviewer member is'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        RAISE EXCEPTION 'a database role "%" exists already', p_login USING ERRCODE = 'duplicate_object';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE verdict_member', p_login, p_verifier);
    FOREACH r IN ARRAY p_roles LOOP
        EXECUTE format('GRANT %I TO %I', 'verdict_' || r, p_login);
    END LOOP;
    INSERT INTO verdict.members (login, display_name, roles, reviewer)
        VALUES (p_login, p_name, p_roles, p_reviewer);
END $$;

CREATE FUNCTION verdict.disable_member(p_login text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
BEGIN
    IF NOT pg_has_role(session_user, 'verdict_admin', 'member') THEN
        RAISE EXCEPTION 'disabling members needs the admin role' USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE verdict.members SET disabled = true WHERE login = p_login;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no member "%"', p_login USING ERRCODE = 'undefined_object';
    END IF;
    EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
END $$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA verdict FROM PUBLIC;
GRANT EXECUTE ON FUNCTION verdict.push(uuid, uuid, text, text, bigint, jsonb, jsonb) TO verdict_member;
GRANT EXECUTE ON FUNCTION verdict.push_batch(uuid, jsonb) TO verdict_member;
GRANT EXECUTE ON FUNCTION verdict.seed(uuid, jsonb) TO verdict_member;
GRANT EXECUTE ON FUNCTION verdict.my_reviewer() TO verdict_member;
-- Every member may call these; they check the admin role themselves, to say so by name.
GRANT EXECUTE ON FUNCTION verdict.add_member(text, text, text[], text, text) TO verdict_member;
GRANT EXECUTE ON FUNCTION verdict.disable_member(text) TO verdict_member;
