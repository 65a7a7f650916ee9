"""Text hygiene: characters that hide, reorder or split text are errors in every column.

A bidirectional override can make one vendor's name read as another's on a public page, a
zero-width or other invisible character (a soft hyphen, an invisible separator, a variation
selector, a tag character) splits one vendor into several identical-looking ones in every total, a
control character breaks the spreadsheets we write and the terminal that prints it, and a line
break inside a one-line field splits it in a CSV. Each rule is a row of RULES (the finding code, the
characters it refuses, the columns it skips); a finding names the first such character by its code
point (U+202E), never by itself.

This is the one rule for every text the project takes in: the reports' columns (`refused_cells`,
which `etl.findings.text_findings` turns into findings), the contacts file and token labels
(`first_refused`), the official releases' codes and names (`etl.official.read.bounds`). `printable`
is how a message or the command line shows a value that holds such characters: escaped (`\\x1b`,
`\\u202e`), never raw.
"""

from __future__ import annotations

import re

from etl.distinct import Distinct

# (finding code, characters refused, columns where they are allowed)
RULES: list[tuple[str, re.Pattern[str], frozenset[str]]] = [
    # NUL and the other C0 controls but tab, line feed and carriage return; DEL; the C1 controls
    # (U+009B is a terminal's escape sequence introducer) but NEL, a line break below
    ("text_control_character", re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]"), frozenset()),
    # embeddings and overrides U+202A-202E, isolates U+2066-2069, and the marks LRM, RLM, ALM
    ("text_bidi_control", re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"), frozenset()),
    # zero-width space, non-joiner, joiner, word joiner, and the byte-order mark inside a text
    ("text_zero_width", re.compile("[\u200b-\u200d\u2060\ufeff]"), frozenset()),
    # every other format character (Unicode category Cf: the soft hyphen, invisible operators and
    # separators U+2061-2064, the deprecated format controls, Arabic and other number signs, the
    # tag characters U+E0001 and U+E0020-E007F), the variation selectors (U+FE00-FE0F and
    # U+E0100-E01EF, with the Mongolian ones), the combining grapheme joiner, the Hangul fillers
    # and Khmer inherent vowels that draw nothing, and private-use characters and lone surrogates
    (
        "text_invisible",
        re.compile(
            "[\u00ad\u034f\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
            "\u180b-\u180f\u2061-\u2064\u206a-\u206f\u3164\ud800-\udfff\ue000-\uf8ff\ufe00-\ufe0f"
            "\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
            "\U0001d173-\U0001d17a\U000e0000-\U000e0fff\U000f0000-\U0010ffff]"
        ),
        frozenset(),
    ),
    # notes may run over several lines (written out quoted); every other field is one line
    ("text_line_break", re.compile(r"[\r\n\u2028\u2029\x85]"), frozenset({"notes", "note"})),
]
# every rule is one character class: their union is one class too, which a regex scans fastest
_ANY = re.compile("[" + "".join(pattern.pattern[1:-1] for _, pattern, _ in RULES) + "]")


def code_point(ch: str) -> str:
    """A character as U+XXXX."""
    return f"U+{ord(ch):04X}"


def first_refused(text: str, *, line_breaks: bool = False) -> tuple[str, str] | None:
    """The first rule `text` breaks and the character that breaks it (None for clean text).

    `line_breaks=True` allows line breaks (a note); every other field is one line.
    """
    hit = _ANY.search(text)
    if hit is None:
        return None
    for code, pattern, _allowed in RULES:
        if code == "text_line_break" and line_breaks:
            continue
        found = pattern.search(text)
        if found:
            return code, found.group(0)
    return None


# what `printable` escapes: the refused characters and the tab (a message is one line)
_UNPRINTABLE = re.compile("[\t" + _ANY.pattern[1:-1] + "]")
# what the command line's output escapes: the same but for its own line feeds and tabs
_UNPRINTABLE_LINES = re.compile("[" + _ANY.pattern[1:-1].replace(r"\r\n", r"\r") + "]")


def _escape(match: re.Match[str]) -> str:
    point = ord(match.group(0))
    if point < 0x20:
        return f"\\x{point:02x}"
    # every other one as JSON writes it (a JSON report stays valid JSON), astral ones as a pair
    if point < 0x10000:
        return f"\\u{point:04x}"
    point -= 0x10000
    return f"\\u{0xD800 + (point >> 10):04x}\\u{0xDC00 + (point & 0x3FF):04x}"


def printable(value: object) -> str:
    """A value as a message shows it: every refused character and the tab escaped (ESC as `\\x1b`,
    RLO as `\\u202e`), so that no terminal runs it and no reader is deceived by it."""
    text = "" if value is None else str(value)
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text


def printable_lines(text: str) -> str:
    """Text for a terminal, line by line: as `printable`, but its line feeds and tabs kept."""
    return _UNPRINTABLE_LINES.sub(_escape, text) if _UNPRINTABLE_LINES.search(text) else text


def refused_cells(cells: dict[str, Distinct], row_numbers: list[int]) -> list[tuple[int, str, str, str]]:
    """(row, column, rule, code point) per cell and rule for the characters above, naming the first
    one's code point: what `etl.findings.text_findings` turns into errors."""
    out: list[tuple[int, str, str, str]] = []
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
                    out.append((row, col, code, code_point(hits[code_of_value])))
    return out
