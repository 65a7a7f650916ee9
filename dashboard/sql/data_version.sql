-- what the dashboard's caches key on: it changes as soon as a new submission is accepted, or an
-- official release, a national figures file, a cost submission or a joint arrangement is loaded
select
    coalesce(max(id), 0) as last_id,
    count(*) as n_accepted,
    (select count(*) from official_releases) + (select count(*) from national_figures)
        + (select count(*) from cost_submissions) + (select count(*) from joint_arrangements) as n_official
from v_submissions
where outcome = 'accepted'
