"""docs/architecture.md names modules and folders; each must exist, or the page misleads."""

import importlib
import re
from pathlib import Path

import pytest
import rules

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
# `path/to/module.py`, `app/folder/`, `templates/<app>/` style names in backticks.
PATH_PATTERN = re.compile(r"`([A-Za-z_][\w./<>-]*/[\w./<>-]*)`")
# `carers_portal.accounts.predicates` style dotted module names.
DOTTED_PATTERN = re.compile(
    r"`((?:carers_portal|triage|assessments|support_plans|services_directory|emergency_cards|reporting)(?:\.[a-z_]+)+)`"
)
PLACEHOLDER = re.compile(r"<[^>]+>")


def _named_paths() -> list[str]:
    text = DOC.read_text()
    names = set(PATH_PATTERN.findall(text))
    return sorted(name for name in names if not name.startswith(("/", "http")))


def _exists(name: str) -> bool:
    name = name.split("#", 1)[0]
    if PLACEHOLDER.search(name):
        pattern = PLACEHOLDER.sub("*", name.rstrip("/"))
        return any(ROOT.glob(pattern))
    return (ROOT / name).exists()


def _dotted_exists(dotted: str) -> bool:
    """A module, or a module's attribute (a task, a function), or a django-rules permission."""
    if rules.perm_exists(dotted):
        return True
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def test_architecture_page_names_paths():
    assert len(_named_paths()) >= 10, "the page should name where things live"


@pytest.mark.parametrize("name", _named_paths())
def test_every_path_the_architecture_page_names_exists(name):
    assert _exists(name), f"docs/architecture.md names {name}, which does not exist"


@pytest.mark.parametrize("dotted", sorted(set(DOTTED_PATTERN.findall(DOC.read_text()))))
def test_every_module_the_architecture_page_names_exists(dotted):
    assert _dotted_exists(dotted), f"docs/architecture.md names {dotted}, which does not exist"
