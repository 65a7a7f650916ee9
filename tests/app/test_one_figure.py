"""One number, one word on every screen: the overview's cards, its map card, a municipality's sheet and the
briefing deck, rendered from one database, state the same headline figures in the same words as an
independent count from `hyojunka export` (in scope, live, share live and past due, 期限超過)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation

from documents import deck, fonts, sheet
from etl import clock
from schemas.vocabulary.display import OVERDUE, OVERDUE_PART
from tests.support.apptest import run_page
from tests.support.cli import run_etl as cli
from tests.support.codes import CHIYODA
from tests.support.images import needs_browser

SHARE_OF = re.compile(r"^([\d.]+)% \(([\d,]+)/([\d,]+)\)$")


def exported_figures(db: Path) -> dict[str, object]:
    """The headline figures counted from the export's rows, as an analyst would."""
    result = cli("export", "--day", clock.today().isoformat(), db=db)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.BytesIO(result.stdout), dtype=str, keep_default_na=False)
    in_scope = int((frame["stage"] != "not_applicable").sum())
    live = int((frame["stage"] == "live").sum())
    overdue = int(frame["schedule_status"].str.startswith("overdue_").sum())
    return {"in_scope": in_scope, "live": live, "share": f"{live / in_scope * 100:.1f}%", "overdue": overdue}


def test_overview_cards_and_map_card_count_as_the_export(schedule_history: Path):
    expected = exported_figures(schedule_history)
    for lang in ("ja", "en"):
        at = run_page("overview", lang=lang)
        assert not at.exception
        cards = {m.label: m for m in at.metric}
        word = OVERDUE[0] if lang == "ja" else OVERDUE[1]
        assert cards[word].value == f"{expected['overdue']:,}"
        live_label = "稼働済みシステム" if lang == "ja" else "Systems live"
        share_label = "稼働率（対象外を除く）" if lang == "ja" else "Share live (in scope)"
        assert cards[live_label].value == f"{expected['live']:,} / {expected['in_scope']:,}"
        assert cards[share_label].value == expected["share"]
        # the card's parts are named as parts, none of them with the total's word
        split = next(c.value for c in at.caption if c.value.startswith(OVERDUE_PART[0 if lang == "ja" else 1]))
        assert word not in split
        # the map card on the same page: its municipalities add up to the card's live and in scope
        shares = next(
            d.value[column]
            for d in at.dataframe
            for column in d.value.columns
            if len(d.value) == 62 and d.value[column].astype(str).str.match(SHARE_OF).all()
        )
        parts = shares.astype(str).str.extract(SHARE_OF)
        assert int(parts[1].str.replace(",", "").astype(int).sum()) == expected["live"]
        assert int(parts[2].str.replace(",", "").astype(int).sum()) == expected["in_scope"]


@needs_browser
@pytest.mark.slow  # the sheet's chart and the deck's six charts are rendered through the chart browser
def test_sheet_and_deck_state_the_overview_figures_in_its_words(schedule_history: Path):
    expected = exported_figures(schedule_history)
    data = sheet.sheet_data(schedule_history, CHIYODA, day=clock.today())
    html = sheet.sheet_html(data, base_url="http://example.invalid", font=fonts.noto_cjk())
    standing = {row["label"]: row for row in sheet._standing_rows(data)}
    # the sheet's "all municipalities" column is the overview's share live and past-due total
    assert standing[OVERDUE[0]]["all"] == f"{expected['overdue']:,}"
    assert standing["稼働率（対象外を除く）"]["all"] == expected["share"]
    assert OVERDUE[0] in html and "期日超過" not in html and "期限超過システム" not in html

    prs = Presentation(io.BytesIO(deck.render_deck(schedule_history, day=clock.today(), lang="ja")))
    headline = prs.slides[deck.SLIDES.index("headline")]
    cards = {
        lines[0]: lines
        for lines in (s.text_frame.text.splitlines() for s in headline.shapes if s.has_text_frame)
        if len(lines) > 1
    }
    assert cards[OVERDUE[0]][1] == f"{expected['overdue']:,}"
    assert cards["稼働率（対象外を除く）"][1] == expected["share"]
    assert cards["稼働済みシステム"][1] == f"{expected['live']:,} / {expected['in_scope']:,}"
    assert all(part.startswith("うち ") for part in cards[OVERDUE[0]][-1].split(" · "))
    lateness = " ".join(s.text_frame.text for s in prs.slides[deck.SLIDES.index("lateness")].shapes if s.has_text_frame)
    assert f"{OVERDUE[0]} {expected['overdue']:,}（うち " in lateness
