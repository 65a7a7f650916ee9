"""The cost report's data contract (運用経費): its columns and headers, the ten categories of the Digital
Agency's TCO comparison, the kinds of figure, and the cost page's own words."""

from __future__ import annotations

from schemas.vocabulary.language import Pair

# the ten categories of the Digital Agency's TCO comparison, in its order: three of work (作業費),
# seven of goods (物品費)
COST_CATEGORIES: dict[str, Pair] = {
    "ops_work": ("システム運用作業", "System operation work"),
    "hw_maint_work": ("ハードウェア保守作業", "Hardware maintenance work"),
    "other_outsourcing": ("その他外部委託費", "Other outsourcing"),
    "hw_rental": ("ハードウェア借料", "Hardware rental"),
    "hw_maint_fee": ("ハードウェア保守費", "Hardware maintenance fees"),
    "sw_rental": ("ソフトウェア借料", "Software rental"),
    "sw_maint": ("ソフトウェア保守費", "Software maintenance"),
    "datacenter": ("データセンター利用費", "Data centre fees"),
    "network": ("通信回線費", "Network lines"),
    "cloud": ("クラウド利用経費", "Cloud usage fees"),
}
COST_GROUPS: dict[str, Pair] = {"work": ("作業費", "Work"), "goods": ("物品費", "Goods")}
COST_CATEGORY_GROUP: dict[str, str] = {c: ("work" if i < 3 else "goods") for i, c in enumerate(COST_CATEGORIES)}

# what a figure is: a closed year's accounts, the year's budget, or an estimate
COST_KINDS: dict[str, Pair] = {
    "actual": ("決算", "Actual"),
    "budget": ("予算", "Budget"),
    "estimate": ("見込み", "Estimate"),
}

COST_COLUMNS: list[str] = [
    "municipality_code",
    "business_id",
    "fiscal_year",
    "kind",
    *COST_CATEGORIES,
    "shared_cost_share",
    "contract_end",
    "vendor",
    "package",
    "note",
]
COST_REQUIRED_COLUMNS: list[str] = ["municipality_code", "business_id", "fiscal_year", "kind"]
COST_OPTIONAL_COLUMNS: list[str] = [c for c in COST_COLUMNS if c not in COST_REQUIRED_COLUMNS]

COST_HEADERS: dict[str, Pair] = {
    "municipality_code": ("団体コード", "Municipality code"),
    "business_id": ("業務", "Business"),
    "fiscal_year": ("年度", "Fiscal year"),
    "kind": ("区分", "Kind"),
    **{c: (f"{ja}（円）", f"{en} (yen)") for c, (ja, en) in COST_CATEGORIES.items()},
    "shared_cost_share": ("共同調達による負担分（円）", "Paid through a joint arrangement (yen)"),
    "contract_end": ("契約満了日", "Contract end"),
    "vendor": ("ベンダ", "Vendor"),
    "package": ("パッケージ", "Package"),
    "note": ("備考", "Note"),
}
COST_HEADERS_JA: dict[str, str] = {c: ja for c, (ja, _) in COST_HEADERS.items()}
COST_HEADERS_EN: dict[str, str] = {c: en for c, (_, en) in COST_HEADERS.items()}

COST_SHEET = "運用経費"  # the template's second sheet
BASELINE_YEAR = 2018  # the national promise's base year (平成30年度), the report's first year
FIRST_REPORTED_YEAR = 2024  # after the baseline, each year from FY2024
COST_YEARS_AHEAD = 5  # budgets and estimates at most this many years after the current one
COST_MEDIAN_FACTOR = 10  # a category beyond this many times the municipality's median: a warning
COST_MEDIAN_MIN_YEARS = 3  # ... once the municipality has at least this many figures for it
YEN_MAX = 10**12  # one category of one system in one year: a trillion yen is a typing error
COST_NOTE_MAX = 1000
# a national cost file (1,741 bodies x 20 businesses x 4 years, about 15 MB) goes through the command
# line; the app's uploads stay within the status report's 5 MB
COST_MAX_BYTES = 32 * 1024 * 1024
COST_MAX_ROWS = 200_000
COST_TEXT_MAX = 100

# the cost page's and outputs' words
COST_TEXT: dict[str, Pair] = {
    "page": ("運用経費", "Operating costs"),
    "ratio": ("FY2018比", "Ratio to FY2018"),
    "target": ("目標（3割減）", "Target (30 % less)"),
    "baseline_total": ("FY2018の経費（円）", "FY2018 cost (yen)"),
    "current_total": ("直近年度の経費（円）", "Latest year's cost (yen)"),
    "current_year": ("直近年度", "Latest year"),
    "current_kind": ("直近年度の区分", "Latest year's kind"),
    "weighted_ratio": ("経費加重の比率", "Cost-weighted ratio"),
    "median_ratio": ("団体の比率の中央値", "Median municipality ratio"),
    "n_reported": ("報告団体数", "Municipalities reporting"),
    "n_compared": ("比較できる団体数", "Municipalities with both years"),
    "n_pairs": ("比較できるシステム数", "Systems with both years"),
    "above_one": ("1.0倍超の団体", "Municipalities above 1.0×"),
    "above_target": ("目標超の団体", "Municipalities above the target"),
    "category": ("経費区分", "Category"),
    "group": ("大分類", "Group"),
    "change": ("増減（円）", "Change (yen)"),
    "baseline": ("FY2018（円）", "FY2018 (yen)"),
    "current": ("直近（円）", "Latest (yen)"),
    "ratio_bin": ("比率の階級", "Ratio class"),
    "reference": ("公表値", "Reported figure"),
    "source": ("出典", "Source"),
    "as_of": ("時点", "As of"),
    "withheld": ("5団体未満のため非表示", "Withheld: fewer than 5 municipalities"),
    "contract_end": ("契約満了日", "Contract end"),
    "window": ("満了時期", "Ending window"),
    "combined": ("合計年額（円）", "Combined annual cost (yen)"),
    "participants": ("参加団体", "Participants"),
    "arrangement": ("共同調達", "Joint arrangement"),
    "start": ("開始日", "Start"),
    "base_cost": ("共通経費（円）", "Shared base cost (yen)"),
    "usage": ("利用量の割合", "Usage share"),
    "before": ("参加前（円）", "Before (yen)"),
    "after": ("参加後（円）", "After (yen)"),
    "vendor_or_package": ("ベンダ／パッケージ", "Vendor / package"),
    "gov_cloud": ("ガバメントクラウド", "Government Cloud"),
    "stage": ("進捗段階", "Stage"),
    "total": ("合計（円）", "Total (yen)"),
}
