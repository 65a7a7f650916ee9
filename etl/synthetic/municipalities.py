"""The national scale's municipalities: 1,741 over the 47 prefectures, Tokyo's real 62 among them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl import reference
from schemas.codes import check_digit


def national_municipalities(seed: int = 7) -> pd.DataFrame:
    """1,741 synthetic municipalities over the 47 prefectures, with Tokyo's real 62 (valid check digits)."""
    rng = np.random.default_rng(seed)
    prefectures = reference.prefectures()
    tokyo = reference.municipalities()
    frames = []
    for pref in prefectures.itertuples():
        if pref.prefecture_code == "13":
            frames.append(tokyo.assign(region="tokyo", region_ja=pref.name_ja))
            continue
        cities, towns, villages = NATIONAL_COUNTS[pref.prefecture_code]
        names = rng.permutation(len(NAME_HEADS) * len(NAME_TAILS))[: cities + towns + villages]
        rows = []
        kinds = ["city"] * cities + ["town"] * towns + ["village"] * villages
        for k, (kind, name_ix) in enumerate(zip(kinds, names, strict=True)):
            # cities from 201; towns and villages from 301, six to a district, districts 20 apart
            j = k - cities
            number = 201 + k if kind == "city" else 301 + 20 * (j // 6) + j % 6
            first5 = f"{pref.prefecture_code}{number:03d}"
            head, tail = divmod(int(name_ix), len(NAME_TAILS))
            ja_kind, kana_kind, en_kind = KIND_SUFFIX[kind]
            rows.append(
                {
                    "code": first5 + str(check_digit(first5)),
                    "name_ja": NAME_HEADS[head][0] + NAME_TAILS[tail][0] + ja_kind,
                    "name_kana": NAME_HEADS[head][1] + NAME_TAILS[tail][1] + kana_kind,
                    "name_en": (NAME_HEADS[head][2] + NAME_TAILS[tail][2]).capitalize() + en_kind,
                    "kind": kind,
                    "kind_ja": ja_kind,
                    "region": pref.name_en.lower(),
                    "region_ja": pref.name_ja,
                }
            )
        frames.append(pd.DataFrame(rows))
    out = pd.concat(frames, ignore_index=True)[list(tokyo.columns)]
    return out.sort_values("code").reset_index(drop=True)


# (cities, towns, villages) per prefecture, Tokyo aside: 1,741 municipalities with Tokyo's 62
NATIONAL_COUNTS = {
    "01": (35, 129, 15),
    "02": (10, 22, 8),
    "03": (14, 15, 4),
    "04": (14, 20, 1),
    "05": (13, 9, 3),
    "06": (13, 19, 3),
    "07": (13, 31, 15),
    "08": (32, 10, 2),
    "09": (14, 11, 0),
    "10": (12, 15, 8),
    "11": (40, 22, 1),
    "12": (37, 16, 1),
    "14": (19, 13, 1),
    "15": (20, 6, 4),
    "16": (10, 4, 1),
    "17": (11, 8, 0),
    "18": (9, 8, 0),
    "19": (13, 8, 6),
    "20": (19, 23, 35),
    "21": (21, 19, 2),
    "22": (23, 12, 0),
    "23": (38, 14, 2),
    "24": (14, 15, 0),
    "25": (13, 6, 0),
    "26": (15, 10, 1),
    "27": (33, 9, 1),
    "28": (29, 12, 0),
    "29": (12, 15, 12),
    "30": (9, 20, 1),
    "31": (4, 14, 1),
    "32": (8, 10, 1),
    "33": (15, 10, 2),
    "34": (14, 9, 0),
    "35": (13, 6, 0),
    "36": (8, 15, 1),
    "37": (8, 9, 0),
    "38": (11, 9, 0),
    "39": (11, 17, 6),
    "40": (29, 29, 2),
    "41": (10, 10, 0),
    "42": (13, 8, 0),
    "43": (14, 23, 8),
    "44": (14, 3, 1),
    "45": (9, 14, 3),
    "46": (19, 20, 4),
    "47": (11, 11, 19),
}
KIND_SUFFIX = {
    "city": ("市", "し", " City"),
    "town": ("町", "まち", " Town"),
    "village": ("村", "むら", " Village"),
}
NAME_HEADS = [
    ("北", "きた", "kita"),
    ("南", "みなみ", "minami"),
    ("東", "ひがし", "higashi"),
    ("西", "にし", "nishi"),
    ("中", "なか", "naka"),
    ("上", "かみ", "kami"),
    ("下", "しも", "shimo"),
    ("新", "しん", "shin"),
    ("大", "おお", "o"),
    ("小", "こ", "ko"),
    ("高", "たか", "taka"),
    ("若", "わか", "waka"),
    ("青", "あお", "ao"),
    ("白", "しら", "shira"),
    ("本", "もと", "moto"),
    ("古", "ふる", "furu"),
]
NAME_TAILS = [
    ("山", "やま", "yama"),
    ("川", "かわ", "kawa"),
    ("田", "た", "ta"),
    ("野", "の", "no"),
    ("原", "はら", "hara"),
    ("沢", "さわ", "sawa"),
    ("津", "つ", "tsu"),
    ("浜", "はま", "hama"),
    ("崎", "さき", "saki"),
    ("島", "しま", "shima"),
    ("岡", "おか", "oka"),
    ("谷", "や", "ya"),
    ("松", "まつ", "matsu"),
    ("森", "もり", "mori"),
    ("里", "さと", "sato"),
    ("瀬", "せ", "se"),
]
