"""The static public edition: `hyojunka publish --out DIR [--base-url URL]`.

A forum's two hundred visitors should not each cost the live app a page run, so the public pages are
also written once as plain files any web server or CDN can serve. How the parts fit, in order:

1. `site.py` (`publish`) has `data.py` read the database once, read-only, through the same query
   layer the app uses (`dashboard/queries.py`, public queries only: no notes, submitters, findings
   or tokens); `pages.py` builds each chart as the app's exhibit (`dashboard/exhibits.py`: the same
   title, figure, table and summary sentence), one builder per page;
2. each page is a list of blocks (headings, figures with their summary sentence, tables, cards) that
   `writer.py` renders through the jinja2 templates in `templates/`, in Japanese at the root and in
   English under `en/`, `<html lang>` set to match;
3. every chart is written beside its page as `<chart>.json` (the plotly figure) and `<chart>.csv`
   (exactly the table it plots, through `etl.cells`), plus `data/index.json`, the open-data index;
4. plotly.js is copied from the installed plotly package into `assets/`, so no page asks any other
   site for anything.

Nothing here imports Streamlit: the command line calls it lazily.
"""

from dashboard.publish.site import PublishResult, publish

__all__ = ["PublishResult", "publish"]
