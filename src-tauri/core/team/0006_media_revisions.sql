-- Team schema 6: an image's text (alt, credit, decorative) is an entity of the log, kind
-- 'media' keyed by the image's hash, so its edits are changes like any field's: authored,
-- in every desk's history, merged per field with conflicts kept for a person to settle, and
-- refused on the server for anyone but an editor. verdict.push is restated whole with the
-- 'media' branch (a function is replaced, not patched); verdict.media keeps the text too,
-- updated with each applied change, so an image's row always carries its current text.

ALTER TABLE verdict.entities DROP CONSTRAINT entities_kind_check;
ALTER TABLE verdict.entities ADD CONSTRAINT entities_kind_check
    CHECK (kind IN ('site', 'tool', 'reviewer', 'verdict', 'comparison', 'media'));

-- What is wrong with a change to an image's text, in words naming the field (NULL: nothing).
CREATE FUNCTION verdict.media_text_problem(p_fields jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
DECLARE
    f text;
BEGIN
    FOR f IN SELECT * FROM jsonb_object_keys(p_fields) LOOP
        IF f NOT IN ('alt', 'credit', 'decorative') THEN
            RETURN format('an image has no field "%s" to change (alt, credit, decorative)', f);
        ELSIF f = 'decorative' AND jsonb_typeof(p_fields->f) IS DISTINCT FROM 'boolean' THEN
            RETURN 'decorative: true or false expected';
        ELSIF f <> 'decorative' AND jsonb_typeof(p_fields->f) IS DISTINCT FROM 'string' THEN
            RETURN format('%s: text expected', f);
        END IF;
    END LOOP;
    IF length(p_fields->>'alt') > 1000 OR p_fields->>'alt' ~ '[[:cntrl:]]' THEN
        RETURN 'alt: one line of at most 1000 characters';
    END IF;
    IF length(p_fields->>'credit') > 300 OR p_fields->>'credit' ~ '[[:cntrl:]]' THEN
        RETURN 'credit: one line of at most 300 characters';
    END IF;
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

-- One way to change an image's text from now on: the log. Schema 5's compare-and-set call
-- stays defined (a team is never downgraded) but no member calls it.
REVOKE EXECUTE ON FUNCTION verdict.set_media_text(text, jsonb, jsonb) FROM verdict_member;
REVOKE EXECUTE ON FUNCTION verdict.media_text_problem(jsonb) FROM PUBLIC;
