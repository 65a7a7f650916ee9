-- issued tokens without their hashes
select id, role, municipality_code, label, created_at, last_used_at, revoked_at
from tokens
order by id
