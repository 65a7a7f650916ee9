-- the session a fresh, unused hand-over code opens (its token still valid)
select s.id
from sessions as s
join tokens as t on t.id = s.token_id
where s.grant_hash = $grant_hash
    and s.grant_expires_at > $now
    and s.ended_at is null
    and s.expires_at > $now
    and t.revoked_at is null
