-- the jurisdiction a database already holds, in the reference file's columns
select code, name_ja, name_kana, name_en, kind, kind_ja, region, region_ja
from municipalities
