-- the jurisdiction's municipalities, for names and pickers
select code, name_ja, name_en, kind_ja, kind
from municipalities
order by code
