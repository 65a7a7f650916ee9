-- one submission's raw bytes as received
select id, filename, source, sha256, raw
from submissions
where id = $submission_id
