"""The carer support categories taxonomy, seeded by migration 0002 so every environment has
the same terms with the same ids (ORUK consumers keep term ids)."""

import uuid

# Fixed namespace: term ids are uuid5(namespace, code), stable across every database.
TAXONOMY_NAMESPACE = uuid.UUID("6f1d7c1e-5b0a-4d1e-9f59-2c3a8f0b7c11")
TAXONOMY_ID = uuid.uuid5(TAXONOMY_NAMESPACE, "carer-support-categories")
TAXONOMY_NAME = "Carer support categories"
TAXONOMY_DESCRIPTION = (
    "Kinds of support for unpaid carers, following the Care Act 2014 duty to provide "
    "information and advice (s4) and to prevent needs (s2), and the NHS England carer "
    "commissioning principles."
)

# (code, name, description)
CARER_SUPPORT_TERMS: list[tuple[str, str, str]] = [
    (
        "information-and-advice",
        "Information and advice",
        "Help to understand caring, benefits, rights and the support available.",
    ),
    (
        "emotional-support",
        "Emotional support",
        "One-to-one support, counselling and wellbeing for carers.",
    ),
    (
        "peer-support",
        "Peer support and carer networks",
        "Groups and networks where carers meet and support each other.",
    ),
    ("helpline", "Helpline", "A phone line carers can call for advice or a listening ear."),
    (
        "training-to-care",
        "Training to care with confidence",
        "Courses on moving and handling, first aid, medication and looking after yourself.",
    ),
    (
        "practical-support",
        "Practical support",
        "Help with everyday tasks, forms, equipment and getting out and about.",
    ),
    ("short-breaks", "Short breaks", "Time away from caring, from a few hours to a few days."),
    (
        "emergency-planning",
        "Emergency and contingency planning",
        "Plans and emergency cards so the person you care for is looked after if you cannot be there.",
    ),
    (
        "assistive-technology",
        "Assistive technology",
        "Alarms, sensors and telecare that help the person you care for stay safe.",
    ),
    (
        "direct-payments",
        "Direct payments",
        "Money from the council so a carer can arrange their own support.",
    ),
    (
        "respite-and-replacement-care",
        "Respite and replacement care",
        "Someone else provides the care so the carer can take a break.",
    ),
    (
        "think-carer",
        "Think Carer awareness training",
        "Training for staff and organisations to recognise and support unpaid carers.",
    ),
]


def term_id(code: str) -> uuid.UUID:
    return uuid.uuid5(TAXONOMY_NAMESPACE, code)


def ensure_carer_support_taxonomy(taxonomy_model, term_model) -> None:
    """Create or refresh the taxonomy and its terms. Takes the model classes so the data
    migration can pass its historical models."""
    taxonomy, _ = taxonomy_model.objects.update_or_create(
        id=TAXONOMY_ID,
        defaults={"name": TAXONOMY_NAME, "description": TAXONOMY_DESCRIPTION, "version": "1"},
    )
    for position, (code, name, description) in enumerate(CARER_SUPPORT_TERMS):
        term_model.objects.update_or_create(
            id=term_id(code),
            defaults={
                "taxonomy": taxonomy,
                "code": code,
                "name": name,
                "description": description,
                "position": position,
            },
        )
