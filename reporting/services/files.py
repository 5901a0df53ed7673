"""Return files: CSV and XLSX built in memory, byte-identical for the same rows."""

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal

from carers_portal.spreadsheets import neutralise_formula
from reporting import rules

RETURN_COLUMNS = ["section", "measure", "breakdown", "value"]
# Fixed file dates: the same data always gives the same bytes (and the same sha256).
_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_INTEGER = re.compile(r"^-?[0-9]+$")
_DECIMAL = re.compile(r"^-?[0-9]+\.[0-9]+$")


def return_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(RETURN_COLUMNS)
    writer.writerows([[neutralise_formula(cell) for cell in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


class _FixedTimeZipFile(zipfile.ZipFile):
    """A zip whose members all carry one fixed date, so identical content gives identical bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=_FIXED_ZIP_TIME)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl writes each worksheet from a temporary file, whose mtime would leak
        # the production time into the archive; store its bytes under the fixed date.
        with open(filename, "rb") as source:
            self.writestr(arcname or filename, source.read(), compress_type, compresslevel)


def return_xlsx(rows: list[list[str]], *, title: str, period: rules.Period) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Return"
    sheet.append(RETURN_COLUMNS)
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    fixed = datetime.datetime.combine(period.end, datetime.time(0, 0))
    workbook.properties.creator = "Carers Support Service"
    workbook.properties.title = title
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.lastModifiedBy = "Carers Support Service"
    buffer = io.BytesIO()
    with _FixedTimeZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter.save() rather than Workbook.save(): the latter stamps "modified" with now.
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()


def _xlsx_cell(text: str):
    """Numbers go into the workbook as numbers; everything else (dates, labels) as text."""
    if _INTEGER.match(text):
        return int(text)
    if _DECIMAL.match(text):
        return Decimal(text)
    return neutralise_formula(text)
