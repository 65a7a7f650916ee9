"""予測の方法 Forecast method: what the go-live forecast assumes, how it is checked against the history
(calibration, Brier score against the recent pace and the reported plans, the median's error), its limits."""

import pandas as pd
import streamlit as st

from dashboard import data, view
from dashboard.charts import forecast as forecast_charts
from dashboard.forecast import backtest as bt
from dashboard.i18n import column, tr
from dashboard.shape import forecast as forecast_shape

ctx = view.start(
    "予測の方法と検証",
    "How the forecast works and is checked",
    "稼働予測が何を前提とし、過去の履歴でどれだけ当たったか",
    "What the go-live forecast assumes, and how well it did on the history",
)

st.subheader(tr("前提", "What it assumes"))
st.markdown(
    tr(
        "- 報告の履歴から、各システムが各段階（未着手〜移行作業・テスト）にとどまった日数を集めます。まだその段階に"
        "いるシステムは「打ち切り」として扱い、scipy のカプランマイヤー推定で所要期間の分布を求めます。\n"
        "- 分布はベンダ別（その段階で終了が20件以上あるとき）、なければ業務別、なければ全体で求めます。\n"
        "- 各システムの残りの段階を、その段階にいる日数を条件として1,000回模擬し、期日までに稼働する確率、"
        "稼働日の中央値と80%区間を出します（乱数の種は固定）。最後の観測を超える期間は一定の率で続くとみなします。\n"
        "- 報告された予定日は期日の算定と比較の基準に使い、予測の答えにはしません。",
        "- From the report history, the days each system stayed in each stage (not started to migration). "
        "Systems still in a stage count as censored; scipy's Kaplan-Meier estimate gives each stage's "
        "duration distribution.\n"
        "- By vendor where the vendor has 20 or more finished stays in that stage, else by business, else pooled.\n"
        "- Each system's remaining stages are drawn 1,000 times, given the days it has already spent in its "
        "stage: its chance of going live by its due date, its median go-live and 80% interval (fixed seed). "
        "Beyond the longest stay seen, a stay continues at a constant rate.\n"
        "- The reported target date sets the due date and is the baseline compared; it is not taken as the answer.",
    )
)

bundle = data.forecast(ctx.db, ctx.version, ctx.today)
curves = bundle.durations.table()
if len(curves):
    systems = bundle.forecast.systems
    business_names = dict(zip(systems["business_id"], systems[column("business")], strict=False))
    st.caption(tr("学習した所要期間（日、中央値）", "Durations learned (days, median)"))
    view.table(
        forecast_shape.durations_table(curves, business_names, ctx.lang),
        "forecast_curves",
        ctx,
        filename="forecast_durations",
    )

st.subheader(
    tr("検証（過去の日付での予測と実際）", "How it is checked (forecasts as of past days against what happened)")
)
with st.spinner(tr("履歴で検証しています…", "Checking against the history…")):
    records, score = data.backtest(ctx.db, ctx.version)
if score.n == 0:
    st.info(tr("検証に足りる履歴がまだありません。", "Not enough history to check the forecast yet."))
else:
    names = {
        "forecast": tr("この予測", "This forecast"),
        "pace": tr("直近ペースの線", "Recent-pace line"),
        "plan": tr("報告された予定日", "Reported plans"),
    }
    scores = pd.DataFrame(
        {
            tr("方法", "Method"): [names[m] for m in bt.METHODS],
            tr("ブライアスコア（90日、低いほど良い）", "Brier score (90 days, lower is better)"): [
                round(score.brier[m], 4) for m in bt.METHODS
            ],
        }
    )
    st.markdown(
        tr(
            f"過去 {score.origins:,} の日付それぞれで、その日までの報告だけから予測し、90日後までに稼働したかと比べました"
            f"（延べ {score.n:,} システム）。稼働日の中央値の誤差は中央値で {score.median_error_days:,.0f} 日"
            f"（予定日では {score.plan_error_days:,.0f} 日）。",
            f"On each of {score.origins:,} past days, the forecast was made from the reports known that day only and "
            f"compared with whether each system went live within 90 days ({score.n:,} system-days). The median "
            f"go-live was off by {score.median_error_days:,.0f} days (median; the reported target by "
            f"{score.plan_error_days:,.0f}).",
        )
    )
    view.table(scores, "forecast_brier", ctx, filename="forecast_brier")
    st.caption(
        tr("較正（予測した確率と実際に稼働した割合）", "Calibration (the chance forecast and the share that went live)")
    )
    cal = bt.calibration(records["forecast"], records["outcome"])
    seventy = cal.iloc[7]
    view.chart(
        forecast_charts.calibration(cal, ctx.lang),
        forecast_shape.calibration_table(cal, ctx.lang),
        "forecast_calibration",
        ctx,
        summary=tr(
            f"70〜80%と予測した {int(seventy['n']):,} システムのうち {seventy['observed'] * 100:.0f}% が90日以内に稼働",
            f"of the {int(seventy['n']):,} systems given 70-80%, {seventy['observed'] * 100:.0f}% went live within 90 days",
        )
        if seventy["n"]
        else tr("70〜80%と予測したシステムはありません", "no system was given 70-80%"),
        title=tr("予測の較正", "Calibration of the forecast"),
    )

st.subheader(tr("限界", "Limits"))
st.markdown(
    tr(
        "- 各システムは独立に模擬します。同じベンダの遅れが重なる相関は帯に入らないため、80%区間は狭めに出ます"
        "（ベンダの混雑は別表で示します）。\n"
        "- 年度末前の集中などの季節性、段階を戻る再調達は所要期間に入りません（戻りは打ち切りとして扱います）。\n"
        "- 履歴の最初の報告より前に始まった段階は、最初の報告の日に始まったものとして数えます（所要期間は短めに出ます）。\n"
        "- 報告が途絶えたシステムは、最後の報告の段階に今もいるものとして扱います。",
        "- Systems are drawn independently: delays that travel together through one vendor are not in the band, "
        "so the 80% interval is on the narrow side (vendor congestion is shown in its own table).\n"
        "- Seasonality such as the rush before a fiscal year's end, and moves back to an earlier stage (a "
        "re-tender), are not in the durations (a move back ends a stay as censored).\n"
        "- A stage begun before a system's first report counts from that report (durations come out short).\n"
        "- A system that stopped reporting is taken to be still in the stage it last reported.",
    )
)
