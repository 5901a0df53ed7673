import pytest

from services_directory.models import TaxonomyTerm
from services_directory.taxonomy import CARER_SUPPORT_TERMS, term_id

pytestmark = pytest.mark.django_db


def test_every_carer_support_category_exists_after_migrating():
    names = set(TaxonomyTerm.objects.values_list("name", flat=True))
    for expected in [
        "Information and advice",
        "Emotional support",
        "Peer support and carer networks",
        "Helpline",
        "Training to care with confidence",
        "Practical support",
        "Short breaks",
        "Emergency and contingency planning",
        "Assistive technology",
        "Direct payments",
        "Respite and replacement care",
        "Think Carer awareness training",
    ]:
        assert expected in names


def test_term_ids_are_the_same_in_every_database():
    code = CARER_SUPPORT_TERMS[0][0]
    assert TaxonomyTerm.objects.get(code=code).id == term_id(code)
