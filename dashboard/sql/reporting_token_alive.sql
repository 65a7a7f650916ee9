-- a signed-in session's token, while it is not revoked
select id, role, municipality_code
from tokens
where id = $token_id and revoked_at is null
