-- the newest stored figure of each municipality x business x fiscal year x kind of some
-- municipalities: what a cost submission's checks compare with (filtered before the window)
select municipality_code, business_id, fiscal_year, kind,
    ops_work, hw_maint_work, other_outsourcing, hw_rental, hw_maint_fee,
    sw_rental, sw_maint, datacenter, network, cloud
from cost_reports
where municipality_code in (select unnest($codes::varchar[]))
qualify row_number() over (
    partition by municipality_code, business_id, fiscal_year, kind order by submission_id desc, row_number desc
) = 1
