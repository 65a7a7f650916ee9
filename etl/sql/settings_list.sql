-- every setting: the value in force (set from the admin page, else the reference value), the
-- reference value, and who set it when
select
    s.key,
    coalesce(o.value, s.value) as value,
    s.value as reference_value,
    s.description_ja,
    s.description_en,
    o.set_at,
    o.set_by
from settings as s
left join settings_set as o using (key)
order by s.key
