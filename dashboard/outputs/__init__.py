"""Documents built from the store for the forum and the briefing: no Streamlit here.

How the parts fit, in the order a document is made:

1. `common` opens one short-lived read-only connection and gathers what every document states: the
   store's as-of facts (`dashboard/captions.py` words them) and the public base URL setting.
2. The query layer (`dashboard/queries.py`) and the pure reshaping (`dashboard/shape/`) give the
   frames, the same ones the dashboard pages show, so a document's figures match the pages and
   `hyojunka export`.
3. `dashboard/charts/` builds the figures and `dashboard/images.py` renders them with their title,
   as-of and source inside.
4. `fonts` finds Debian's Noto Sans CJK at run time; `sheet` lays out the one-page A4 sheet per
   municipality (HTML + CSS through WeasyPrint, `templates/sheet.html`), and `deck` the briefing slides
   (python-pptx).

The command line (`hyojunka sheet`, `hyojunka deck`) and the dashboard's download buttons both call
`sheet.render_sheet` and `deck.render_deck`: one path, two callers.
"""
