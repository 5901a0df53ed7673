"""The shared plumbing every app relies on: the versioned write, conflicts, page helpers."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from carers_portal import next_actions, pages
from carers_portal.api_errors import api_exception_handler
from carers_portal.versioning import EditConflict, save_versioned
from tests.factories import CarerFactory, TeamFactory
from triage.models import Carer


@pytest.fixture
def carer(db):
    return CarerFactory(team=TeamFactory(), first_name="Ann", last_name="Ashby")


def test_versioned_write_saves_and_bumps_the_version(carer):
    saved = save_versioned(carer, version=carer.version, changes={"first_name": "Anna"})

    fresh = Carer.objects.get(pk=carer.pk)
    assert (fresh.first_name, fresh.version) == ("Anna", 2)
    assert saved.version == 2


def test_a_stale_version_is_refused_and_nothing_is_overwritten(carer):
    save_versioned(Carer.objects.get(pk=carer.pk), version=1, changes={"first_name": "Anna"})

    with pytest.raises(EditConflict) as raised:
        save_versioned(carer, version=1, changes={"first_name": "Annie"})

    assert Carer.objects.get(pk=carer.pk).first_name == "Anna"
    assert raised.value.current_version == 2
    assert "Someone else changed this record while you were editing it" in raised.value.message


def test_invalid_changes_are_refused_before_anything_is_written(carer):
    with pytest.raises(ValidationError):
        save_versioned(carer, version=1, changes={"first_name": ""})

    fresh = Carer.objects.get(pk=carer.pk)
    assert (fresh.first_name, fresh.version) == ("Ann", 1)


def test_the_conflict_names_what_the_person_was_editing():
    class Plan:
        edit_conflict_noun = "support plan"

    from carers_portal.versioning import conflict_noun

    assert conflict_noun(Plan) == "support plan"
    assert "changed this support plan" in EditConflict("support plan").message


def test_the_api_answers_a_conflict_with_409_and_the_current_version():
    response = api_exception_handler(EditConflict("assessment", current_version=7), {})

    assert response.status_code == 409
    assert response.data == {"detail": EditConflict("assessment").message, "version": 7}


class NameForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField()
    when = forms.DateField(required=False)


def test_the_conflict_page_keeps_what_was_typed_and_names_the_current_version():
    request = RequestFactory().post("/", {"version": "3", "name": "Typed by me"})

    form = pages.rebind_after_conflict(NameForm, request, EditConflict("record", current_version=5))

    assert form["name"].value() == "Typed by me"
    assert form["version"].value() == "5"
    assert EditConflict().message in form.non_field_errors()


def test_service_errors_land_on_the_field_they_name_or_at_the_top():
    form = NameForm({"version": "1", "name": "x"})
    form.is_valid()

    pages.add_service_errors(
        form, ValidationError({"name": ["Enter a shorter name"], "elsewhere": ["Not a field"]})
    )
    pages.add_service_errors(form, ValidationError("A whole-form problem"))

    assert form.errors["name"] == ["Enter a shorter name"]
    assert form.non_field_errors() == ["Not a field", "A whole-form problem"]


def test_service_errors_can_default_to_a_field():
    form = NameForm({"version": "1", "name": "x"})
    form.is_valid()

    pages.add_service_errors(form, ValidationError({"total": ["Too much"]}), default_field="name")

    assert form.errors["name"] == ["Too much"]


def test_app_errors_with_a_field_are_bound_like_validation_errors():
    class PlanError(Exception):
        def __init__(self, message, field=None):
            super().__init__(message)
            self.message, self.field = message, field

    form = NameForm({"version": "1", "name": "x"})
    form.is_valid()

    pages.add_service_errors(form, PlanError("Pick a date", field="when"))

    assert form.errors["when"] == ["Pick a date"]


def test_page_links_keep_the_filters_but_not_the_page():
    request = RequestFactory().get("/", {"status": ["new", "assigned"], "page": "3", "q": "a b"})

    assert pages.query_without_page(request) == "status=new&status=assigned&q=a+b"


def test_paginate_and_deferred_paginate_give_the_same_rows(db):
    team = TeamFactory()
    for _ in range(30):
        CarerFactory(team=team)
    request = RequestFactory().get("/", {"page": "2"})
    queryset = Carer.objects.order_by("pk")

    plain = pages.paginate(request, queryset)
    deferred = pages.paginate_deferred(request, queryset)

    assert [c.pk for c in plain.object_list] == [c.pk for c in deferred.object_list]
    assert len(plain.object_list) == 5
    assert plain.paginator.num_pages == 2


def test_next_actions_refuse_an_undeclared_place():
    with pytest.raises(KeyError):
        next_actions.register_next_action(
            "nowhere", next_actions.NextAction(key="x", label="X", url_name="home")
        )
    with pytest.raises(KeyError):
        next_actions.next_actions_for("nowhere", user=None)


def test_next_actions_offer_only_what_applies_to_the_user():
    place = "sign-in"
    before = next_actions.registered_keys(place)
    action = next_actions.NextAction(
        key="test-only", label="Test", url_name="home", offered=lambda user, obj: user == "yes"
    )
    next_actions.register_next_action(place, action)
    try:
        offered = next_actions.next_actions_for(place, user="yes")
        refused = next_actions.next_actions_for(place, user="no")
    finally:
        next_actions._registry[place].pop("test-only")

    assert {"key": "test-only", "label": "Test", "url": "/"} in offered
    assert all(a["key"] != "test-only" for a in refused)
    assert next_actions.registered_keys(place) == before


def test_every_api_view_shares_the_conflict_handler():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["EXCEPTION_HANDLER"] == (
        "carers_portal.api_errors.api_exception_handler"
    )


def test_capped_counts_count_each_to_the_cap_in_one_query(db, django_assert_num_queries):
    from carers_portal.accounts.models import Team
    from carers_portal.keyset import capped_counts

    for number in range(5):
        Team.objects.create(name=f"Capped count team {number}")
    teams = Team.objects.filter(name__startswith="Capped count team")
    with django_assert_num_queries(1):
        counts = capped_counts(
            {
                "all": teams,
                "two": teams.filter(name__in=["Capped count team 1", "Capped count team 2"]),
                "none": teams.none(),
            },
            cap=3,
        )
    assert (counts["all"].count, counts["all"].capped, counts["all"].label) == (
        3,
        True,
        "More than 3",
    )
    assert (counts["two"].count, counts["two"].capped, counts["two"].label) == (2, False, "2")
    assert (counts["none"].count, counts["none"].capped) == (0, False)


def test_capped_counts_by_a_field_give_each_value_its_own_count(db, django_assert_num_queries):
    from carers_portal.accounts.models import Team
    from carers_portal.keyset import capped_counts, capped_counts_by

    for number, area in enumerate(["north", "north", "north", "north", "south"]):
        Team.objects.create(name=f"Area team {number}", area=area)
    teams = Team.objects.filter(name__startswith="Area team")
    with django_assert_num_queries(1):
        counts = capped_counts(
            {
                "all": teams,
                **capped_counts_by(teams, "area", ["north", "south", "east"], prefix="area_"),
            },
            cap=3,
        )
    assert counts["all"].label == "More than 3"
    assert counts["area_north"].label == "More than 3"
    assert (counts["area_south"].count, counts["area_south"].capped) == (1, False)
    assert (counts["area_east"].count, counts["area_east"].capped) == (0, False)
    nothing = capped_counts(capped_counts_by(teams.none(), "area", ["north"]))
    assert (nothing["north"].count, nothing["north"].capped) == (0, False)


def test_a_read_is_made_once_per_record_object_and_afresh_for_a_new_one(carer):
    from carers_portal.read_once import read_once  # noqa: PLC0415

    reads = []

    def read():
        reads.append(1)
        return [len(reads)]

    first = read_once(carer, "lists", read)
    assert read_once(carer, "lists", read) is first
    assert read_once(carer, "other", read) == [2]
    # The next request loads the carer again: nothing read for the last one is reused.
    assert read_once(Carer.objects.get(pk=carer.pk), "lists", read) == [3]
