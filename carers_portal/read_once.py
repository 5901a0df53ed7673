"""Read something about a record once per request, however many panels ask for it.

The carer's record page is built from panels and a journey that several apps register; more
than one of them lists the same carer's referrals, assessments or plans. Each asks through
`read_once(carer, key, read)`: the first answer is kept on that carer object, and the
object lives only as long as the request that loaded it, so nothing is kept past it.
"""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_ATTRIBUTE = "_read_once"


def read_once(record: object, key: str, read: Callable[[], T]) -> T:
    """`read()` the first time `key` is asked of this record object, the same answer after."""
    answers = record.__dict__.setdefault(_ATTRIBUTE, {})
    if key not in answers:
        answers[key] = read()
    return answers[key]
