-- municipalities with an accepted report that arrived in the window [$start, $end)
select distinct r.municipality_code
from status_reports as r
join submissions as s on s.id = r.submission_id
where s.outcome = 'accepted' and s.received_at >= $start and s.received_at < $end
