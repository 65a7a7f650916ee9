"""dashboard.cell_list: the heatmap as a list for narrow screens, on a hand-built frame."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.cell_list import cell_list_html


def cells() -> pd.DataFrame:
    rows = [
        # (code, name_ja, name_en, business_order, business_ja, business_en, stage, schedule_status)
        ("131024", "中央区", "Chuo", 2, "選挙人名簿管理", "Electoral roll", "migration", "overdue_deadline"),
        ("131024", "中央区", "Chuo", 1, "住民基本台帳", "Resident registry", "live", "live"),
        ("131016", "千代田区", "Chiyoda", 1, "住民基本台帳", "Resident registry", "live", "live"),
        ("131016", "千代田区", "Chiyoda", 2, "選挙人名簿管理", "Electoral roll", "not_applicable", "not_applicable"),
        ("131016", "千代田区", "Chiyoda", 3, "固定資産税", "Fixed asset tax", "no_report", "overdue_deadline"),
    ]
    columns = [
        "municipality_code",
        "municipality_ja",
        "municipality_en",
        "business_order",
        "business_ja",
        "business_en",
        "stage",
        "schedule_status",
    ]
    return pd.DataFrame(rows, columns=columns)


def test_each_municipality_in_the_shown_order_with_its_counts():
    html = cell_list_html(cells(), "ja")
    summaries = re.findall(r"<summary>(.*?)</summary>", html)
    assert [re.sub(r"<[^>]+>", "", s) for s in summaries] == [
        "中央区 (131024)　稼働 1 / 2・期限超過 1",  # noqa: RUF001 (the full-width space is the page's)
        "千代田区 (131016)　稼働 1 / 1・期限超過 1",  # noqa: RUF001
    ]


def test_every_business_is_named_with_its_stage_in_business_order():
    html = cell_list_html(cells(), "en")
    chuo = html.split("<details>")[1]
    items = [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li>(.*?)</li>", chuo)]
    assert items[0].startswith("Resident registry: ") and items[1].startswith("Electoral roll: ")
    assert "(" in items[1] and "(" not in items[0]  # only a past-due system names its schedule status
    assert 'lang="en"' in html and html.count('class="hyj-chip"') == 5


def test_names_are_escaped():
    frame = cells().assign(municipality_ja="<b>区</b>")
    assert "<b>" not in cell_list_html(frame, "ja") and "&lt;b&gt;" in cell_list_html(frame, "ja")
