"""A database ready for use: created or brought to the newest schema, its reference data loaded and,
the first time, the national figures of data/reference/.

Above the store (`etl.store`: connect, migrate, the reference tables) and the national figures
(`etl.official.figures`, which keeps its files through the store), so that neither imports the other's
caller: `init` is what `hyojunka init`, the demo and the tests' databases start from.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl import paths, store
from etl.official import figures


def init(db: str | Path | None = None, municipalities: pd.DataFrame | None = None) -> Path:
    """Create or upgrade the database and load the reference data (idempotent).

    A database keeps its jurisdiction: without `municipalities`, an already loaded list stays (a
    national database is not turned back into Tokyo's by a plain `init`).
    """
    with store.connect(db) as con:
        store.migrate(con)
        if municipalities is None:
            loaded = store.scalar(con, "select count(*) from municipalities")
            if loaded:
                municipalities = con.execute(paths.sql("municipalities_loaded")).df()
        store.load_reference(con, municipalities)
        figures.load_defaults(con)  # the national figures of data/reference/, the first time
    return paths.db_path(db)
