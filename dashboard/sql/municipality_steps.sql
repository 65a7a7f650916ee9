-- one municipality's step statuses per business in the latest ministry workbook, with its rates
select
    s.business_id,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    s.step_no,
    coalesce(p.step_name_ja, s.step_name) as step_name,  -- the procedure's real name (pmo_steps.csv)
    s.step_name as step_name_written,
    s.status,
    r.rate,
    s.as_of
from v_official_latest_steps as s
join businesses as b on b.business_id = s.business_id
left join pmo_steps as p on p.step_no = s.step_no
left join v_official_latest_rates as r
    on r.municipality_code = s.municipality_code and r.business_id = s.business_id
where s.municipality_code = $code
order by b.display_order, s.step_no
