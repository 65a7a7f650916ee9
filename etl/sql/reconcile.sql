-- the reconciliation file: every discrepancy, by municipality, business and class
select *
from v_reconciliation
order by municipality_code, business_order, kind
