"""The budget lines a contract or a support plan item can name, without importing reporting.

Budget lines belong to reporting (each one a share of a funding stream for a financial year),
but contracts (services_directory) and plan items (support_plans) sit below reporting and may
not import it. They carry a line's code instead: a short text such as "SPOE", kept from year to
year, so a contract running over several years is on that year's line of the same code.
Reporting registers where the codes come from in its `AppConfig.ready()`; the forms offer them
and the models' `clean()` refuses a code the funding stream has no line for.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BudgetLineOption:
    stream_key: str  # the funding stream's key, as on the contract or plan item
    code: str
    name: str
    stream_name: str


_source: Callable[[], list[BudgetLineOption]] | None = None


def register_budget_line_source(source: Callable[[], list[BudgetLineOption]]) -> None:
    global _source
    _source = source


def budget_line_options() -> list[BudgetLineOption]:
    return _source() if _source is not None else []


def budget_line_choices() -> list[tuple[str, str]]:
    """For a select: a blank first ("not on a line yet"), then each line, named with its
    funding stream. A code names one line in a financial year (reporting checks that)."""
    labels = {
        option.code: f"{option.name} ({option.code}), {option.stream_name}"
        for option in budget_line_options()
    }
    return [("", "Not on a budget line yet"), *sorted(labels.items(), key=lambda item: item[1])]


def budget_line_problem(*, funding_stream: str, code: str) -> str | None:
    """Why `code` cannot be used with `funding_stream`, or None when it can (or is blank)."""
    if not code or _source is None:
        return None
    options = budget_line_options()
    if any(o.stream_key == funding_stream and o.code == code for o in options):
        return None
    if any(o.code == code for o in options):
        streams = sorted({o.stream_name for o in options if o.code == code})
        return (
            f"Budget line {code} is paid from {', '.join(streams)}, not this funding stream. "
            f"Choose a line of the same funding stream"
        )
    return f"There is no budget line with the code {code}"


def code_if_known(*, funding_stream: str, code: str) -> str:
    """`code` when the stream has a line of that code, else "" (for demo and loaded data)."""
    if any(o.stream_key == funding_stream and o.code == code for o in budget_line_options()):
        return code
    return ""
