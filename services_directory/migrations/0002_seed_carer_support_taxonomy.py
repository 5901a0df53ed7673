from django.db import migrations

from services_directory.taxonomy import ensure_carer_support_taxonomy


def seed(apps, schema_editor):
    ensure_carer_support_taxonomy(
        apps.get_model("services_directory", "Taxonomy"),
        apps.get_model("services_directory", "TaxonomyTerm"),
    )


def unseed(apps, schema_editor):
    # Terms may be linked to services by then; leave them rather than lose those links.
    pass


class Migration(migrations.Migration):
    dependencies = [("services_directory", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
