"""The invitation rules: how a typed code is read, and what the record says."""

import datetime

from online_accounts import rules

NOW = datetime.datetime(2026, 6, 10, 12, 0)


def test_a_code_is_read_however_it_is_typed():
    split = rules.code_split("  abcd-efgh jkmn ")
    assert (split.lookup, split.secret) == ("ABCDE", "FGHJKMN")
    assert rules.code_display("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"


def test_a_code_with_letters_people_confuse_or_the_wrong_length_is_no_code():
    assert rules.code_split("ABCD-EFGH-JKM0") is None  # 0 is never in a code
    assert rules.code_split("ABCD-EFGH-JKM") is None
    assert rules.link_split("ABCDE") is None


def test_only_a_right_code_and_date_of_birth_say_more_than_wrong():
    expires = NOW + datetime.timedelta(days=1)
    common = {"status": "used", "expires_at": expires, "now": NOW}
    assert rules.redeem_check(secret_matches=True, date_of_birth_matches=False, **common) == (
        rules.Refusal.WRONG
    )
    assert rules.redeem_check(secret_matches=True, date_of_birth_matches=True, **common) == (
        rules.Refusal.USED
    )
    late = {"status": "sent", "expires_at": NOW, "now": NOW}
    assert rules.redeem_check(secret_matches=True, date_of_birth_matches=True, **late) == (
        rules.Refusal.EXPIRED
    )


def _facts(status, **dates):
    return rules.InvitationFacts(
        status=status,
        channel_label="Letter",
        created_at=datetime.datetime(2026, 6, 1, 9),
        sent_at=datetime.datetime(2026, 6, 1, 9),
        expires_at=dates.get("expires_at", datetime.datetime(2026, 6, 15, 23, 59)),
        ended_at=dates.get("ended_at"),
    )


def test_the_record_says_where_the_account_is():
    def words(**kwargs):
        values = {"has_account": True, "account_active": False, "closed_on": None, "now": NOW}
        return rules.portal_status(**(values | kwargs)).words

    assert words(has_account=False, latest=None) == "Not invited"
    assert words(latest=_facts("sent")) == "Invited by letter on 1 June 2026, expires 15 June 2026"
    assert words(latest=_facts("sent"), now=datetime.datetime(2026, 6, 16)) == (
        "Invited by letter on 1 June 2026; the invitation expired on 15 June 2026"
    )
    assert words(latest=_facts("used"), account_active=True) == "Active: they can sign in"
    closed = datetime.datetime(2026, 6, 20, 10)
    assert words(latest=_facts("used"), closed_on=closed) == "Revoked on 20 June 2026"
    assert words(latest=_facts("withdrawn", ended_at=closed)) == "Revoked on 20 June 2026"


def test_access_for_someone_acting_for_a_carer_ends_within_three_years():
    today = datetime.date(2028, 2, 29)
    assert rules.acting_for_expiry_reasons(expires_on=today, today=today)
    assert not rules.acting_for_expiry_reasons(expires_on=datetime.date(2031, 2, 28), today=today)
    assert rules.acting_for_expiry_reasons(expires_on=datetime.date(2031, 3, 1), today=today)
