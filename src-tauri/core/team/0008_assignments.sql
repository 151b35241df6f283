-- Team schema 8: assignments. A page has an assignee (an editor of the team, by login) and
-- due dates (its own, and its verdict requests'), fields of the page like any other: merged,
-- logged, in every desk's history. Editors and publishers set them; anyone else's change is
-- refused by name, and so is an assignee who is not an active editor or a date that is not
-- YYYY-MM-DD. verdict.push is restated whole (a function is replaced, not patched): its
-- comparison branch lets a publisher who is not an editor change these fields besides the
-- schedule, and checks them. Rescheduling stays the publisher's (unchanged).

-- What is wrong with a page's assignment fields in `p_fields`, naming the field (NULL: nothing).
-- An assignee that is the one the page has already passes (it was checked when assigned).
CREATE FUNCTION verdict.assignment_problem(p_fields jsonb, p_current_assignee jsonb) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, verdict AS $$
DECLARE
    f text;
    d text;
BEGIN
    IF p_fields ? 'assignee' AND jsonb_typeof(p_fields->'assignee') IS DISTINCT FROM 'null'
       AND p_fields->'assignee' IS DISTINCT FROM p_current_assignee THEN
        IF jsonb_typeof(p_fields->'assignee') <> 'string' THEN
            RETURN 'assignee: a member''s login expected';
        ELSIF NOT EXISTS (SELECT 1 FROM verdict.members
                           WHERE login = p_fields->>'assignee' AND NOT disabled
                             AND 'editor' = ANY (roles)) THEN
            RETURN format('assignee: "%s" is not an active editor of this team', p_fields->>'assignee');
        END IF;
    END IF;
    FOREACH f IN ARRAY ARRAY['due', 'verdicts_due'] LOOP
        IF p_fields ? f AND jsonb_typeof(p_fields->f) IS DISTINCT FROM 'null' THEN
            d := p_fields->>f;
            IF jsonb_typeof(p_fields->f) <> 'string' OR d !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
                RETURN format('%s: a date as YYYY-MM-DD expected', f);
            END IF;
            BEGIN
                PERFORM to_date(d, 'YYYY-MM-DD')::date;
                IF to_char(to_date(d, 'YYYY-MM-DD'), 'YYYY-MM-DD') <> d THEN
                    RETURN format('%s: %s is not a day of the calendar', f, d);
                END IF;
            EXCEPTION WHEN others THEN
                RETURN format('%s: %s is not a day of the calendar', f, d);
            END;
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION verdict.push(p_change uuid, p_desk uuid, p_kind text, p_key text, p_base bigint,
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
    IF p_kind NOT IN ('site', 'tool', 'reviewer', 'verdict', 'comparison', 'media') THEN
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
        IF NOT (editor OR publisher) AND EXISTS (
                SELECT 1 FROM jsonb_object_keys(p_fields) k
                 WHERE k IN ('assignee', 'due', 'verdicts_due')
                   AND p_fields->k IS DISTINCT FROM CASE WHEN exists_ THEN ent.fields->k END) THEN
            refusal := 'assigning pages and setting due dates needs the editor or publisher role';
        ELSIF NOT editor AND EXISTS (SELECT 1 FROM jsonb_object_keys(p_fields) k
                                  WHERE k NOT IN ('status', 'scheduled_for', 'published_at',
                                                  'assignee', 'due', 'verdicts_due')) THEN
            refusal := 'editing pages needs the editor role';
        ELSIF verdict.assignment_problem(p_fields,
                                         CASE WHEN exists_ THEN ent.fields->'assignee' END) IS NOT NULL THEN
            refusal := verdict.assignment_problem(p_fields,
                                                  CASE WHEN exists_ THEN ent.fields->'assignee' END);
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
    ELSIF p_kind = 'media' THEN
        -- An image's text: editors only, an image the team has, its fields as a desk bounds
        -- them (refused by name rather than raised, so one bad change never stops a batch).
        IF NOT editor THEN
            refusal := 'changing images needs the editor role';
        ELSIF NOT EXISTS (SELECT 1 FROM verdict.media WHERE hash = p_key) THEN
            refusal := format('the team has no image %s', p_key);
        ELSE
            refusal := verdict.media_text_problem(p_fields);
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

    IF p_kind = 'media' THEN
        -- The image's row says the same, so a desk joining (or fetching the bytes) takes the
        -- text as it is now with the image.
        UPDATE verdict.media SET
            alt = coalesce(merged->>'alt', alt),
            credit = coalesce(merged->>'credit', credit),
            decorative = coalesce((merged->>'decorative')::boolean, decorative),
            seq = nextval('verdict.media_seq'), text_by = me, text_at = now()
        WHERE hash = p_key;
        PERFORM pg_notify('verdict_changes', 'media');
    END IF;

    answer := jsonb_build_object(
        'outcome', CASE WHEN jsonb_array_length(conflicts) > 0 THEN 'partial' ELSE 'applied' END,
        'seq', new_seq, 'conflicts', conflicts, 'current', current);
    INSERT INTO verdict.pushes (change_id, author, result) VALUES (p_change, me, answer);
    PERFORM pg_notify('verdict_changes', new_seq::text);
    RETURN answer;
END $$;

REVOKE EXECUTE ON FUNCTION verdict.assignment_problem(jsonb, jsonb) FROM PUBLIC;
