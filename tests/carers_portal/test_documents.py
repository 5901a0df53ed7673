"""The PDFs a carer is given are tagged for screen readers, with a title and language."""

import re
import subprocess
import zlib

import pytest
from django.urls import reverse

from emergency_cards.pdf import card_pdf_render
from tests.emergency_cards.factories import plan_for
from tests.support_plans.factories import ActivePlanFactory, PlanItemFactory

pytestmark = pytest.mark.django_db


def pdfinfo(pdf: bytes, tmp_path) -> dict[str, str]:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)

    def run(*options: str) -> str:
        return subprocess.run(
            ["pdfinfo", *options, str(path)], capture_output=True, text=True, check=True
        ).stdout

    info = {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in run().splitlines())
        if value
    }
    info["_meta"] = run("-meta")
    return info


def test_the_support_plan_pdf_is_tagged_titled_and_in_english(world, client_for, tmp_path):
    plan = ActivePlanFactory(assessment__carer=world.carer_a)
    PlanItemFactory(plan=plan)
    response = client_for(world.user("carer")).get(
        reverse("support_plans:my-plan-pdf", kwargs={"plan_id": plan.pk})
    )
    info = pdfinfo(
        b"".join(response.streaming_content) if response.streaming else response.content, tmp_path
    )
    assert info["Tagged"] == "yes"
    assert info["Title"] == f"Support plan {plan.reference} for {world.carer_a.full_name}"
    assert re.search(r"pdfuaid:part[^0-9]*1", info["_meta"])


def test_the_emergency_card_pdf_is_tagged_titled_and_in_english(world, tmp_path):
    plan = plan_for(world.carer_a, registered_by=world.user("triage_worker"))
    info = pdfinfo(card_pdf_render(card=plan.current_card), tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Carers emergency card"


def test_the_invitation_letter_pdf_is_tagged_and_titled(world, client_for, tmp_path):
    from tests.factories import CarerFactory
    from tests.online_accounts.helpers import letter_pdf

    carer = CarerFactory(
        team=world.team_x, user=None, address_line_1="3 Mill Lane", town="Shireton"
    )
    page = client_for(world.user("triage_worker")).post(
        reverse("online_accounts:invite", kwargs={"pk": carer.pk}),
        {"channel": "letter", "replaces": 0},
    )
    info = pdfinfo(letter_pdf(page.content.decode()), tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Your online account: how to set it up"
    assert re.search(r"pdfuaid:part[^0-9]*1", info["_meta"])


def test_the_pdf_says_its_language(world, tmp_path):
    plan = plan_for(world.carer_a, registered_by=world.user("triage_worker"))
    pdf = card_pdf_render(card=plan.current_card)
    # The catalogue sits in a compressed object stream: inflate every stream to read it.
    objects = pdf + b"".join(
        zlib.decompress(stream)
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL)
    )
    assert re.search(rb"/Lang\s*\(en\)", objects)
