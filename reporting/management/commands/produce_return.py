from django.core.management.base import BaseCommand, CommandError

from reporting import cld_rules, rules, services
from reporting.services.cld import cld_return_produce
from reporting.services.events import events_refresh


class Command(BaseCommand):
    help = (
        "Produce (or re-produce) a return: the monthly carers' return for a month "
        "(--period 2026-10) or the quarterly Client Level Data return for a quarter of the "
        "financial year (--return cld --period 2026-Q2: the 12 months to 30 September 2026)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--return", dest="kind", choices=["monthly", "cld"], default="monthly")
        parser.add_argument("--period", required=True, help="YYYY-MM, or YYYY-Qn for cld")

    def handle(self, *args, kind: str, period: str, **options):
        try:
            parsed = cld_rules.parse_quarter(period) if kind == "cld" else rules.parse_month(period)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if kind == "cld":
            events_refresh()
            run = cld_return_produce(quarter=parsed)
            validation = run.figures["validation"]
            self.stdout.write(
                f"{run} {run.figures['quarter']} ({run.figures['release']}, "
                f"{run.figures['rows']} rows, revision {run.revision}, "
                f"produced {run.times_produced} times)\n"
                f"  CSV  sha256 {run.csv_sha256}\n"
                f"  Validation: {validation['status']} ({validation['errors']} errors, "
                f"{validation['warnings']} warnings)"
            )
            return
        run = services.return_produce(period=parsed)
        self.stdout.write(
            f"{run} (revision {run.revision}, produced {run.times_produced} times)\n"
            f"  CSV  sha256 {run.csv_sha256}\n  XLSX sha256 {run.xlsx_sha256}"
        )
