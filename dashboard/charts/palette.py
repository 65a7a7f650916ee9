"""The palette: the one place the charts' colours, font and outline are defined, and the contrast check
that keeps every mark readable on white."""

from __future__ import annotations

from schemas.vocabulary.contract import SCHEDULE_STATUSES

# One colour per stage everywhere: Okabe-Ito's colour-blind-safe set, ordered warm (not started)
# to green (live); grey for not applicable, a pale grey for a municipality yet to report.
STAGE_COLORS: dict[str, str] = {
    "not_started": "#D55E00",
    "planning": "#E69F00",
    "fit_gap": "#F0E442",
    "procurement": "#56B4E9",
    "migration": "#0072B2",
    "live": "#009E73",
    "not_applicable": "#999999",
    "no_report": "#E6E6E6",
}
STAGE_KEYS: list[str] = list(STAGE_COLORS)

# Government Cloud is a second, ordered dimension: a single-hue blue ramp, darkest when running.
CLOUD_COLORS: dict[str, str] = {
    "running": "#08306B",
    "preparing": "#4292C6",
    "planned": "#9ECAE1",
    "not_planned": "#DDDDDD",
}
CLOUD_KEYS: list[str] = ["running", "preparing", "planned", "not_planned"]

# Where a system stands on both tracks: blues once standardised, purples while still under way.
TRACK_COLORS: dict[str, str] = {
    "live_running": "#08306B",
    "live_cloud_pending": "#4292C6",
    "live_no_cloud": "#9ECAE1",
    "underway_cloud_preparing": "#882255",
    "underway_cloud_planned": "#CC79A7",
    "underway_no_cloud": "#DDDDDD",
}

# One colour per schedule status everywhere (etl/sql/schedule.sql): live keeps the stage's green,
# the overdue classes the darkest; Okabe-Ito with Tol's wine for "missed the deadline".
SCHEDULE_COLORS: dict[str, str] = {
    "live": STAGE_COLORS["live"],
    "on_track": "#56B4E9",
    "after_deadline_planned": "#F0E442",
    "overdue_target": "#E69F00",
    "overdue_deadline": "#882255",
    "overdue_special": "#CC79A7",
    "not_applicable": "#999999",
}
SCHEDULE_KEYS: list[str] = list(SCHEDULE_STATUSES)

# lines stand alone on white: each at 3:1 or more (WCAG 1.4.11); the scope line a darker grey than
# the not-applicable fill, which is outlined instead
LINE_COLORS = {"planned": "#000000", "deadline": "#882255", "scope": "#767676"}
# the go-live forecast: indigo (no stage colour), its 80 % band the same, light
FORECAST_COLOR = "#332288"
FORECAST_FILL = "rgba(51, 34, 136, 0.16)"

# the official releases: the ministry's step statuses (green done, as a live stage), the
# reconciliation classes, and the two sides of a comparison (the release, the reports)
STEP_COLORS: dict[str, str] = {
    "done": "#009E73",
    "in_progress": "#56B4E9",
    "not_started": "#E69F00",
    "not_applicable": "#999999",
}
RECONCILE_COLORS: dict[str, str] = {
    "live_procedure_incomplete": "#D55E00",
    "procedure_done_not_live": "#999999",
    "listed_reported_not_special": "#CC79A7",
    "special_not_listed": "#E69F00",
    "listed_never_reported": "#0072B2",
}
SIDE_COLORS: dict[str, str] = {"ministry": "#0072B2", "reported": "#009E73", "national": "#999999", "local": "#0072B2"}
FONT = "Noto Sans CJK JP, Hiragino Sans, Meiryo, sans-serif"
CHART_BACKGROUND = "#FFFFFF"
# Okabe-Ito's light members (yellow, orange, sky blue, the greys) cannot reach 3:1 on white and stay
# told apart by colour-blind readers; so every bar is drawn with this dark outline, which carries the
# mark's 3:1 against white (WCAG 1.4.11 lets a boundary do so), and what a colour stands for is also
# written in the legend, the hover text and the table tab beside every chart.
MARK_OUTLINE = "#4D4D4D"
MARK_OUTLINE_WIDTH = 0.6
NON_TEXT_CONTRAST = 3.0


def luminance(color: str) -> float:
    """WCAG 2's relative luminance of a #RRGGBB colour (0 black to 1 white)."""
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(foreground: str, background: str = CHART_BACKGROUND) -> float:
    """The WCAG 2 contrast ratio of two #RRGGBB colours (1 to 21)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
