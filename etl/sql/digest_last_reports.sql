-- each municipality's last accepted report received before $end (what the digest's silent list shows)
select
    r.municipality_code,
    max(s.received_at)
from status_reports as r
join submissions as s on s.id = r.submission_id
where s.outcome = 'accepted' and s.received_at < $end
group by 1
