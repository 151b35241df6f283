-- Team schema 9: comments on the words. A comment is seen by whoever may see the text it
-- sits on (a draft verdict's only by its reviewer and the editors), written only through
-- verdict.put_comment, as the member signed in. `seq` moves on every change of a comment
-- (and when what it sits on becomes visible to more members), so desks pull `seq > cursor`.

CREATE SEQUENCE verdict.comment_seq;

CREATE TABLE verdict.comments (
    id          uuid PRIMARY KEY,
    -- The thread's first comment; NULL for that first comment itself.
    parent      uuid REFERENCES verdict.comments(id),
    kind        text NOT NULL CHECK (kind IN ('tool', 'reviewer', 'verdict', 'comparison')),
    key         text NOT NULL,
    field       text NOT NULL,
    -- {"start", "end", "quote", "deleted"} in UTF-16 units of the author's text; first only.
    anchor      jsonb,
    body        text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 10000),
    mentions    text[] NOT NULL DEFAULT '{}',
    author      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolved_by text,
    desk        uuid NOT NULL,
    seq         bigint NOT NULL DEFAULT nextval('verdict.comment_seq')
);
CREATE INDEX comments_seq ON verdict.comments (seq);
CREATE INDEX comments_on ON verdict.comments (kind, key);

-- Every change of a comment, append-only: who did what, when.
CREATE TABLE verdict.comment_history (
    id      bigserial PRIMARY KEY,
    comment uuid NOT NULL REFERENCES verdict.comments(id),
    at      timestamptz NOT NULL DEFAULT now(),
    who     text NOT NULL,
    what    text NOT NULL
);
CREATE TRIGGER comment_history_append_only BEFORE UPDATE OR DELETE ON verdict.comment_history
    FOR EACH ROW EXECUTE FUNCTION verdict.refuse_log_edit();

-- Whether the member signed in may see the text of kind/key: everything but a draft verdict,
-- which its reviewer and the editors see (a verdict the team does not hold yet counts as a
-- draft: it exists only on its reviewer's desk).
CREATE FUNCTION verdict.may_see_text(p_kind text, p_key text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
    SELECT EXISTS (SELECT 1 FROM verdict.members WHERE login = session_user AND NOT disabled)
       AND (p_kind <> 'verdict'
            OR pg_has_role(session_user, 'verdict_editor', 'member')
            OR split_part(p_key, '/', 1) = verdict.my_reviewer()
            OR coalesce((SELECT status FROM verdict.entities WHERE kind = 'verdict' AND key = p_key),
                        'draft') <> 'draft')
$$;

ALTER TABLE verdict.comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE verdict.comment_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY comments_read ON verdict.comments FOR SELECT TO verdict_member
    USING (verdict.may_see_text(kind, key));
CREATE POLICY comment_history_read ON verdict.comment_history FOR SELECT TO verdict_member
    USING (EXISTS (SELECT 1 FROM verdict.comments c WHERE c.id = comment));
REVOKE ALL ON verdict.comments, verdict.comment_history FROM PUBLIC;
GRANT SELECT ON verdict.comments, verdict.comment_history TO verdict_member;

-- A verdict leaving draft shows its comments to every member: they move up the log.
CREATE FUNCTION verdict.comments_follow_status() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, verdict AS $$
BEGIN
    IF NEW.kind = 'verdict' AND OLD.status = 'draft' AND NEW.status IS DISTINCT FROM 'draft' THEN
        UPDATE verdict.comments SET seq = nextval('verdict.comment_seq')
         WHERE kind = 'verdict' AND key = NEW.key;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER entities_comments_follow AFTER UPDATE OF status ON verdict.entities
    FOR EACH ROW EXECUTE FUNCTION verdict.comments_follow_status();

-- Takes one comment from a desk (`p_c`: id, parent, kind, key, field, anchor, body,
-- mentions, resolved): a new one is written as the member signed in; one the team holds
-- takes only its resolution. Answers {"outcome": applied | unchanged | refused, "seq",
-- "message"}; a refusal is an answer, not an error, so the desk stops sending it.
CREATE FUNCTION verdict.put_comment(p_desk uuid, p_c jsonb)
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
DECLARE
    me       text := session_user;
    old      verdict.comments%ROWTYPE;
    root     verdict.comments%ROWTYPE;
    fields   text[];
    who      text;
    new_seq  bigint;
    resolved boolean := coalesce((p_c->>'resolved')::boolean, false);
BEGIN
    -- The same lock as every other writer of numbers desks pull by (verdict.push): a comment's
    -- seq is taken and committed in order, so a desk that has read up to 11 never misses a
    -- 10 that committed after it.
    PERFORM pg_advisory_xact_lock(hashtext('verdict.changes'));
    IF NOT EXISTS (SELECT 1 FROM verdict.members WHERE login = me AND NOT disabled) THEN
        RAISE EXCEPTION '% is not an active member of this team', me
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO old FROM verdict.comments WHERE id = (p_c->>'id')::uuid FOR UPDATE;
    IF FOUND THEN
        IF NOT verdict.may_see_text(old.kind, old.key) THEN
            RETURN jsonb_build_object('outcome', 'refused',
                'message', 'this comment is on text you may not see');
        END IF;
        IF old.parent IS NOT NULL OR (old.resolved_at IS NOT NULL) = resolved THEN
            RETURN jsonb_build_object('outcome', 'unchanged', 'seq', old.seq);
        END IF;
        UPDATE verdict.comments
           SET resolved_at = CASE WHEN resolved THEN now() END,
               resolved_by = CASE WHEN resolved THEN me END,
               seq = nextval('verdict.comment_seq')
         WHERE id = old.id RETURNING seq INTO new_seq;
        INSERT INTO verdict.comment_history (comment, who, what)
            VALUES (old.id, me, CASE WHEN resolved THEN 'resolved' ELSE 'reopened' END);
        PERFORM pg_notify('verdict_changes', 'comment');
        RETURN jsonb_build_object('outcome', 'applied', 'seq', new_seq);
    END IF;

    fields := CASE p_c->>'kind'
        WHEN 'verdict' THEN ARRAY['quote']
        WHEN 'tool' THEN ARRAY['tagline', 'description']
        WHEN 'comparison' THEN ARRAY['title', 'dek', 'intro']
        WHEN 'reviewer' THEN ARRAY['bio']
    END;
    IF fields IS NULL OR NOT (p_c->>'field' = ANY (fields)) THEN
        RETURN jsonb_build_object('outcome', 'refused', 'message',
            format('a %s has no text field "%s" to comment on', p_c->>'kind', p_c->>'field'));
    END IF;
    IF NOT verdict.may_see_text(p_c->>'kind', p_c->>'key') THEN
        RETURN jsonb_build_object('outcome', 'refused', 'message',
            'a draft verdict is seen only by its reviewer and the editors: it takes no comment from you');
    END IF;
    IF p_c->>'parent' IS NOT NULL THEN
        SELECT * INTO root FROM verdict.comments WHERE id = (p_c->>'parent')::uuid;
        IF NOT FOUND OR root.parent IS NOT NULL OR root.kind <> p_c->>'kind' OR root.key <> p_c->>'key' THEN
            RETURN jsonb_build_object('outcome', 'refused', 'message', 'a reply to a thread the team does not hold');
        END IF;
    ELSIF jsonb_typeof(p_c->'anchor') IS DISTINCT FROM 'object' THEN
        RETURN jsonb_build_object('outcome', 'refused', 'message', 'a new thread needs the words it is on');
    END IF;
    IF length(btrim(coalesce(p_c->>'body', ''))) NOT BETWEEN 1 AND 10000 THEN
        RETURN jsonb_build_object('outcome', 'refused', 'message', 'a comment is 1 to 10,000 characters');
    END IF;
    FOR who IN SELECT jsonb_array_elements_text(coalesce(p_c->'mentions', '[]')) LOOP
        IF NOT EXISTS (SELECT 1 FROM verdict.members WHERE login = who AND NOT disabled) THEN
            RETURN jsonb_build_object('outcome', 'refused', 'message',
                format('@%s is not an active member of this team', who));
        END IF;
    END LOOP;
    INSERT INTO verdict.comments (id, parent, kind, key, field, anchor, body, mentions, author,
                                  resolved_at, resolved_by, desk)
        VALUES ((p_c->>'id')::uuid, (p_c->>'parent')::uuid, p_c->>'kind', p_c->>'key',
                p_c->>'field', CASE WHEN p_c->>'parent' IS NULL THEN p_c->'anchor' END,
                btrim(p_c->>'body'),
                ARRAY(SELECT jsonb_array_elements_text(coalesce(p_c->'mentions', '[]'))),
                me, CASE WHEN resolved AND p_c->>'parent' IS NULL THEN now() END,
                CASE WHEN resolved AND p_c->>'parent' IS NULL THEN me END, p_desk)
        RETURNING seq INTO new_seq;
    INSERT INTO verdict.comment_history (comment, who, what) VALUES ((p_c->>'id')::uuid, me, 'created');
    PERFORM pg_notify('verdict_changes', 'comment');
    RETURN jsonb_build_object('outcome', 'applied', 'seq', new_seq);
END $$;

REVOKE EXECUTE ON FUNCTION verdict.put_comment(uuid, jsonb), verdict.may_see_text(text, text),
    verdict.comments_follow_status() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION verdict.put_comment(uuid, jsonb) TO verdict_member;
GRANT EXECUTE ON FUNCTION verdict.may_see_text(text, text) TO verdict_member;
