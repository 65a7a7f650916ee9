"""Text hygiene: characters that hide, reorder or split text are errors in every column.

A bidirectional override can make one vendor's name read as another's on a public page, a
zero-width character splits one vendor into two in every total, a control character breaks the
spreadsheets we write, and a line break inside a one-line field splits it in a CSV. Each rule is a
row of RULES (the finding code, the characters it refuses, the columns it skips); a finding names
the first such character by its code point (U+202E), never by itself.
"""

from __future__ import annotations

import re

from etl import findings as fnd
from etl.distinct import Distinct

# (finding code, characters refused, columns where they are allowed)
RULES: list[tuple[str, re.Pattern[str], frozenset[str]]] = [
    # NUL and the other C0 controls but tab, line feed and carriage return; DEL
    ("text_control_character", re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"), frozenset()),
    # embeddings and overrides U+202A-202E, isolates U+2066-2069, and the marks LRM, RLM, ALM
    ("text_bidi_control", re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"), frozenset()),
    # zero-width space, non-joiner, joiner, word joiner, and the byte-order mark inside a text
    ("text_zero_width", re.compile("[\u200b-\u200d\u2060\ufeff]"), frozenset()),
    # notes may run over several lines (written out quoted); every other field is one line
    ("text_line_break", re.compile(r"[\r\n\u2028\u2029\x85]"), frozenset({"notes", "note"})),
]
# every rule is one character class: their union is one class too, which a regex scans fastest
_ANY = re.compile("[" + "".join(pattern.pattern[1:-1] for _, pattern, _ in RULES) + "]")


def code_point(ch: str) -> str:
    """A character as U+XXXX."""
    return f"U+{ord(ch):04X}"


def findings(cells: dict[str, Distinct], row_numbers: list[int]) -> list[dict]:
    """One error per cell and rule for the characters above, naming the first one's code point."""
    out: list[dict] = []
    for col, cell in cells.items():
        # a column repeats a few values: look at each distinct one once
        suspicious = cell.values.str.contains(_ANY).to_numpy()
        if not suspicious.any():
            continue
        distinct = cell.values.tolist()
        for code, pattern, allowed in RULES:
            if col in allowed:
                continue
            matches = {i: pattern.search(v) for i, v in enumerate(distinct) if suspicious[i]}
            hits = {i: m.group(0) for i, m in matches.items() if m}
            if not hits:
                continue
            for row, code_of_value in zip(row_numbers, cell.codes.tolist(), strict=True):
                if code_of_value in hits:
                    out.append(fnd.finding(row, col, code, code_point(hits[code_of_value])))
    return out
