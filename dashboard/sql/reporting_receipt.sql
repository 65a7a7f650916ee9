-- what the store said back about one submission
select id, outcome, sha256, n_rows, n_errors, n_warnings
from submissions
where id = $submission_id
