-- a municipality's earliest submission of the same bytes, accepted or rejected (a duplicate record
-- points at one of these): the app acknowledges it instead of filing the bytes again
select id, outcome
from submissions
where sha256 = $sha256
  and submitter_code = $code
  and outcome in ('accepted', 'rejected')
order by id
limit 1
