-- the prefecture's own record for the businesses it runs itself (生活保護, 児童扶養手当 for its
-- town-and-village areas): the latest prefecture workbook's rates for the jurisdiction's prefectures,
-- beside the mean rate of their municipalities for the same business in the latest ministry workbook
with
prefectures_here as (
    select distinct p.prefecture_code, p.name_ja, p.name_en
    from municipalities as m
    join prefectures as p on p.prefecture_code = m.prefecture_code
),
own as (
    select r.municipality_code as body_code, r.business_id, r.rate, r.as_of, r.release_id
    from official_rates as r
    join v_official_latest as l on l.id = r.release_id and l.kind = 'mic_prefecture'
),
municipal as (
    select m.prefecture_code, r.business_id, avg(r.rate) as municipal_rate, count(*) as n_municipal
    from v_official_latest_rates as r
    join v_official_latest as l on l.id = r.release_id and l.kind = 'mic_progress'
    join municipalities as m on m.code = r.municipality_code
    group by all
)
select
    p.prefecture_code,
    p.name_ja as prefecture_ja,
    p.name_en as prefecture_en,
    own.body_code,
    own.business_id,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en,
    own.rate,
    mu.municipal_rate,
    mu.n_municipal,
    own.as_of,
    own.release_id
from prefectures_here as p
join own on substr(own.body_code, 1, 2) = p.prefecture_code
join businesses as b on b.business_id = own.business_id
left join municipal as mu on mu.prefecture_code = p.prefecture_code and mu.business_id = own.business_id
order by p.prefecture_code, b.display_order
