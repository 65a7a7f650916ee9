"""`hyojunka forecast`: every system's go-live forecast, or (`--backtest`) the forecast checked against
the history: the calibration table, the Brier score beside the recent pace and the reported plans,
and the error of the median go-live."""

from __future__ import annotations

import json
import math
from datetime import datetime
from pathlib import Path

import click

from cli.common import db_option, ensure_db, write
from etl import cells, clock, store

COLUMNS = [
    "municipality_code",
    "business_id",
    "stage",
    "vendor",
    "target_date",
    "due_date",
    "p_due",
    "p_90d",
    "median",
    "low",
    "high",
]


def _number(value: float) -> float | None:
    """A figure for JSON: none where there is nothing to count (NaN is not JSON)."""
    return None if math.isnan(value) else value


@click.command()
@db_option
@click.option(
    "--backtest", is_flag=True, help="Check the forecast against the history instead (forecasts as of past days)."
)
@click.option(
    "--day", type=click.DateTime(["%Y-%m-%d"]), default=None, help="The day the forecast is made on (default: today)."
)
@click.option(
    "--by",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Also each system's chance of being live by this day (column p_by).",
)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Output file.")
def forecast(
    db: Path | None, backtest: bool, day: datetime | None, by: datetime | None, fmt: str, out: Path | None
) -> None:
    """Each system's chance of going live by its due date, its median go-live and 80 % interval (CSV or
    JSON); with --backtest the check against what happened (text, or JSON with --format json)."""
    from dashboard import queries
    from dashboard.forecast import backtest as bt
    from dashboard.forecast import model

    with store.connect(ensure_db(db), read_only=True) as con:
        changes, pairs = queries.forecast_inputs(con)
    if backtest:
        records = bt.run(changes, pairs)
        score = bt.score(records)
        table = bt.calibration(records["forecast"], records["outcome"]) if len(records) else None
        if fmt == "json":
            payload = {
                "horizon_days": bt.HORIZON_DAYS,
                "origins": score.origins,
                "n": score.n,
                "brier": {m: _number(v) for m, v in score.brier.items()},
                "median_error_days": _number(score.median_error_days),
                "plan_error_days": _number(score.plan_error_days),
                "calibration": [] if table is None else json.loads(table.to_json(orient="records")),
            }
            write((json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode(), out)
            return
        lines = [
            f"backtest: {score.origins} origins, {score.n:,} system-days, horizon {bt.HORIZON_DAYS} days",
            "Brier score (lower is better):",
            *(f"  {m:<9} {score.brier[m]:.4f}" for m in bt.METHODS),
            f"median go-live error: {score.median_error_days:,.0f} days (reported target: {score.plan_error_days:,.0f})",
        ]
        if table is not None:
            lines.append("calibration:   forecast        n   mean  observed")
            for row in table.itertuples():
                lines.append(
                    f"  {row.low * 100:3.0f}-{row.high * 100:3.0f}%  {row.n:10,}  {row.mean_forecast:5.3f}  {row.observed:8.3f}"
                )
        write(("\n".join(lines) + "\n").encode(), out)
        return
    bundle = model.build(changes, pairs, day.date() if day else clock.today())
    frame = bundle.forecast.systems[COLUMNS].copy()
    if by is not None:
        frame["p_by"] = bundle.forecast.p_by(by.date()).round(3)
    for column in ("target_date", "due_date", "median", "low", "high"):
        frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    frame[["p_due", "p_90d"]] = frame[["p_due", "p_90d"]].round(3)
    if fmt == "json":
        write(frame.to_json(orient="records", force_ascii=False, indent=1).encode(), out)
    else:
        write(cells.csv_bytes(frame), out)  # cells made safe (a vendor's name is the municipality's text)
