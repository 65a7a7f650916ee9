-- every pair of the jurisdiction on $day with names: its status (stage 'no_report' where none has
-- arrived), due date and schedule status; the private notes only for those who asked for them
-- (status_named_private_on, etl/sql/schedule.sql)
-- the columns, their order and the private ones are the export's to choose (etl.export.export_columns,
-- from the registry): every column is selected here, the notes emptied unless asked for
select * replace (case when $include_notes then notes end as notes)
from status_named_private_on($day::date)
order by municipality_code, business_order
