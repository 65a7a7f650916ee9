-- the members of every formed arrangement, each one's cost before and after it began
select
    j.arrangement_id,
    j.name,
    j.business_id,
    b.name_ja as business_ja,
    b.name_en as business_en,
    j.vendor,
    j.start_date,
    j.base_cost,
    j.municipality_code,
    m.name_ja as municipality_ja,
    m.name_en as municipality_en,
    j.usage_share,
    j.before_year,
    j.before_total,
    j.after_year,
    j.after_total
from v_joint_member_costs as j
join businesses as b using (business_id)
join municipalities as m on m.code = j.municipality_code
order by j.arrangement_id, j.municipality_code
