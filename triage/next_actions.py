"""What triage offers on other apps' pages: the public referral form.

Registered from TriageConfig.ready(), so the directory and the sign-in page link to the
referral form without naming triage's URLs (carers_portal/next_actions.py).
"""

from carers_portal.next_actions import NextAction, register_next_action


def _signed_out(user, obj) -> bool:
    # Signed-in staff refer through the worklist and carers are already known to the service.
    return not (user is not None and user.is_authenticated)


def register() -> None:
    register_next_action(
        "directory-search",
        NextAction(
            key="refer-yourself",
            label="ask the carers support service for help",
            url_name="triage:referral-start",
            offered=_signed_out,
        ),
    )
    register_next_action(
        "sign-in",
        NextAction(
            key="refer-yourself",
            label="refer yourself or someone else to the carers support service",
            url_name="triage:referral-start",
        ),
    )
