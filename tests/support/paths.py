"""Where the project and the tests' outputs are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# the Streamlit app the AppTest tests open
APP = str(ROOT / "dashboard" / "app.py")
# screenshots and rendered pictures the tests leave behind (git-ignored artefacts)
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
