"""One-time codes and link secrets: made at random, kept only as a hash.

The hash is Django's password hasher (PBKDF2 in production), so a copy of the table does not
give the codes away, and checking one costs what checking a password does.
"""

import functools
import secrets

from django.contrib.auth.hashers import check_password, make_password

from online_accounts import rules


@functools.cache
def _no_invitation_hash() -> str:
    """Checked against when no invitation has the typed lookup, so a miss costs a hit's time."""
    return make_password(secrets.token_urlsafe(16))


def random_characters(length: int) -> str:
    return "".join(secrets.choice(rules.CODE_ALPHABET) for _ in range(length))


def new_lookup() -> str:
    return random_characters(rules.LOOKUP_LENGTH)


def new_code_secret() -> str:
    return random_characters(rules.CODE_SECRET_LENGTH)


def new_link_secret() -> str:
    return secrets.token_urlsafe(rules.LINK_SECRET_BYTES)


def secret_hash(secret: str) -> str:
    return make_password(secret)


def secret_matches(secret: str, hashed: str | None) -> bool:
    if not hashed:
        check_password(secret, _no_invitation_hash())
        return False
    return check_password(secret, hashed)
