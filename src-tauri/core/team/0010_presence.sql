-- Team schema 10: presence. Who has which page or form open now, and who is typing in which
-- field: a hint that never locks anything. Kept in an unlogged table (a server crash may lose
-- it, as it may) and written only through verdict.presence_beat, as the member signed in. A
-- desk beats while it has something open (every 20 s in the app); a reader shows a row while
-- it is fresher than it asks (30 s in the app), so a desk that goes away disappears on its
-- own, by the server's clock. A row is seen by whoever may see the text it is on (the same
-- rule as comments). A change of place wakes the desks listening on `verdict_presence`; the
-- payload is only the beating desk's id (a NOTIFY passes no row-level security).

CREATE UNLOGGED TABLE verdict.presence (
    login  text NOT NULL,
    desk   uuid NOT NULL,
    kind   text NOT NULL,
    key    text NOT NULL,
    field  text,
    typing boolean NOT NULL DEFAULT false,
    at     timestamptz NOT NULL DEFAULT now(),
    -- One place per desk of a member: a desk id claimed by another login is another row.
    PRIMARY KEY (login, desk)
);
CREATE INDEX presence_at ON verdict.presence (at);

ALTER TABLE verdict.presence ENABLE ROW LEVEL SECURITY;
CREATE POLICY presence_read ON verdict.presence FOR SELECT TO verdict_member
    USING (verdict.may_see_text(kind, key));
REVOKE ALL ON verdict.presence FROM PUBLIC;
GRANT SELECT ON verdict.presence TO verdict_member;

-- This desk's place (`p_kind` NULL: nothing open): written as the member signed in, with the
-- server's time. False when the member may not see that text (nothing is then shown there).
-- Only a change of place, field or typing (or a return after a gap) wakes the other desks; a
-- beat that only says "still here" does not.
CREATE FUNCTION verdict.presence_beat(p_desk uuid, p_kind text, p_key text, p_field text,
                                      p_typing boolean)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, verdict AS $$
DECLARE
    me  text := session_user;
    old verdict.presence%ROWTYPE;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM verdict.members WHERE login = me AND NOT disabled) THEN
        RAISE EXCEPTION '% is not an active member of this team', me
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_desk IS NULL THEN
        RAISE EXCEPTION 'presence: desk is missing' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_kind IS NOT NULL AND p_kind NOT IN ('site', 'tool', 'reviewer', 'verdict', 'comparison', 'media') THEN
        RAISE EXCEPTION 'presence: kind "%" is not a site, tool, reviewer, verdict, comparison or media', p_kind
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_kind IS NOT NULL AND length(coalesce(p_key, '')) NOT BETWEEN 1 AND 300 THEN
        RAISE EXCEPTION 'presence: key must be 1 to 300 characters' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF length(p_field) NOT BETWEEN 1 AND 100 THEN
        RAISE EXCEPTION 'presence: field must be 1 to 100 characters' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Rows nobody shows any more leave the table (two minutes is four times what a desk shows).
    DELETE FROM verdict.presence WHERE at < now() - interval '2 minutes';
    SELECT * INTO old FROM verdict.presence WHERE login = me AND desk = p_desk;
    IF p_kind IS NULL OR NOT verdict.may_see_text(p_kind, p_key) THEN
        DELETE FROM verdict.presence WHERE login = me AND desk = p_desk;
        IF FOUND THEN
            PERFORM pg_notify('verdict_presence', p_desk::text);
        END IF;
        RETURN p_kind IS NULL;
    END IF;
    INSERT INTO verdict.presence (login, desk, kind, key, field, typing, at)
        VALUES (me, p_desk, p_kind, p_key, p_field, coalesce(p_typing, false), now())
        ON CONFLICT (login, desk) DO UPDATE
           SET kind = excluded.kind, key = excluded.key, field = excluded.field,
               typing = excluded.typing, at = excluded.at;
    -- A desk back after a gap (its row near or past what readers show) is news again.
    IF old.login IS NULL OR old.at < now() - interval '25 seconds' OR old.kind <> p_kind OR old.key <> p_key
       OR old.field IS DISTINCT FROM p_field OR old.typing <> coalesce(p_typing, false) THEN
        PERFORM pg_notify('verdict_presence', p_desk::text);
    END IF;
    RETURN true;
END $$;

REVOKE EXECUTE ON FUNCTION verdict.presence_beat(uuid, text, text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION verdict.presence_beat(uuid, text, text, text, boolean) TO verdict_member;
