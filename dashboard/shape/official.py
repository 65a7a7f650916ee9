"""The official releases: their caption, the reconciliation with the reports, the procedure rates and steps."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.palette import STEP_COLORS
from dashboard.shape.common import month_text, pct_text
from schemas.vocabulary.labels import label, stage_label
from schemas.vocabulary.language import in_lang, lang_column, lang_query
from schemas.vocabulary.releases import COMMON_FUNCTION, OFFICIAL_KINDS, RECONCILE_INFORMATIVE, RECONCILE_KINDS


def official_caption(latest: pd.DataFrame, kinds: list[str], lang: str) -> str:
    """The as-of month and source of the latest release of each kind, for under an official chart."""
    parts = []
    for kind in kinds:
        row = latest[latest["kind"] == kind]
        if row.empty:
            continue
        r = row.iloc[0]
        url = f" {r['source_url']}" if isinstance(r["source_url"], str) and r["source_url"] else ""
        base = in_lang(("基準月", "as of"), lang)
        loaded = in_lang(("取込", "loaded"), lang)
        # brackets of the language: full-width in Japanese, half-width in English
        opening, closing = ("（", "）") if lang != "en" else (" (", ")")
        parts.append(
            f"{in_lang(OFFICIAL_KINDS[kind], lang)} {base} {month_text(r['as_of'])}{opening}{loaded} #{r['id']}{closing}{url}"
        )
    return in_lang(("出典: ", "Source: "), lang) + " · ".join(parts) if parts else ""


def reconcile_counts(rec: pd.DataFrame) -> pd.DataFrame:
    """Discrepancies per class, every class listed (zero too), in the vocabulary's order."""
    counts = rec["kind"].value_counts() if len(rec) else pd.Series(dtype=int)
    return pd.DataFrame({"kind": list(RECONCILE_KINDS), "n": [int(counts.get(k, 0)) for k in RECONCILE_KINDS]})


def reconcile_counts_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The counts per class as a labelled table (informative classes marked)."""
    informative = in_lang(("参考", "informative"), lang)
    return pd.DataFrame(
        {
            in_lang(("区分", "Class"), lang): [label("reconcile_kind", k, lang) for k in counts["kind"]],
            in_lang(("件数", "Count"), lang): counts["n"],
            in_lang(("性格", "Nature"), lang): [
                informative if k in RECONCILE_INFORMATIVE else "" for k in counts["kind"]
            ],
        }
    )


def reconcile_table(rec: pd.DataFrame, lang: str, kinds: list[str] | None = None) -> pd.DataFrame:
    """One row per discrepancy for reading, with a link to the municipality's page."""
    out = rec if not kinds else rec[rec["kind"].isin(kinds)]
    yes, no = in_lang(("あり", "yes"), lang), in_lang(("なし", "no"), lang)
    link = "".join(f"&{key}={value}" for key, value in lang_query(lang).items())
    frame = pd.DataFrame(
        {
            in_lang(("団体", "Municipality"), lang): out[lang_column("municipality", lang)],
            in_lang(("団体コード", "Code"), lang): out["municipality_code"],
            in_lang(("業務", "Business"), lang): out[lang_column("business", lang)],
            in_lang(("区分", "Class"), lang): [label("reconcile_kind", k, lang) for k in out["kind"]],
            in_lang(("報告の進捗段階", "Reported stage"), lang): [
                "" if not isinstance(s, str) else stage_label(s, lang) for s in out["reported_stage"]
            ],
            in_lang(("報告の特定移行支援", "Reported special support"), lang): [
                "" if pd.isna(v) else (yes if v else no) for v in out["reported_special_support"].astype(object)
            ],
            in_lang(("報告の基準日", "Reported as of"), lang): [
                "" if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d") for v in out["reported_as_of"]
            ],
            in_lang(("総務省の完了率", "Ministry rate"), lang): out["official_rate"].map(pct_text),
            in_lang(("国の一覧の●", "● on the national list"), lang): [
                "" if pd.isna(v) else ("●" if v else no) for v in out["official_marked"].astype(object)
            ],
            in_lang(("公表資料の基準月", "Release as of"), lang): out["release_as_of"].map(month_text),
            in_lang(("団体のページ", "Municipality page"), lang): [
                f"/municipality?muni={c}{link}" for c in out["municipality_code"]
            ],
        }
    )
    return frame.reset_index(drop=True)


def procedure_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per business: the ministry's rate, the share at 100 %, live of reported in scope, share live."""
    return pd.DataFrame(
        {
            in_lang(("業務", "Business"), lang): frame[lang_column("business", lang)],
            in_lang(("手続の完了率 平均（総務省）", "Procedure done, average (ministry)"), lang): frame[
                "mean_rate"
            ].map(pct_text),
            in_lang(("完了率100%の団体の割合", "Share at 100 %"), lang): frame["share_done"].map(pct_text),
            in_lang(("稼働（報告）", "Live (reported)"), lang): frame["n_live"].fillna(0).astype(int),
            in_lang(("対象（報告）", "In scope (reported)"), lang): frame["n_in_scope"].fillna(0).astype(int),
            in_lang(("稼働の割合（報告）", "Share running (reported)"), lang): frame["share_live"].map(pct_text),
        }
    )


def procedure_time_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per ministry month: its average rate and the reported share live at the month's end."""
    return pd.DataFrame(
        {
            in_lang(("月", "Month"), lang): frame["month"].map(month_text),
            in_lang(("手続の完了率 平均（総務省）", "Procedure done, average (ministry)"), lang): frame[
                "mean_rate"
            ].map(pct_text),
            in_lang(("稼働（報告、月末）", "Live (reported, month end)"), lang): frame["n_live"],
            in_lang(("対象（報告、月末）", "In scope (reported, month end)"), lang): frame["n_in_scope"],
            in_lang(("稼働の割合", "Share running"), lang): frame["share_live"].map(pct_text),
        }
    )


def steps_table(steps: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per business: the ministry's rate and how many of its steps are in each status."""
    counts = steps.pivot_table(index="business_id", columns="status", values="step_no", aggfunc="count").fillna(0)
    first = steps.drop_duplicates("business_id").set_index("business_id")
    out = pd.DataFrame(
        {
            in_lang(("業務", "Business"), lang): first[lang_column("business", lang)],
            in_lang(("完了率（総務省）", "Completion rate (ministry)"), lang): first["rate"].map(pct_text),
        }
    )
    for status in STEP_COLORS:
        out[label("step_status", status, lang)] = counts[status].astype(int) if status in counts else 0
    open_steps = steps[~steps["status"].isin(["done", "not_applicable"])].sort_values(["business_id", "step_no"])
    current = open_steps.drop_duplicates("business_id").set_index("business_id")["step_name"]
    out[in_lang(("最初の未完了の手順（手順書の名称）", "First open step (the procedure's name)"), lang)] = (
        current.reindex(first.index).fillna(in_lang(("すべて完了", "all done"), lang))
    )
    return out.reset_index(drop=True)


def prefecture_table(record: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The prefecture's own record for the two businesses it runs, beside its municipalities' mean rate."""
    return pd.DataFrame(
        {
            in_lang(("都道府県", "Prefecture"), lang): record[lang_column("prefecture", lang)],
            in_lang(("業務", "Business"), lang): record[lang_column("business", lang)],
            in_lang(("都道府県自身の完了率（総務省）", "The prefecture's own rate (ministry)"), lang): record[
                "rate"
            ].map(pct_text),
            in_lang(("管内の市区町村の平均", "Its municipalities' average"), lang): record["municipal_rate"].map(
                pct_text
            ),
            in_lang(("基準月", "As of"), lang): record["as_of"].map(month_text),
        }
    ).reset_index(drop=True)


def loads_table(loads: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every release file loaded: kind, month with its revision (the newest wins), outcome and URL."""
    newest, older = in_lang(("最新版", "newest"), lang), in_lang(("旧版", "superseded"), lang)
    revision = [
        "" if pd.isna(r) else f"{int(r)}（{older if bool(sup) else newest}）"
        for r, sup in zip(loads["revision"], loads["superseded"].fillna(False), strict=True)
    ]
    return pd.DataFrame(
        {
            "#": loads["id"],
            in_lang(("資料", "Release"), lang): [
                in_lang(OFFICIAL_KINDS.get(k, ("—", "—")), lang) for k in loads["kind"]
            ],
            in_lang(("基準月", "Month"), lang): loads["as_of"].map(month_text),
            in_lang(("同じ月の版", "Revision of the month"), lang): revision,
            in_lang(("結果", "Outcome"), lang): loads["outcome"],
            in_lang(("取込日時", "Loaded"), lang): pd.to_datetime(loads["received_at"]).dt.strftime("%Y-%m-%d %H:%M"),
            "URL": loads["source_url"].fillna(""),
        }
    ).reset_index(drop=True)


def list_marks_text(marks: pd.DataFrame, lang: str) -> str:
    """One municipality on the latest national list, with the list's month: its ● businesses, or that it is
    not on the list (the list holds only bodies with at least one ●: no expected special-support system)."""
    if marks.empty:
        return ""
    month = month_text(marks["as_of"].iloc[0])
    listed = marks[marks["marked"].fillna(False).astype(bool) & (marks["business_id"] != COMMON_FUNCTION)]
    if marks["business_id"].isna().all():
        return in_lang(
            (
                f"デジタル庁の特定移行支援システムの該当見込み一覧（{month}時点）に載っていません: "
                "一覧は●のある団体だけを載せるため、該当見込みのシステムはありません（未回答ではありません）。",
                f"Not on the Digital Agency's list of expected special-support systems (as of {month}): the list "
                "holds only bodies with at least one ●, so none of its systems is expected to be one (not "
                "'unreported').",
            ),
            lang,
        )
    names = "、".join(listed[lang_column("business", lang)].astype(str))
    return in_lang(
        (
            f"デジタル庁の該当見込み一覧（{month}時点）で●: {names or 'なし'}",
            f"● on the Digital Agency's list (as of {month}): {names or 'none'}",
        ),
        lang,
    )
