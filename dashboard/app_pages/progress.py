"""推移 Progress over time: systems live, planned go-lives, the 2026-03-31 target and a projection."""

import streamlit as st

from dashboard import captions, data, exhibits, view
from dashboard.charts.ministry import procedure_lines
from dashboard.i18n import column, tr
from dashboard.shape import forecast as forecast_shape
from dashboard.shape.official import official_caption, procedure_time_table
from dashboard.shape.progress import PACE_WEEKS, projection, projection_points
from dashboard.summaries import ministry
from schemas.vocabulary.contract import RESIDENT_REGISTRY

RISK_ROWS = 200  # the risk list's rows on the page

ctx = view.start(
    "推移",
    "Progress over time",
    "報告に基づく稼働システム数の推移と、移行完了予定日に基づく稼働予定、直近のペースでの見通し",
    "Systems live as reported, planned go-lives from target dates, and where the recent pace leads",
)

dist = data.stage_distribution(ctx.db, ctx.version)
names = dict(zip(dist["business_id"], dist[column("business")], strict=True))
names["all"] = tr("全業務", "All businesses")
options = ["all", *dict.fromkeys(dist.sort_values("business_order")["business_id"])]
business = view.url_select(tr("業務", "Business"), options, "business", RESIDENT_REGISTRY, format_func=names.get)
chosen = "" if business == "all" else business

# live on the national deadline, of those in scope then (every pair but the not applicable)
deadline = ctx.deadline
on_deadline = [(chosen, names[business])] if chosen else []
on_deadline.append(("", names["all"]))
for slot, (which, name) in zip(st.columns(len(on_deadline)), on_deadline, strict=True):
    figure = data.live_on_deadline(ctx.db, ctx.version, which)
    with slot.container(border=True, key=f"progress_deadline_{which or 'all'}"):
        st.metric(
            tr(f"{deadline:%Y/%m/%d}時点の稼働（{name}）", f"Live on {deadline:%Y/%m/%d} ({name})"),
            tr(
                f"{captions.fmt_int(figure['live'])} / {captions.fmt_int(figure['in_scope'])}",
                f"{captions.fmt_int(figure['live'])} of {captions.fmt_int(figure['in_scope'])}",
            ),
            help=tr(
                "全国の期限の日に稼働していたシステム数 / その日の対象システム数（対象外を除く全団体×業務。未報告を含む）",
                "Systems live on the national deadline / systems in scope that day (every municipality x "
                "business but the not applicable, no report included)",
            ),
        )

series = data.live_over_time(ctx.db, ctx.version, ctx.today, chosen)
planned = data.planned_go_lives(ctx.db, ctx.version, chosen)
pace = projection(series)
points = projection_points(pace)
ahead = data.forecast(ctx.db, ctx.version, ctx.today)
curve = forecast_shape.curve_for(ahead.forecast.curve, chosen)

c1, c2, c3 = st.columns(3)
with c1.container(border=True, key="progress_pace"):
    st.metric(
        tr(f"直近{PACE_WEEKS}週のペース", f"Pace over the last {PACE_WEEKS} weeks"),
        tr(f"{pace.pace_per_week:.1f} 件/週", f"{pace.pace_per_week:.1f} a week"),
    )
with c2.container(border=True, key="progress_remaining"):
    st.metric(tr("未稼働（対象内）", "Not yet live (in scope)"), captions.fmt_int(pace.remaining))
with c3.container(border=True, key="progress_completion"):
    if pace.remaining == 0 and pace.start is not None:
        completion = tr("完了", "Complete")
    elif pace.completion is None:
        completion = tr("見通しなし", "Not in sight")
    else:
        completion = captions.fmt_date(pace.completion)
    st.metric(
        tr("完了見込み日", "Projected completion"),
        completion,
        help=tr(
            "直近のペースが続いた場合。ペースがゼロなら見通しなし。",
            "If the recent pace holds; none when there has been no recent progress.",
        ),
    )
if pace.completion is not None and pace.remaining and pace.completion > deadline:
    st.caption(
        tr(
            f"直近のペースでは目標（{deadline:%Y/%m/%d}）から {(pace.completion - deadline).days:,}日遅れます。",
            f"At the recent pace, completion comes {(pace.completion - deadline).days:,} days "
            f"after the target ({deadline:%Y/%m/%d}).",
        )
    )

if series.empty:
    st.info(tr("この業務の報告はまだありません。", "No reports for this business yet."))
else:
    view.exhibit(exhibits.progress(series, planned, ctx.meta, ctx.lang, names[business] if chosen else "", curve), ctx)

st.caption(
    tr(
        "予測は、報告の履歴から学習した各段階の所要期間（カプランマイヤー推定）で残りの段階を"
        f"{ahead.forecast.draws:,}回模擬した結果です（帯は80%区間）。予定日は予測の入力であり、答えではありません。",
        f"The forecast draws each system's remaining stages {ahead.forecast.draws:,} times from the stage "
        "durations learned from the report history (Kaplan-Meier); the band is its 80% interval. The reported "
        "plan is an input, not the answer.",
    )
)
st.page_link(
    "app_pages/forecast.py",
    label=tr("予測の方法と検証", "How the forecast works and is checked"),
    icon=":material/info:",
)

st.subheader(tr("期日に間に合わない可能性が高いシステム", "Systems most likely to miss their due date"))
risk = ahead.risk if not chosen else ahead.risk[ahead.risk["business_id"] == chosen]
if risk.empty:
    st.info(tr("期日がまだ先の未稼働システムはありません。", "No system not yet live has its due date ahead."))
else:
    likely = int((risk["p_miss"] >= 0.5).sum())
    st.caption(
        tr(
            f"期日がまだ先の未稼働 {len(risk):,} システムのうち、{likely:,} システムは期日に間に合わない可能性の方が高い見込みです。",
            f"Of the {len(risk):,} systems not live with their due date ahead, {likely:,} will more likely "
            "than not miss it.",
        )
    )
    view.table(forecast_shape.risk_table(risk, ctx.lang, RISK_ROWS), "progress_risk", ctx, filename="forecast_risk_top")
    if len(risk) > RISK_ROWS:  # the page shows the first ones; the whole list as a file
        st.download_button(
            tr(f"全 {len(risk):,} システムのCSV", f"CSV of all {len(risk):,} systems"),
            data=lambda: view.csv_bytes(forecast_shape.risk_table(risk, ctx.lang)),  # made on the click only
            file_name=f"forecast_risk_{ctx.lang}.csv",
            mime="text/csv",
            key="progress_risk_all_csv",
            on_click="ignore",
        )

st.subheader(tr("ベンダの移行予定と実績（月別）", "Vendors' planned cut-overs against their record, by month"))
names_by_code = dict(
    zip(ahead.forecast.systems["municipality_code"], ahead.forecast.systems[column("municipality")], strict=False)
)
congested = ahead.capacity[ahead.capacity["congested"]] if len(ahead.capacity) else ahead.capacity
st.caption(
    tr(
        f"移行中・事業者選定中のシステムの予定月の件数を、各ベンダの月間最大稼働実績と比べます。実績の2倍を超える月を混雑とします（{len(congested):,}件）。",
        "Systems in procurement or migration counted in the month of their target date, against the most "
        "go-lives each vendor has delivered in a month; months planned beyond twice that are congested "
        f"({len(congested):,}).",
    )
)
if len(ahead.capacity):
    view.table(
        forecast_shape.capacity_table(ahead.capacity, names_by_code, ctx.lang),
        "progress_capacity",
        ctx,
        filename="vendor_capacity",
    )

official = data.procedure_over_time(ctx.db, ctx.version, chosen)
if not official.empty:
    st.subheader(tr("手続の完了（総務省）と稼働（報告）", "Procedure done (ministry) vs running (reported)"))
    latest = data.official_latest(ctx.db, ctx.version)
    view.chart(
        procedure_lines(official, ctx.lang),
        procedure_time_table(official, ctx.lang),
        "progress_procedure",
        ctx,
        summary=ministry.procedure_over_time(official, ctx.lang),
        caption=official_caption(latest, ["mic_progress"], ctx.lang) + " · " + view.as_of_caption(ctx),
    )

view.prefecture_record(ctx, "progress_prefecture")
