"""The dashboard's own words: regions, kinds, tracks, column and axis labels, coverage, sort orders,
the overview's measures and the overview in plain words."""

from __future__ import annotations

from schemas.vocabulary.language import Pair

# the past-due total: one word on every screen, sheet, deck and page; its parts are named as parts
OVERDUE: Pair = ("期限超過", "Past due")
OVERDUE_PART: Pair = ("うち", "of which")

REGIONS: dict[str, Pair] = {"ku": ("区部", "Special wards"), "tama": ("多摩", "Tama"), "islands": ("島しょ", "Islands")}
KINDS: dict[str, Pair] = {
    "ward": ("特別区", "Ward"),
    "city": ("市", "City"),
    "town": ("町", "Town"),
    "village": ("村", "Village"),
}

# where a system stands on both tracks (standardisation x Government Cloud)
TRACKS: dict[str, Pair] = {
    "live_running": ("稼働・クラウド稼働", "Live, running on the cloud"),
    "live_cloud_pending": ("稼働・クラウド移行前", "Live, cloud move pending"),
    "live_no_cloud": ("稼働・クラウド利用予定なし", "Live, no cloud planned"),
    "underway_cloud_preparing": ("移行中・クラウド環境構築中", "Under way, cloud being prepared"),
    "underway_cloud_planned": ("移行中・クラウド利用予定", "Under way, cloud planned"),
    "underway_no_cloud": ("移行中・クラウド利用予定なし", "Under way, no cloud planned"),
}

# the labels of the dashboard's table columns and chart axes, by column name
TEXT: dict[str, Pair] = {
    "municipality_code": ("団体コード", "Code"),
    "municipality": ("団体", "Municipality"),
    "business": ("業務", "Business"),
    "stage": ("進捗段階", "Stage"),
    "stage_code": ("段階コード", "Stage code"),
    "target_date": ("移行完了予定日", "Target date"),
    "new_target_date": ("新たな移行完了予定日", "New target date"),
    "go_live_date": ("稼働日", "Go-live date"),
    "gov_cloud": ("ガバメントクラウド", "Government Cloud"),
    "special_support": ("特定移行支援", "Special support"),
    "special_support_reason": ("特定移行支援事由", "Special-support reason"),
    "reason": ("事由", "Reason"),
    "schedule_status": ("スケジュール", "Schedule status"),
    "due_date": ("期日", "Due date"),
    "vendor": ("ベンダ", "Vendor"),
    "pmo_progress": ("PMO完了率", "PMO progress"),
    "as_of": ("基準日", "As of"),
    "region": ("地域", "Region"),
    "prefecture": ("都道府県", "Prefecture"),
    "n_live": ("稼働", "Live"),
    "n_in_scope": ("対象", "In scope"),
    "n_overdue": OVERDUE,
    "n_systems": ("システム数", "Systems"),
    "n_municipalities": ("団体数", "Municipalities"),
    "share_live": ("稼働率", "Share live"),
    "share_live_pct": ("稼働率(%)", "Share live (%)"),
    "days_overdue": ("超過日数", "Days past due"),
    "last_report": ("最終報告", "Last report"),
    "track": ("区分", "Track"),
    "axis": ("軸", "Track"),
    "status": ("状態", "Status"),
    "series": ("系列", "Series"),
    "day": ("日付", "Day"),
    "measure": ("指標", "Measure"),
    "now": ("現在", "Now"),
    "before_30d": ("30日前", "30 days before"),
    "change": ("増減", "Change"),
    "standardisation": ("標準化", "Standardisation"),
    "standardisation_stages": ("標準化（進捗段階）", "Standardisation"),
    "in_scope": ("対象システム数", "Systems in scope"),
    "live_reported": ("稼働（報告）", "Live (reported)"),
    "planned": ("稼働予定（予定日ベース）", "Planned go-lives"),
    "projection": ("直近ペースでの見通し", "Projection at recent pace"),
    "forecast": ("予測（中央値）", "Forecast (median)"),
    "forecast_low": ("予測80%区間（下）", "Forecast 80% interval (low)"),
    "forecast_high": ("予測80%区間（上）", "Forecast 80% interval (high)"),
    "forecast_band": ("予測の80%区間", "Forecast 80% interval"),
    "p_due": ("期日までに稼働する確率", "Chance of going live by the due date"),
    "p_miss": ("期日に間に合わない確率", "Chance of missing the due date"),
    "forecast_go_live": ("予測稼働日（中央値）", "Forecast go-live (median)"),
    "forecast_go_live_low": ("予測稼働日（80%区間・早）", "Forecast go-live (80% interval, early)"),
    "forecast_go_live_high": ("予測稼働日（80%区間・遅）", "Forecast go-live (80% interval, late)"),
    "days_in_stage": ("現段階の日数", "Days in stage"),
    "stage_median_days": ("この段階の標準的な日数（中央値）", "Typical days in this stage (median)"),
    "vendor_planned": ("ベンダの同月の移行予定数", "Vendor's cut-overs planned that month"),
    "vendor_max_monthly": ("ベンダの月間最大稼働実績", "Vendor's most go-lives in a month"),
    "vendor_recent_median": ("ベンダの直近6か月の月間中央値", "Vendor's recent monthly median"),
    "month": ("月", "Month"),
    "ratio": ("倍率", "Ratio"),
    "congested": ("混雑", "Congested"),
    "municipalities": ("団体", "Municipalities"),
    "risk_reason": ("理由", "Reason"),
    "mean_forecast_pct": ("予測した確率（%）", "Chance forecast (%)"),
    "observed_pct": ("実際に稼働した割合（%）", "Share that went live (%)"),
    "perfect_calibration": ("完全に較正された予測", "Perfectly calibrated"),
    "p_by": ("{day}までに稼働する確率", "Chance of being live by {day}"),
    "p_by_pick": ("この日までに稼働する確率を見る", "Chance of being live by this day"),
    "curve_level": ("推定の単位", "Estimated by"),
    "curve_value": ("対象", "For"),
    "stays": ("滞在数", "Stays"),
    "finished_stays": ("うち終了", "Finished"),
    "median_days": ("中央値（日）", "Median (days)"),
    "level_pooled": ("全体", "Pooled"),
    "level_business": ("業務別", "By business"),
    "level_vendor": ("ベンダ別", "By vendor"),
    "deadline": ("期限", "Deadline"),
    "nothing_in_scope": ("対象なし・未報告", "Nothing in scope or no report"),
    "resident_registry": ("住民基本台帳", "Resident registry"),
    "n_running": ("稼働", "Running"),
}

# how recently a municipality has reported (the admin's coverage list)
COVERAGE: dict[str, Pair] = {
    "never": ("未報告", "Never reported"),
    "late": ("報告が途絶", "Late"),
    "up_to_date": ("報告済み", "Up to date"),
}

SORTS_TEXT: dict[str, Pair] = {
    "code": ("団体コード順", "By code"),
    "progress_desc": ("進捗の高い順", "Most progress first"),
    "progress_asc": ("進捗の低い順", "Least progress first"),
}

# the overview's measures
KPI_LABELS: dict[str, Pair] = {
    "live": ("稼働済みシステム", "Systems live"),
    "share": ("稼働率（対象外を除く）", "Share live (in scope)"),
    "registry_live": ("住民基本台帳 稼働団体", "Resident registry live"),
    "cloud_running": ("ガバメントクラウドで稼働", "Running on the Government Cloud"),
    "special_support": ("特定移行支援システム", "Special-support systems"),
    "overdue": OVERDUE,
    "reported_recent": ("{days}日以内に報告した団体", "Reported within {days} days"),
}

# each card's definition in the user's words ({deadline}: the national deadline; {days}: the recent window)
KPI_HELP: dict[str, Pair] = {
    "live": (
        "新しい標準のシステムで動いている業務システムの数です。分母は、全団体の20業務から対象外の業務を"
        "除いた数で、まだ報告のない団体の業務も含みます。",
        "Systems already running on a standard-compliant system. Out of every municipality's 20 systems but "
        "those not applicable, including those of municipalities that have not reported yet.",
    ),
    "share": (
        "稼働済みのシステムを、対象のシステム（全団体の20業務から対象外を除いた数、報告のないものを含む）で"
        "割った割合です。地図・カルテ・資料も同じ分母です。",
        "Systems live divided by the systems in scope (every municipality's 20 systems but those not "
        "applicable, unreported ones included). The map, the sheets and the deck use the same denominator.",
    ),
    "registry_live": (
        "住民基本台帳のシステムが新しい標準のシステムで動いている団体の数です。",
        "Municipalities whose resident registry already runs on a standard-compliant system.",
    ),
    "cloud_running": (
        "ガバメントクラウドの上で動いているシステムの数です。",
        "Systems running on the Government Cloud.",
    ),
    "special_support": (
        "国が特定移行支援システムと認め、期限の後の新しい完了予定日で移行するシステムの数です（対象外を除く）。",
        "Systems designated for special migration support, moving on a new date after the deadline "
        "(not applicable excluded).",
    ),
    "overdue": (
        "期日を過ぎても、まだ新しいシステムで動いていないシステムの数です（報告のないものを含みます）。"
        "期日は、特定移行支援システムならその新しい完了予定日、それ以外は自らの完了予定日と全国の期限"
        " {deadline} の早い方です（予定日がなければ {deadline}）。下の「うち」は、その内訳です。",
        "Systems not yet running on a standard-compliant system after their due date, unreported ones "
        "included. The due date is a special-support system's new date; for any other system the earlier "
        "of its own target date and the national deadline {deadline} (no target date: {deadline}). The "
        "\u201cof which\u201d line below splits it into its parts.",
    ),
    "reported_recent": (
        "今日までの{days}日の間に、受け付けた報告が届いた団体の数です。",
        "Municipalities from which an accepted report arrived in the last {days} days, today included.",
    ),
}

# The overview in plain Japanese (やさしい日本語: the Agency for Cultural Affairs' guidance for public
# information: short sentences, everyday words, ルビ on hard kanji, no abbreviations), and the same
# in plain English. HTML: <ruby> is the only markup; the figures are filled in by
# dashboard.shape.headline.plain_summary, escaped.
PLAIN_SUMMARY_TITLE: Pair = ("やさしい日本語で", "In plain words")
PLAIN_SUMMARY: Pair = (
    "<p>東京都の{n_municipalities}の<ruby>区市町村<rt>くしちょうそん</rt></ruby>は、"
    "<ruby>住民<rt>じゅうみん</rt></ruby>の<ruby>記録<rt>きろく</rt></ruby>や税金などの仕事に"
    "コンピューターを使っています。</p>"
    "<p>国は、このコンピューターの<ruby>仕組<rt>しく</rt></ruby>みを、みんな同じ形に変えるように決めました。</p>"
    "<p>変えるコンピューターは、全部で{in_scope}あります。"
    "いま、そのうち{live}が新しい形で動いています。100のうち{percent}ぐらいです。</p>"
    "<p>国は「{deadline}までに変える」という<ruby>目標<rt>もくひょう</rt></ruby>を決めています。"
    "この日を過ぎても、まだ変わっていないコンピューターが{overdue}あります。</p>",
    "<p>Tokyo's {n_municipalities} cities, towns and villages use computer systems for their work, "
    "such as the records of the people who live there and taxes.</p>"
    "<p>The national government has decided that these systems should all change to one common form.</p>"
    "<p>There are {in_scope} systems to change. {live} of them already work in the new form: "
    "about {percent} out of every 100.</p>"
    "<p>The government's goal is to change them by {deadline}. {overdue} systems have passed their date "
    "and have not changed yet.</p>",
)
