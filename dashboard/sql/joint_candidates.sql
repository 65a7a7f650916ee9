-- joint-procurement candidates (v_joint_candidates) with the business's and the municipalities' names
select
    c.business_id,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    c.supplier,
    c.window_year,
    c.n_municipalities,
    c.combined_total,
    (select string_agg(m.name_ja, '、' order by m.code) from municipalities as m
        where list_contains(c.municipality_codes, m.code)) as municipalities_ja,
    (select string_agg(m.name_en, ', ' order by m.code) from municipalities as m
        where list_contains(c.municipality_codes, m.code)) as municipalities_en
from v_joint_candidates as c
join businesses as b using (business_id)
order by c.window_year, c.n_municipalities desc, c.combined_total desc
