from django.core.management.base import BaseCommand, CommandError

from reporting import rules, services


class Command(BaseCommand):
    help = "Produce (or re-produce) the monthly carers' return for a month, e.g. --period 2026-10."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The month, as YYYY-MM")

    def handle(self, *args, period: str, **options):
        try:
            month = rules.parse_month(period)
        except ValueError as error:
            raise CommandError(str(error)) from error
        run = services.return_produce(period=month)
        self.stdout.write(
            f"{run} (revision {run.revision}, produced {run.times_produced} times)\n"
            f"  CSV  sha256 {run.csv_sha256}\n  XLSX sha256 {run.xlsx_sha256}"
        )
