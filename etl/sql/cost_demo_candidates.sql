-- the demo's joint arrangements: the three largest candidates (most municipalities, then most spent)
select
    business_id,
    supplier,
    municipality_codes
from v_joint_candidates
order by n_municipalities desc, combined_total desc, business_id, supplier
limit 3
