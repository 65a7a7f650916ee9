-- each municipality's contacts in one row (for the export's --include-contacts)
select
    municipality_code,
    string_agg(email, '; ' order by email) as contact_emails,
    string_agg(coalesce(person, ''), '; ' order by email) as contact_persons,
    string_agg(coalesce(department, ''), '; ' order by email) as contact_departments
from contacts
group by municipality_code
