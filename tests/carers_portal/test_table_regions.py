"""Every table sits in a labelled, focusable scroll region (WCAG 2.2 SC 1.4.10 and 2.1.1).

At 320 px a wide table scrolls sideways inside its region instead of widening the page; the
region takes keyboard focus so it can be scrolled with the arrow keys, and is named by the
table's caption so a screen reader says what it is. The test reads every template, so a new
table without its region fails here; tests/browser/test_narrow_screens.py scrolls one.
"""

import pathlib
from html.parser import HTMLParser

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.tables: list[dict] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "table":
            parent = self.stack[-1] if self.stack else ("", {})
            self.tables.append({"line": self.getpos()[0], "parent": parent, "caption_id": None})
        if tag == "caption" and self.tables:
            self.tables[-1]["caption_id"] = values.get("id")
        if tag not in VOID:
            self.stack.append((tag, values))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break


def tables_in(path: pathlib.Path) -> list[dict]:
    parser = _Tables()
    parser.feed(path.read_text())
    return parser.tables


def _problems(table: dict) -> list[str]:
    tag, attrs = table["parent"]
    problems = []
    if tag != "div" or "app-table-scroll" not in (attrs.get("class") or "").split():
        return [f'is not directly inside a <div class="app-table-scroll"> (parent: <{tag}>)']
    if attrs.get("role") != "region":
        problems.append('its region has no role="region"')
    if attrs.get("tabindex") != "0":
        problems.append('its region has no tabindex="0", so a keyboard cannot scroll it')
    if not table["caption_id"]:
        problems.append("its caption has no id to name the region by")
    elif attrs.get("aria-labelledby") != table["caption_id"]:
        problems.append(
            f"its region is labelled by {attrs.get('aria-labelledby')!r}, "
            f"not its caption {table['caption_id']!r}"
        )
    return problems


# A PDF's template (`*_pdf.html`) is printed on paper, where nothing scrolls or takes focus.
WITH_TABLES = [
    path
    for path in TEMPLATES
    if "<table" in path.read_text() and not path.name.endswith("_pdf.html")
]


def test_the_service_has_tables_to_check():
    assert len(WITH_TABLES) >= 30


@pytest.mark.parametrize(
    "path", WITH_TABLES, ids=[str(p.relative_to(ROOT / "templates")) for p in WITH_TABLES]
)
def test_every_table_is_in_a_labelled_focusable_scroll_region(path):
    tables = tables_in(path)
    assert tables, f"{path} mentions <table but none was parsed"
    failures = [
        f"line {table['line']}: the table {problem}"
        for table in tables
        for problem in _problems(table)
    ]
    assert failures == []


def test_a_table_outside_a_region_is_caught(tmp_path):
    bare = tmp_path / "bare.html"
    bare.write_text('<div><table><caption id="c">Rows</caption></table></div>')
    assert _problems(tables_in(bare)[0])
    wrapped = tmp_path / "wrapped.html"
    wrapped.write_text(
        '<div class="app-table-scroll" role="region" aria-labelledby="c" tabindex="0">'
        '<table><caption id="c">Rows</caption></table></div>'
    )
    assert _problems(tables_in(wrapped)[0]) == []
