-- Team schema 7: Ghost is a kind of publishing target (desk migration 13 widened the desk's
-- own list); a team's shared targets take it too.

ALTER TABLE verdict.targets DROP CONSTRAINT targets_kind_check;
ALTER TABLE verdict.targets ADD CONSTRAINT targets_kind_check
    CHECK (kind IN ('http', 'wordpress', 'folder', 'ghost'));
