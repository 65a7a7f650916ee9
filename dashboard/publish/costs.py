"""The static edition's cost page (運用経費), under the same privacy rule as the app: only figures that
add up at least the setting's number of municipalities (5), unless the deployment publishes each
municipality's costs (then the page also lists them)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard import cost_queries, exhibits
from dashboard.charts import costs as cost_charts
from dashboard.publish.writer import PAGE_TITLES, Page, Site, lang_dir
from dashboard.shape import costs as cost_shape
from dashboard.summaries import costs as cost_summaries
from etl.costs import settings
from schemas.vocabulary.costs import COST_TEXT
from schemas.vocabulary.language import in_lang


@dataclass(frozen=True)
class CostData:
    """What the cost page shows, read once (the yen of small groups already withheld)."""

    figures: dict
    municipalities: pd.DataFrame
    categories: pd.DataFrame
    by_stage: pd.DataFrame
    by_cloud: pd.DataFrame
    by_business: pd.DataFrame
    candidates: pd.DataFrame
    arrangements: pd.DataFrame
    minimum: int
    published: bool


def read(con: duckdb.DuckDBPyConnection) -> CostData:
    """The cost page's data from the database."""
    published = settings.publish_per_municipality()
    minimum = 0 if published else settings.min_municipalities()
    members = cost_queries.joint_members(con)
    return CostData(
        figures=cost_queries.cost_figures(con),
        municipalities=cost_queries.cost_municipalities(con),
        categories=cost_queries.cost_categories(con),
        by_stage=cost_shape.withhold(cost_queries.cost_by_group(con, "stage"), minimum),
        by_cloud=cost_shape.withhold(cost_queries.cost_by_group(con, "gov_cloud"), minimum),
        by_business=cost_shape.withhold(cost_queries.cost_by_business(con), minimum),
        candidates=cost_shape.withhold(cost_queries.joint_candidates(con), minimum),
        arrangements=cost_shape.withhold(cost_shape.arrangement_totals(members), minimum),
        minimum=minimum,
        published=published,
    )


def write_page(site: Site, c: CostData, lang: str, meta: dict) -> None:
    """The cost page in one language."""
    page = Page(site, lang, "costs", f"{lang_dir(lang)}costs.html", in_lang(PAGE_TITLES["costs"], lang))
    f = c.figures
    n_reported, n_compared = int(f.get("n_reported") or 0), int(f.get("n_compared") or 0)
    page.text(
        in_lang(
            (
                f"報告 {n_reported} 団体、うち FY2018 と直近年度の両方がある {n_compared} 団体で比較。"
                "団体ごとの経費は公開していません。",
                f"{n_reported} municipalities reported; {n_compared} have both FY2018 and a latest year. "
                "No municipality's own costs are published.",
            )
            if not c.published
            else (
                f"報告 {n_reported} 団体、うち FY2018 と直近年度の両方がある {n_compared} 団体で比較。",
                f"{n_reported} municipalities reported; {n_compared} have both FY2018 and a latest year.",
            ),
            lang,
        )
    )
    if not cost_shape.figures_public(f, c.minimum):
        page.text(
            in_lang(
                (
                    f"比較できる団体が {settings.min_municipalities()} 団体未満のため、集計値は表示しません。",
                    f"Fewer than {settings.min_municipalities()} municipalities can be compared: no figure is shown.",
                ),
                lang,
            )
        )
        page.render(meta)
        return
    target = settings.target_ratio()
    weighted = f.get("weighted_ratio")
    weighted = None if weighted is None or pd.isna(weighted) else float(weighted)
    page.cards(
        [
            {
                "label": in_lang(COST_TEXT["weighted_ratio"], lang),
                "value": f"{weighted:.2f}×" if weighted else "—",
                "delta": "",
            },
            {
                "label": in_lang(COST_TEXT["median_ratio"], lang),
                "value": f"{float(f['median_ratio']):.2f}×",
                "delta": "",
            },
            {
                "label": in_lang(COST_TEXT["above_one"], lang),
                "value": f"{int(f['n_above_one'])} / {n_compared}",
                "delta": "",
            },
            {
                "label": in_lang(COST_TEXT["above_target"], lang),
                "value": f"{int(f['n_above_target'])} / {n_compared}",
                "delta": "",
            },
        ]
    )
    refs = settings.national_references()
    bins = cost_shape.ratio_bins(c.municipalities)
    title = in_lang(("団体ごとの FY2018 比の分布", "Each municipality's ratio to FY2018"), lang)
    page.heading(title)
    page.chart(
        "costs_ratios",
        cost_charts.ratio_histogram(bins, refs, target, weighted, lang),
        cost_shape.bins_table(bins, lang),
        title,
        summary=exhibits.sentence(title, meta["data_as_of"], cost_summaries.ratios(f, target, lang), lang),
    )
    page.text(cost_summaries.ratios(f, target, lang))
    page.text(
        " · ".join(f"{r.label_en if lang == 'en' else r.label_ja} — {r.source}（{r.as_of}）" for r in refs.itertuples())
    )
    categories = cost_shape.categories_frame(c.categories, lang)
    title = in_lang(("何が増えたか：経費区分ごとの増減", "What moved: the change by category"), lang)
    page.heading(title)
    page.chart(
        "costs_categories",
        cost_charts.category_change_bars(categories, lang),
        cost_shape.categories_table(categories, lang),
        title,
        summary=exhibits.sentence(title, meta["data_as_of"], cost_summaries.categories(categories, lang), lang),
    )
    for name, frame, kind in (("costs_by_stage", c.by_stage, "stage"), ("costs_by_cloud", c.by_cloud, "gov_cloud")):
        shaped = cost_shape.group_frame(frame, kind, lang)
        title = in_lang(COST_TEXT["stage" if kind == "stage" else "gov_cloud"], lang)
        page.heading(title)
        page.chart(
            name,
            cost_charts.group_ratio_bars(shaped, target, lang),
            cost_shape.group_table(shaped, kind, lang),
            title,
            summary=exhibits.sentence(title, meta["data_as_of"], cost_summaries.groups(shaped, lang), lang),
        )
    page.heading(in_lang(("業務別", "By business"), lang))
    page.table(
        "costs_by_business", cost_shape.business_table(c.by_business, lang), in_lang(("業務別", "By business"), lang)
    )
    if c.published:
        page.heading(in_lang(("団体別", "By municipality"), lang))
        page.table("costs_municipalities", cost_shape.municipalities_table(c.municipalities, lang), "municipalities")
    page.heading(in_lang(("共同調達の候補", "Joint-procurement candidates"), lang))
    page.table("costs_candidates", cost_shape.candidates_table(c.candidates, lang), "candidates")
    if not c.arrangements.empty:
        page.heading(in_lang(("成立した共同調達：参加団体の前後", "Arrangements formed: before and after"), lang))
        page.table(
            "costs_arrangements",
            c.arrangements.rename(
                columns={
                    "name": in_lang(COST_TEXT["arrangement"], lang),
                    "n_municipalities": in_lang(COST_TEXT["n_compared"], lang),
                    "before_total": in_lang(COST_TEXT["before"], lang),
                    "after_total": in_lang(COST_TEXT["after"], lang),
                }
            ).drop(columns="arrangement_id"),
            "arrangements",
        )
    page.render(meta)
