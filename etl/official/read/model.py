"""What reading a release works with and produces: the jurisdiction rows are matched to, the `Release`,
a finding with its sheet, row and cell, and names folded for comparison.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import pandas as pd
from openpyxl.utils import get_column_letter

from etl import hygiene, reference
from schemas.codes import check_digit
from schemas.official import CELL_RULES, MESSAGES, ROW_RULES, SEVERITY
from schemas.vocabulary.releases import BUSINESS_ALIASES, COMMON_FUNCTION, COMMON_FUNCTION_LABEL

FINDING_COLUMNS = ["sheet", "row", "column", "cell", "code", "value", "message_ja", "message_en", "severity"]


@dataclass(frozen=True)
class Jurisdiction:
    """The municipalities rows may match: by code, and by (prefecture name, municipality name)."""

    codes: frozenset[str]
    by_name: dict[tuple[str, str], str]
    prefectures: frozenset[str]  # the prefecture names the jurisdiction covers
    prefecture_codes: frozenset[str]
    all_prefectures: frozenset[str]  # every prefecture's name, to tell a prefecture's own row
    names_in: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded prefecture -> names as listed
    prefecture_bodies: dict[str, str] = field(default_factory=dict)  # folded prefecture -> its own code

    @classmethod
    def from_frame(cls, munis: pd.DataFrame, prefectures: pd.DataFrame) -> Jurisdiction:
        """From the municipalities (code, name_ja, prefecture_code) and the prefectures tables."""
        names = dict(zip(prefectures["prefecture_code"], prefectures["name_ja"].map(key), strict=True))
        pref = munis["code"].str[:2].map(names).fillna("")
        by_name = {(p, name_key(n)): c for p, n, c in zip(pref, munis["name_ja"], munis["code"], strict=True)}
        names_in: dict[str, list[str]] = {}
        for p, n in zip(pref, munis["name_ja"], strict=True):
            names_in.setdefault(p, []).append(str(n))
        covered = set(munis["code"].str[:2])
        return cls(
            frozenset(munis["code"]),
            by_name,
            frozenset(pref) - {""},
            frozenset(covered),
            frozenset(names.values()),
            {p: tuple(n) for p, n in names_in.items()},
            {names[c]: prefecture_body_code(c) for c in names if c in covered},
        )

    def closest(self, prefecture: str, name: str, n: int = 3) -> list[str]:
        """The names of the prefecture's municipalities closest to `name` (difflib's ratio), best first."""
        listed = self.names_in.get(key(prefecture), ())
        folded = {name_key(m): m for m in listed}
        return [folded[m] for m in difflib.get_close_matches(name_key(name), list(folded), n=n, cutoff=0.3)]


@dataclass
class Release:
    """What a workbook holds: its kind and month, the accepted frames and every finding."""

    kind: str | None = None
    as_of: date | None = None
    totals: pd.DataFrame | None = None  # municipality_code, rate
    rates: pd.DataFrame | None = None  # municipality_code, business_id, rate
    steps: pd.DataFrame | None = None  # municipality_code, business_id, s01..sNN (status codes or None)
    step_names: list[str] = field(default_factory=list)
    marks: pd.DataFrame | None = None  # municipality_code, business_id, marked (None: unreadable mark)
    findings: list[dict] = field(default_factory=list)
    n_rows: int = 0
    n_outside: int = 0  # rows of prefectures outside the jurisdiction (or a prefecture's own row)

    def findings_frame(self) -> pd.DataFrame:
        """The findings as a frame in a stable order."""
        out = pd.DataFrame(self.findings, columns=FINDING_COLUMNS)
        out["row"] = out["row"].astype("Int64")
        return out.sort_values(["sheet", "row", "code"], na_position="first", kind="stable").reset_index(drop=True)

    @property
    def n_errors(self) -> int:
        """How many findings are errors."""
        return sum(f["severity"] == "error" for f in self.findings)


def key(text: object) -> str:
    """A name or header folded for comparison: NFKC, no spaces or line breaks."""
    if text is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")  # variation selectors (葛󠄀 → 葛)


@cache
def _variants() -> dict[int, str]:
    return {ord(unicodedata.normalize("NFKC", v)): s for v, s in reference.name_variants().items()}


def name_key(text: object) -> str:
    """A municipality's name folded for matching: `key`, variation selectors dropped and each variant
    kanji (異体字) of data/reference/name_variants.csv replaced by its common form (髙 → 高, ヶ → ケ)."""
    return _SELECTORS.sub("", key(text)).translate(_variants())


def prefecture_body_code(prefecture_code: str) -> str:
    """A prefecture's own 6-digit local government code (13 → 130001), check digit computed."""
    first5 = f"{prefecture_code}000"
    return first5 + str(check_digit(first5))


def finding(
    code: str,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    col_index: int | None = None,
    value: object = None,
    **extra: object,
) -> dict:
    """One finding with its sheet, row, column and cell, in Japanese and English (`extra`: any further
    field its messages name, such as the closest names or the expected value)."""
    cell = f"{get_column_letter(col_index + 1)}{row}" if col_index is not None and row else None
    fields = {"sheet": sheet or "", "row": row or "", "column": column or "", "cell": cell or "", "value": value}
    fields["value"] = hygiene.printable(value)  # control and invisible characters escaped
    fields |= extra
    ja, en = MESSAGES[code]
    return {
        "sheet": sheet,
        "row": row,
        "column": column,
        "cell": cell,
        "code": code,
        "value": None if value is None else str(value)[:200],
        "message_ja": ja.format(**fields),
        "message_en": en.format(**fields),
        "severity": SEVERITY.get(code, "error"),
    }


def business_names() -> dict[str, str]:
    """Folded business name -> business_id: the 20 names of businesses.csv plus the releases' aliases."""
    frame = reference.businesses()
    names = {key(n): b for n, b in zip(frame["name_ja"], frame["business_id"], strict=True)}
    names |= {key(alias): b for alias, b in BUSINESS_ALIASES.items()}
    return names


def printed_name(business_id: str, ministry: bool) -> str:
    """How a release prints a business: the ministry uses its aliases, the Digital Agency our names."""
    if business_id == COMMON_FUNCTION:
        return COMMON_FUNCTION_LABEL[0]
    if ministry:
        alias = next((a for a, b in BUSINESS_ALIASES.items() if b == business_id), None)
        if alias:
            return alias
    frame = reference.businesses()
    return str(frame.loc[frame["business_id"] == business_id, "name_ja"].iloc[0])


RULE_CODES = frozenset(code for _, code, _, _, _ in ROW_RULES + CELL_RULES) | frozenset(MESSAGES)
