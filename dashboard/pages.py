"""The dashboard's pages, each declared once: its script under `app_pages/`, its url path, its title in
both languages, its group and whether it is the default page.

Everything that lists pages reads them here: the navigation (`dashboard/app.py`), the static edition's
navigation (`publish/writer.py`: the pages of `STATIC`), and the tests (the AppTest page runs, the
charts' sentences, the exported images, the browser and accessibility tests). A new page is one line in
`PAGES`. A pure module: no Streamlit, nothing read at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from schemas.vocabulary.costs import COST_TEXT
from schemas.vocabulary.language import Pair

Group = Literal["public", "reporting", "hidden"]


@dataclass(frozen=True)
class Page:
    """One page of the app. `group`: public (in the navigation, for everyone), reporting (after them,
    behind a sign-in) or hidden (reached by its url only: a second address of another page's script)."""

    file: str  # the script, relative to dashboard/app_pages/ (an absolute path is taken as it is)
    url_path: str
    title: Pair  # the navigation's label (ja, en)
    group: Group = "public"
    default: bool = False  # served at the root, not at its url path

    @property
    def name(self) -> str:
        """The page's name: its script's, without .py (`vendors`)."""
        return Path(self.file).stem

    @property
    def script(self) -> str:
        """The script as `st.Page` and `AppTest.switch_page` take it: relative to dashboard/app.py."""
        return str(Path("app_pages") / self.file)

    @property
    def path(self) -> str:
        """The path the browser shows for the page: '' for the default page, else its url path."""
        return "" if self.default else self.url_path


@dataclass(frozen=True)
class Static:
    """A page of the static edition (`dashboard/publish/`): the app page it stands for, its file, and its
    key and title where they are not the app page's."""

    page: str
    file: str
    key: str = ""
    title: Pair | None = None


PAGES: tuple[Page, ...] = (
    Page("overview.py", "home", ("概要", "Overview"), default=True),
    Page("heatmap.py", "heatmap", ("進捗マップ", "Heatmap")),
    Page("map.py", "map", ("地図", "Map")),
    Page("progress.py", "progress", ("推移", "Progress over time")),
    Page("gov_cloud.py", "gov_cloud", ("ガバメントクラウド", "Government Cloud")),
    Page("municipality.py", "municipality", ("団体別", "Municipality")),
    Page("delays.py", "delays", ("特定移行支援・遅延", "Special support & delays")),
    Page("vendors.py", "vendors", ("ベンダ", "Vendors")),
    Page("reconciliation.py", "reconciliation", ("突合", "Reconciliation")),
    Page("costs.py", "costs", COST_TEXT["page"]),
    Page("forecast.py", "forecast", ("予測の方法", "Forecast method")),
    # the default page is served at the root: this twin answers a hand-typed /overview with the overview
    # instead of Streamlit's "Page not found"
    Page("overview.py", "overview", ("概要", "Overview"), group="hidden"),
    Page("signin.py", "signin", ("ログイン", "Sign in"), group="reporting"),
    Page("report.py", "report", ("報告", "Report"), group="reporting"),
    Page("admin.py", "admin", ("管理", "Admin"), group="reporting"),
)

# the static edition's pages, in its navigation's order (the map second, the municipalities' index last
# but one); the cost page is written by publish/costs.py, the others by publish/pages.py
STATIC: tuple[Static, ...] = (
    Static("overview", "index.html"),
    Static("map", "map.html"),
    Static("heatmap", "heatmap.html"),
    Static("progress", "progress.html"),
    Static("gov_cloud", "gov_cloud.html"),
    Static("delays", "delays.html"),
    Static("vendors", "vendors.html"),
    Static("municipality", "municipality/index.html", key="municipalities", title=("団体別", "Municipalities")),
    Static("costs", "costs.html"),
)


def of(group: Group) -> list[Page]:
    """The pages of one group, in the registry's order."""
    return [p for p in PAGES if p.group == group]


def public() -> list[Page]:
    """The public pages, in the navigation's order: the default page first among them as listed."""
    return of("public")


def navigation() -> list[Page]:
    """Every page in the order `st.navigation` takes them: the public pages, the hidden ones, the
    reporting pages last (a rule in dashboard/a11y.py sets them apart)."""
    return [*of("public"), *of("hidden"), *of("reporting")]


def page(name: str) -> Page:
    """The page of that name (a public or reporting page before a hidden twin)."""
    return next(p for p in sorted(PAGES, key=lambda p: p.group == "hidden") if p.name == name)


def static_titles() -> dict[str, Pair]:
    """The static edition's pages, key -> title (ja, en), in its navigation's order."""
    return {s.key or s.page: s.title or page(s.page).title for s in STATIC}


def static_files() -> dict[str, str]:
    """The static edition's pages, key -> file (relative to a language's folder)."""
    return {s.key or s.page: s.file for s in STATIC}
