-- systems whose target day has passed, not live and not designated for special support
select
    municipality_code, municipality_ja, municipality_en, region, kind,
    business_id, business_order, business_ja, business_en,
    stage, target_date, date_diff('day', target_date, $day::date) as days_overdue, vendor, as_of
from v_latest_status
where stage in ('not_started', 'planning', 'fit_gap', 'procurement', 'migration')
    and target_date < $day::date
    and not special_support
order by days_overdue desc, municipality_code, business_order
