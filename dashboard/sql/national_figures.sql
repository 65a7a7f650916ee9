-- the newest value of each national headline figure
select figure, as_of, value, denominator, source, url
from v_national_figures
qualify row_number() over (partition by figure order by as_of desc) = 1
order by figure
