"""Load a realistic county of any size into an empty, migrated database, in set-based SQL.

Teams, staff, a small services directory, carers and the people they care for, one referral
per carer in every status, priority and source, five assessments per carer on average over five
years (every kind and status), support plans with items, emergency plans with cards and
contacts, and the open and done tasks that go with the referrals. Every value is a hash of the
row number, so the same size always gives the same data and every benchmark starts from it.

    createdb carers_scale   # or CREATE DATABASE in psql
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/carers_scale
    .venv/bin/python manage.py migrate
    .venv/bin/python scripts/load_scale.py --carers 1000000

The history triggers are switched off for the load (it is not anyone's activity). The staff it
makes (`scale.triage`, `scale.manager`, `scale.commissioner`, ...) have unusable passwords:
benchmarks sign them in with a session made directly.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carers_portal.settings.local")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--carers", type=int, default=1_000_000)
    args = parser.parse_args()

    import django

    django.setup()
    from scripts.scale_data import load

    load(carers=args.carers)


if __name__ == "__main__":
    main()
