-- one setting's value in force: as set from the admin page, else the reference value (null: neither)
select coalesce(
    (select value from settings_set where key = $key),
    (select value from settings where key = $key)
)
