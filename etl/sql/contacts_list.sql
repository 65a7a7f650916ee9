-- every municipal contact with its municipality's name (admin only)
select c.municipality_code, m.name_ja, m.name_en, c.email, c.person, c.department, c.updated_at
from contacts as c
join municipalities as m on m.code = c.municipality_code
order by c.municipality_code, c.email
