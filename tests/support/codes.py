"""The municipality codes and business ids the tests name, once.

Codes are the national local-government codes with their check digit (etl/reference); every one is in
the Tokyo reference data.
"""

from __future__ import annotations

# the 23 special wards the tests use, in code order
CHIYODA = "131016"  # 千代田区
CHUO = "131024"  # 中央区
MINATO = "131032"  # 港区
SHINJUKU = "131041"  # 新宿区
BUNKYO = "131059"  # 文京区
TAITO = "131067"  # 台東区
SHIBUYA = "131130"  # 渋谷区
# a city in Tama and a village on the islands
HACHIOJI = "132012"  # 八王子市
TOSHIMA = "133621"  # 利島村 (Toshima Village)

# business ids of the 20 standardised systems the tests name most
RR = "resident_registry"
TAX = "individual_inhabitant_tax"
PA = "public_assistance"
