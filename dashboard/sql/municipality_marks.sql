-- one municipality on the Digital Agency's latest list: the list's month and each mark (none when the
-- municipality is not on the list: it has no expected special-support system)
select
    l.id as release_id,
    l.as_of,
    m.business_id,
    m.marked,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en
from v_official_latest as l
left join official_marks as m on m.release_id = l.id and m.municipality_code = $code
left join businesses as b on b.business_id = m.business_id
where l.kind = 'da_special_support'
order by b.display_order
