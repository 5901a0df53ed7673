# API tokens were kept in clear by rest_framework.authtoken; they are now django-rest-knox
# hashes that expire. The old table (and every plain token in it) is dropped.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_account_events")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token CASCADE", migrations.RunSQL.noop)
    ]
