"""The charts' headline phrases (dashboard/summaries/) on small hand-built frames, figures worked by hand."""

from __future__ import annotations

import pandas as pd

from dashboard.shape.maps import MapView
from dashboard.summaries import cloud, delays, ministry, municipality, standardisation


def test_stages_counts_live_of_in_scope_with_no_report_included():
    dist = pd.DataFrame(
        {
            "stage": ["live", "live", "migration", "no_report", "not_applicable"],
            "n": [300, 112, 700, 128, 2],
        }
    )
    # in scope: 1,242 - 2 not applicable = 1,240; 412 / 1,240 = 33.23 %
    assert standardisation.stages(dist, "ja") == "稼働済み 412 / 1,240 システム（33.2%）"
    assert standardisation.stages(dist, "en") == "412 of 1,240 systems live (33.2%)"


def test_stages_with_nothing_in_scope_shows_a_dash():
    dist = pd.DataFrame({"stage": ["not_applicable"], "n": [3]})
    assert standardisation.stages(dist, "ja") == "稼働済み 0 / 0 システム（—）"


def _share_map(metric: str) -> MapView:
    frame = pd.DataFrame({"code": ["131016", "131024"], "n": [15, 5], "n_in_scope": [20, 20], "category": ["x", "y"]})
    return MapView(frame, {}, metric, "")


def test_map_share_over_every_area():
    # (15 + 5) / (20 + 20) = 50 %
    assert standardisation.map_view(_share_map("live"), "ja") == "全体で稼働 20 / 40 システム（50.0%）"
    assert (
        standardisation.map_view(_share_map("cloud"), "en")
        == "20 of 40 systems running on the Government Cloud overall (50.0%)"
    )


def test_map_of_one_business_counts_the_areas_live_or_past_due():
    stage = pd.DataFrame({"code": ["a", "b", "c"], "category": ["live", "migration", "live"]})
    assert standardisation.map_view(MapView(stage, {}, "stage", ""), "ja") == "稼働の団体 2 / 3"
    schedule = pd.DataFrame(
        {"code": ["a", "b", "c", "d"], "category": ["overdue_deadline", "live", "on_track", "overdue_special"]}
    )
    assert standardisation.map_view(MapView(schedule, {}, "schedule", ""), "en") == "2 of 4 municipalities past due"


def test_heatmap_counts_live_of_the_pairs_shown_leaving_out_the_not_applicable():
    cells = pd.DataFrame({"stage": ["live", "live", "planning", "no_report", "not_applicable"]})
    # 2 live of 4 in scope
    assert (
        standardisation.heatmap_cells(cells, "ja") == "表示中の団体×業務 4組（対象外を除く）のうち稼働済み 2組（50.0%）"
    )
    assert standardisation.heatmap_cells(cells, "en") == (
        "2 of the 4 municipality x business pairs shown are live (not applicable left out; 50.0%)"
    )


def test_prefecture_rollup_overall_and_the_highest_prefecture():
    rollup = pd.DataFrame(
        {
            "prefecture_ja": ["北海道", "北海道", "東京都", "東京都"],
            "prefecture_en": ["Hokkaido", "Hokkaido", "Tokyo", "Tokyo"],
            "n_live": [1, 0, 3, 1],
            "n_in_scope": [10, 10, 4, 4],
        }
    )
    # overall 5 / 28 = 17.9 %; Tokyo 4 / 8 = 50 %, Hokkaido 1 / 20 = 5 %
    assert (
        standardisation.prefecture_rollup(rollup, "ja")
        == "稼働 5 / 28 システム（17.9%）、稼働率が最も高いのは東京都（50.0%）"
    )
    assert (
        standardisation.prefecture_rollup(rollup, "en")
        == "5 of 28 systems live (17.9%); highest share in Tokyo (50.0%)"
    )


def test_progress_gives_the_latest_week_and_its_change():
    series = pd.DataFrame(
        {
            "week": pd.to_datetime(["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"]),
            "live": [380, 389, 400, 412],
            "in_scope": [1240, 1240, 1240, 1240],
        }
    )
    # over the last two weeks: 412 - 389 = +23
    assert (
        standardisation.progress(series, "ja", weeks=2)
        == "最新週（2026/11/16）の稼働 412 / 1,240 システム（33.2%）、2週間で+23"
    )
    # a window longer than the history: from the first week, 3 weeks, 412 - 380 = +32
    assert standardisation.progress(series, "en", weeks=12) == (
        "412 of 1,240 systems live in the latest week (2026/11/16; 33.2%), +32 over 3 weeks"
    )
    assert standardisation.progress(series.tail(1), "ja") == "最新週（2026/11/16）の稼働 412 / 1,240 システム（33.2%）"


def test_procedure_over_time_takes_the_latest_month():
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(["2026-09-01", "2026-10-01"]),
            "mean_rate": [0.70, 0.781],
            "share_live": [0.30, 0.332],
        }
    )
    assert ministry.procedure_over_time(frame, "ja") == "2026-10の手続の完了率 平均 78.1%（総務省）、報告で稼働 33.2%"
    assert ministry.procedure_over_time(frame, "en") == (
        "2026-10: ministry procedure done 78.1% on average, 33.2% running as reported"
    )


def test_procedure_vs_running_weights_each_business_by_its_rates():
    frame = pd.DataFrame(
        {
            "mean_rate": [0.5, 1.0, None],
            "n_rates": [3, 1, 0],
            "n_live": [1, 2, None],
            "n_in_scope": [3, 2, None],
        }
    )
    # (0.5 * 3 + 1.0 * 1) / 4 = 62.5 %; live 3 of 5 = 60 %
    assert (
        ministry.procedure_vs_running(frame, "ja")
        == "手続の完了率 平均 62.5%（総務省）、報告で稼働 3 / 5 システム（60.0%）"
    )
    assert ministry.procedure_vs_running(frame, "en") == (
        "ministry procedure done 62.5% on average; 3 of 5 reported systems running (60.0%)"
    )


def test_context_names_the_first_figure_on_both_sides():
    context = pd.DataFrame({"label": ["特定移行支援システム"], "national": ["10,000"], "local": ["35"]})
    assert municipality.context(context, "ja", "都内") == "特定移行支援システム: 全国 10,000、都内 35"
    assert municipality.context(context.iloc[0:0], "en", "Tokyo") == "0 figures to compare"


def test_two_tracks_live_and_running_of_the_systems_in_scope():
    stage_totals = pd.DataFrame({"stage": ["live", "migration", "planning"], "n": [40, 50, 10]})
    cloud_totals = pd.DataFrame({"gov_cloud": ["running", "planned", "not_planned"], "n": [25, 60, 15]})
    assert cloud.two_tracks(stage_totals, cloud_totals, "ja") == (
        "対象 100 システムのうち標準化で稼働 40（40.0%）、ガバメントクラウドで稼働 25（25.0%）"
    )
    assert cloud.two_tracks(stage_totals, cloud_totals, "en") == (
        "of 100 systems in scope, 40 live on the standard systems (40.0%) and 25 running on the Government Cloud (25.0%)"
    )


def test_tracks_counts_the_systems_done_on_both():
    tracks = pd.DataFrame(
        {"track": ["live_running", "live_running", "live_no_cloud", "underway_no_cloud"], "n": [3, 2, 7, 8]}
    )
    assert cloud.tracks(tracks, "ja") == "稼働・クラウド稼働 5 / 20 システム（25.0%）"
    assert cloud.tracks(tracks, "en") == "Live, running on the cloud: 5 of 20 systems (25.0%)"


def test_cloud_business_share_running_and_the_business_with_most():
    counts = pd.DataFrame(
        {
            "business_order": [1, 1, 2, 2],
            "business_ja": ["住民基本台帳", "住民基本台帳", "選挙人名簿管理", "選挙人名簿管理"],
            "business_en": ["Basic Resident Registry", "Basic Resident Registry", "Electoral Roll", "Electoral Roll"],
            "gov_cloud": ["running", "planned", "running", "not_planned"],
            "n": [12, 50, 30, 8],
        }
    )
    # 42 of 100 running; most in the electoral roll (30)
    assert (
        cloud.cloud_business(counts, "ja")
        == "ガバメントクラウドで稼働 42 / 100 システム（42.0%）、最も多いのは選挙人名簿管理（30）"
    )
    none = counts.assign(gov_cloud="planned")
    assert cloud.cloud_business(none, "en") == "0 of 100 systems running on the Government Cloud (0.0%)"


def test_cloud_area_over_the_areas_shown_and_the_highest():
    by_area = pd.DataFrame(
        {"label": ["千代田区", "中央区"], "n_running": [10, 2], "n_in_scope": [20, 20], "share_running": [0.5, 0.1]}
    )
    assert cloud.cloud_area(by_area, "ja", national=False) == (
        "表示中の2団体でガバメントクラウドで稼働 12 / 40 システム（30.0%）、最も高いのは千代田区（50.0%）"
    )
    assert cloud.cloud_area(by_area.iloc[0:0], "en", national=True) == (
        "0 of 0 systems running on the Government Cloud in the 0 prefectures shown (—)"
    )


def test_steps_average_rate_and_steps_done():
    steps = pd.DataFrame(
        {
            "business_id": ["a", "a", "a", "b", "b"],
            "status": ["done", "done", "in_progress", "done", "not_started"],
            "rate": [0.6, 0.6, 0.6, 0.4, 0.4],
        }
    )
    assert municipality.steps(steps, "ja") == "2業務の完了率 平均 50.0%（総務省）、手順 5件のうち完了 3件"
    assert (
        municipality.steps(steps, "en")
        == "ministry completion rate 50.0% on average over 2 businesses; 3 of 5 steps done"
    )


def test_history_report_days_and_the_latest_stage_of_each_business():
    history = pd.DataFrame(
        {
            "as_of": pd.to_datetime(["2024-12-02", "2024-12-02", "2024-12-02", "2025-01-06", "2025-01-06"]),
            "business_id": ["a", "b", "c", "a", "b"],
            "stage": ["migration", "live", "not_applicable", "live", "live"],
        }
    )
    # two report days; latest: a live, b live, c not applicable (out of scope)
    assert municipality.history(history, "ja") == "2日分の報告、最新（2025/01/06）時点で稼働 2 / 2 業務"
    assert (
        municipality.history(history, "en") == "reports of 2 days; as of the latest (2025/01/06) 2 of 2 businesses live"
    )


def test_peers_share_and_place_ties_sharing_the_higher_place():
    peer_frame = pd.DataFrame(
        {
            "municipality_code": ["131016", "131024", "131032", "131041"],
            "municipality_ja": ["千代田区", "中央区", "港区", "新宿区"],
            "municipality_en": ["Chiyoda", "Chuo", "Minato", "Shinjuku"],
            "n_live": [10, 5, 5, 0],
            "n_in_scope": [20, 20, 20, 0],
            "share_live": [0.5, 0.25, 0.25, None],
        }
    )
    assert municipality.peers(peer_frame, "131032", "ja") == "港区の稼働率 25.0%（5 / 20）、4団体中2位"
    assert municipality.peers(peer_frame, "131016", "en") == "Chiyoda: 50.0% live (10 of 20), place 1 of 4"
    assert municipality.peers(peer_frame, "131041", "ja") == "新宿区は対象システムの報告なし、比較対象 4団体"


def test_reasons_total_and_the_most_frequent():
    reasons = pd.DataFrame({"reason": ["メインフレーム", "個別開発", "その他"], "n": [3, 5, 0]})
    assert delays.reasons(reasons, "ja") == "特定移行支援 8 システム、最も多い事由は「個別開発」（5）"
    assert delays.reasons(reasons.assign(n=0), "en") == "0 special-support systems"


def test_overdue_total_and_its_split_by_schedule_status():
    counts = pd.DataFrame(
        {
            "schedule_status": ["overdue_deadline", "overdue_special", "overdue_deadline", "overdue_target"],
            "n": [100, 1, 34, 0],
        }
    )
    # 100 + 34 past the deadline, 1 special support past its new date, the zero left out
    assert delays.overdue(counts, "ja") == (
        "期限超過 135 システム（うち 全国の期限を経過（特定移行支援なし） 134 · うち 特定移行支援・新たな予定日を経過 1）"
    )
    assert delays.overdue(counts, "en") == (
        "135 systems past due (of which past the national deadline (no special support) 134 · "
        "of which special support, past its new date 1)"
    )
    assert delays.overdue(counts.iloc[0:0], "en") == "0 systems past due"


def test_vendor_schedule_names_the_vendor_with_most_behind():
    vs = pd.DataFrame({"vendor": ["TKC", "NEC", "富士通"], "n_systems": [40, 90, 30], "n_overdue": [12, 12, 3]})
    # a tie on past due goes to the vendor with more systems
    assert delays.vendor_schedule(vs, "ja") == "期限超過が最も多いベンダはNEC（12 / 90 システム）"
    assert delays.vendor_schedule(vs, "en") == "NEC has the most systems past due (12 of 90)"
    assert delays.vendor_schedule(vs.assign(n_overdue=0), "en") == "none of the 3 vendors has a system past due"


def test_vendor_matrix_names_the_vendor_serving_most():
    top = pd.DataFrame({"vendor": ["TKC", "TKC", "NEC"], "business_id": ["a", "b", "a"], "n_municipalities": [3, 4, 6]})
    assert delays.vendor_matrix(top, "ja") == "表示中の2社で最も多く担当するのはTKC（2業務・7システム）"
    assert delays.vendor_matrix(top, "en") == "of the 2 vendors shown, TKC serves the most (7 systems in 2 businesses)"


def test_reconcile_total_and_each_class():
    counts = pd.DataFrame({"kind": ["live_procedure_incomplete", "listed_never_reported"], "n": [4, 2]})
    assert ministry.reconcile(counts, "ja") == (
        "食い違い 6件（稼働と報告、総務省の完了率は100%未満 4 · 国の一覧に●、報告なし 2）"
    )
    assert ministry.reconcile(counts, "en") == (
        "6 discrepancies (Reported live, ministry completion rate below 100 % 4 · ● on the national list, never reported 2)"
    )
