-- the jurisdiction's municipalities for pickers, in code order
select code as municipality_code, name_ja as municipality_ja, name_en as municipality_en,
    kind, kind_ja, region, region_ja, prefecture_code
from municipalities
order by code
