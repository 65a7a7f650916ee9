-- one joint arrangement formed (its members are inserted beside it, in the same transaction)
insert into joint_arrangements (id, name, business_id, vendor, start_date, base_cost, created_at, created_by)
values ($id, $name, $business_id, $vendor, $start_date, $base_cost, $created_at, $created_by)
