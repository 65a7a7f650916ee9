"""Tests stand alone: no test module imports another test module or a conftest.

What tests share lives in tests/support/ (row builders, small databases, codes, the AppTest, command
line, mail, image and browser helpers); fixtures live in conftest.py files, which pytest finds itself.
A test module that imports another runs that module's top level (and may pick up its fixtures or even
its tests) and ties the two together: moving or deleting one breaks the other.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _is_test_module(dotted: str) -> bool:
    """`tests.….test_x` or `tests.….conftest`: a test module or a conftest of the tests package."""
    parts = dotted.split(".")
    return parts[0] == "tests" and any(p.startswith("test_") or p == "conftest" for p in parts[1:])


def borrowed(source: str) -> list[str]:
    """Every test module or conftest a module's source imports, at any depth (inside functions too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if _is_test_module(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _is_test_module(node.module):
                found.append(node.module)
            else:  # `from tests import test_x`, `from tests.app import conftest`
                found += [f"{node.module}.{a.name}" for a in node.names if _is_test_module(f"{node.module}.{a.name}")]
        elif isinstance(node, ast.ImportFrom) and node.level > 0:  # `from .test_x import …`, `from . import conftest`
            names = [node.module] if node.module else [a.name for a in node.names]
            found += ["." * node.level + n for n in names if n.startswith("test_") or n == "conftest"]
    return found


def test_the_check_sees_every_form_of_import():
    source = """
import tests.test_queries
from tests.test_queries import build_small
from tests.app.test_public_pages import run_page
from tests.browser.conftest import open_app
from tests import test_cli
from tests.app import conftest
from .test_remind import Inbox

def late():
    from tests.test_images import needs_browser
"""
    assert borrowed(source) == [
        "tests.test_queries",
        "tests.test_queries",
        "tests.app.test_public_pages",
        "tests.browser.conftest",
        "tests.test_cli",
        "tests.app.conftest",
        ".test_remind",
        "tests.test_images",
    ]
    fine = "from tests.support.factories import valid_row\nfrom tests.support import exported\nimport pytest\n"
    assert borrowed(fine) == []


def test_no_test_module_imports_another_test_module_or_a_conftest():
    modules = sorted(TESTS.rglob("test_*.py"))
    assert len(modules) > 40, "the walk found too few test modules"
    offenders = {
        str(path.relative_to(TESTS.parent)): names
        for path in modules
        if (names := borrowed(path.read_text(encoding="utf-8")))
    }
    assert not offenders, (
        f"test modules importing test modules or conftests (move the helper to tests/support/): {offenders}"
    )
