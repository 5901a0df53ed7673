from django.db import migrations

from services_directory.taxonomy import (
    CARER_SUPPORT_TERMS,
    TAXONOMY_DESCRIPTION,
    TAXONOMY_ID,
    TAXONOMY_NAME,
    term_id,
)


def seed(apps, schema_editor):
    Taxonomy = apps.get_model("services_directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("services_directory", "TaxonomyTerm")
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=TAXONOMY_ID,
        defaults={"name": TAXONOMY_NAME, "description": TAXONOMY_DESCRIPTION, "version": "1"},
    )
    for position, (code, name, description) in enumerate(CARER_SUPPORT_TERMS):
        TaxonomyTerm.objects.update_or_create(
            id=term_id(code),
            defaults={
                "taxonomy": taxonomy,
                "code": code,
                "name": name,
                "description": description,
                "position": position,
            },
        )


def unseed(apps, schema_editor):
    # Terms may be linked to services by then; leave them rather than lose those links.
    pass


class Migration(migrations.Migration):
    dependencies = [("services_directory", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
