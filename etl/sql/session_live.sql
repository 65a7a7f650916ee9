-- a live session by its cookie's hash or by its row id: not expired, not signed out, token not revoked
select s.id, t.id as token_id, t.role, t.municipality_code, t.label, s.expires_at
from sessions as s
join tokens as t on t.id = s.token_id
where (s.sid_hash = $sid_hash or s.id = $id)
    and s.ended_at is null
    and s.expires_at > $now
    and t.revoked_at is null
