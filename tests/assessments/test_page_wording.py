"""The assessment pages a practitioner moves through: outcomes a pair at a time, eligibility in
plain words with the regulation cited once, the indicative budget shown as agreed, a joint
assessment nobody agreed to explained, and a refusal recorded as a refusal."""

import re

import pytest
from django.urls import reverse

from assessments import services
from assessments.forms import OUTCOME_GROUPS, section_by_slug
from assessments.models import OUTCOME_FIELDS, Assessment
from assessments.questions import field_factories
from tests.assessments.factories import EVERY_SECTION_DONE
from tests.factories import CaredForPersonFactory, CaringRelationshipFactory

pytestmark = pytest.mark.django_db

CITATION = re.compile(r"SI 2015/313|reg\. 3|Care Act s\d|s1[0-2]\(|s6[34]")


def _page(client, name, assessment, **kwargs) -> str:
    response = client.get(reverse(name, kwargs={"pk": assessment.pk, **kwargs}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_outcomes_page_asks_the_eight_outcomes_in_four_labelled_groups(
    world, client_for, start
):
    assessment = start()
    assert sorted(name for _legend, names in OUTCOME_GROUPS for name in names) == sorted(
        name for name, _label in OUTCOME_FIELDS
    )
    page = _page(
        client_for(world.user("assessor")), "assessments:section", assessment, slug="outcomes"
    )
    legends = re.findall(
        r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">\s*<h2 class="govuk-fieldset__heading">\s*([^<]+?)\s*</h2>',
        page,
    )
    assert legends == [legend for legend, _names in OUTCOME_GROUPS]
    # Each group holds its two outcomes' questions, in the group's order.
    first_group = page[page.index(legends[0]) : page.index(legends[1])]
    assert "Carrying out caring responsibilities for a child" in first_group
    assert "Providing care to other persons" in first_group
    assert "Maintaining a habitable home environment" not in first_group


def test_eligibility_is_explained_in_plain_words_with_the_regulation_cited_once(
    world, client_for, answered
):
    assessment = answered()
    client = client_for(world.user("assessor"))
    page = _page(client, "assessments:section", assessment, slug="eligibility")
    explained = page[page.index('data-testid="eligibility-explained"') :]
    assert "Their needs come from caring for an adult who needs care." in explained
    assert (
        "They are unable to achieve engaging in recreational activities: they cannot do it "
        "without help." in explained
    )
    assert "All 3 conditions are met, so they are eligible for support." in explained
    assert "SI 2015/313" not in page
    assert page.count("Care and Support (Eligibility Criteria) Regulations 2015") == 1

    check = _page(client, "assessments:check", assessment)
    assert "SI 2015/313" not in check
    assert check.count("Care and Support (Eligibility Criteria) Regulations 2015") == 1
    assert "Their physical or mental health is getting worse" in check


def test_no_question_has_a_citation_as_its_hint(world, start):
    for kind in ("separate", "joint", "declined"):
        assessment = start(kind=kind)
        for name, make in field_factories(assessment).items():
            field = make()
            assert not CITATION.search(str(field.help_text)), (name, field.help_text)
            assert not CITATION.search(str(field.label)), (name, field.label)


def test_the_indicative_budget_left_as_it_is_shows_as_agreed(world, client_for, answered):
    assessment = answered()
    assert assessment.agreed_budget is None and assessment.indicative_budget is not None
    client = client_for(world.user("assessor"))
    check = _page(client, "assessments:check", assessment)
    agreed_row = check[check.index("Agreed personal budget, in pounds") :]
    agreed_row = agreed_row[: agreed_row.index("</div>")]
    assert "Not provided" not in agreed_row
    assert f"£{assessment.indicative_budget}: the indicative budget, agreed" in agreed_row
    assert "the indicative budget, agreed" in check[check.index('data-testid="agreed-budget"') :]

    done = services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )
    assert done.agreed_budget == done.indicative_budget
    detail = _page(client, "assessments:detail", done)
    summary = detail[detail.index('data-testid="agreed-budget"') :]
    assert summary.startswith(
        f'data-testid="agreed-budget">£{done.indicative_budget}, one-off payment: '
        "the indicative budget, agreed"
    )


def test_a_joint_assessment_the_cared_for_person_did_not_agree_to_says_what_to_do(
    world, client_for, start
):
    person = CaredForPersonFactory(first_name="Colin", last_name="Ashby")
    CaringRelationshipFactory(carer=world.carer_a, cared_for=person)
    assessment = start(kind="joint", cared_for=person)
    client = client_for(world.user("assessor"))
    about = reverse("assessments:section", kwargs={"pk": assessment.pk, "slug": "about"})
    response = client.post(
        about,
        {
            "version": assessment.version,
            "cared_for": person.pk,
            "carer_agreed_to_joint": "True",
            "cared_for_agreed_to_joint": "False",
        },
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert (
        "A joint assessment needs the person being cared for to agree. Record their agreement "
        "if they agree later, or carry out a separate assessment instead" in body
    )
    assert re.search(r'value="False"\s+checked', body)  # what was chosen is kept

    client.post(
        about,
        {
            "version": assessment.version,
            "cared_for": person.pk,
            "carer_agreed_to_joint": "True",
            "cared_for_agreed_to_joint": "False",
            "save_later": "1",
        },
    )
    task_list = _page(client, "assessments:task-list", assessment)
    warning = task_list[task_list.index('data-testid="joint-not-agreed"') :]
    assert "Colin Ashby has not agreed to a joint assessment" in warning
    separate = reverse("assessments:make-separate", kwargs={"pk": assessment.pk})
    assert separate in task_list

    saved = Assessment.objects.get(pk=assessment.pk)
    stale = client.post(separate, {"version": saved.version - 1})
    assert stale.status_code == 409
    assert Assessment.objects.get(pk=assessment.pk).kind == "joint"
    response = client.post(separate, {"version": saved.version}, follow=True)
    assert "This is now a separate carer&#x27;s assessment" in response.content.decode()
    changed = Assessment.objects.get(pk=assessment.pk)
    assert (changed.kind, changed.cared_for, changed.cared_for_agreed_to_joint) == (
        "separate",
        person,
        None,
    )
    assert client.get(separate).status_code == 404  # no longer joint


def test_a_refusal_is_recorded_as_a_refusal_wherever_it_shows(world, client_for, start):
    import datetime

    assessment = start(kind="declined")
    assessment = services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=world.user("assessor"),
        changes={
            "declined_on": datetime.date(2026, 11, 3),
            "declined_reason": "Managing for now",
            **EVERY_SECTION_DONE,
        },
    )
    client = client_for(world.user("assessor"))
    check = _page(client, "assessments:check", assessment)
    assert "Check the refusal before recording it" in check
    assert ">Record the refusal</button>" in check
    assert "Complete assessment" not in check
    done = services.assessment_complete(
        assessment=assessment, version=assessment.version, user=world.user("assessor")
    )
    assert "Refusal recorded" in _page(client, "assessments:confirmation", done)
    detail = _page(client, "assessments:detail", done)
    assert "Refusal recorded" in detail and ">Completed<" not in detail
    listing = client.get(
        reverse("assessments:carer-assessments", kwargs={"carer_id": world.carer_a.pk})
    ).content.decode()
    assert "Refusal recorded" in listing
    again = client.post(
        reverse("assessments:check", kwargs={"pk": done.pk}), {"version": done.version}, follow=True
    )
    assert "This refusal has already been recorded" in again.content.decode()
    assert section_by_slug(done, "about") is not None
