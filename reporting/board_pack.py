"""The board pack's files: one workbook with a sheet per subject, and a tagged PDF of the same.

Both are written from reporting.selectors.board_pack, which reads only the nightly figures.
In the workbook numbers stay numbers, formatted as pounds, percentages or counts, so a reader
can total or chart them; text typed by people (team and line names) cannot run as a formula.
"""

import io
from decimal import Decimal

from django.template.loader import render_to_string

from carers_portal.documents import accessible_pdf
from carers_portal.spreadsheets import neutralise_formula
from reporting.selectors.board_pack import COUNT, HOURS, MONEY, PERCENT, BoardPack, Cell

MONEY_FORMAT = '"£"#,##0.00;-"£"#,##0.00'
PERCENT_FORMAT = "0.0%"
COUNT_FORMAT = "#,##0"
HOURS_FORMAT = "#,##0.0"
NUMBER_FORMATS = {
    MONEY: MONEY_FORMAT,
    PERCENT: PERCENT_FORMAT,
    COUNT: COUNT_FORMAT,
    HOURS: HOURS_FORMAT,
}
NOT_AVAILABLE = "Not available"
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _xlsx_value(cell: Cell):
    if cell.value is None:
        return "" if cell.kind == "text" else NOT_AVAILABLE
    if cell.kind == PERCENT:
        # Stored as 7.5 for 7.5%; a spreadsheet's percent format shows 0.075 as 7.5%.
        return Decimal(cell.value) / 100
    if cell.kind in NUMBER_FORMATS:
        return cell.value
    return neutralise_formula(str(cell.value))


def board_pack_xlsx(pack: BoardPack) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    about = workbook.active
    about.title = "About"
    about.append(["Item", "Detail"])
    about.append(["Board pack", pack.title])
    about.append(["Month", f"{pack.month.start:%B %Y}"])
    about.append(["Financial year", pack.year_label])
    as_at = f"{pack.as_at:%-d %B %Y %H:%M}" if pack.as_at else "Not worked out yet"
    about.append(["Figures as at", as_at])
    about.append([])
    about.append(["Sheet", "What it shows"])
    for subject in pack.subjects:
        about.append([subject.sheet, " ".join([subject.heading + ".", *subject.notes])])
    for row in (1, 7):
        for cell in about[row]:
            cell.font = Font(bold=True)
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 110
    for subject in pack.subjects:
        sheet = workbook.create_sheet(subject.sheet)
        sheet.append(subject.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in subject.rows:
            sheet.append([_xlsx_value(cell) for cell in row])
            for written, cell in zip(sheet[sheet.max_row], row, strict=True):
                if cell.kind in NUMBER_FORMATS and cell.value is not None:
                    written.number_format = NUMBER_FORMATS[cell.kind]
        sheet.freeze_panes = "A2"
        for index, heading in enumerate(subject.columns, start=1):
            longest = max(
                [len(heading) // 2 + 2]
                + [len(str(_xlsx_value(row[index - 1]))) + 2 for row in subject.rows]
            )
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(
                max(longest, 12), 60
            )
    workbook.properties.creator = "Carers Support Service"
    workbook.properties.title = pack.title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def display(cell: Cell) -> str:
    """A cell as the PDF (and a person) reads it: £1,234.00, 7.5%, 1,234."""
    if cell.value is None:
        return "" if cell.kind == "text" else NOT_AVAILABLE
    if cell.kind == MONEY:
        value = Decimal(cell.value)
        return f"{'−' if value < 0 else ''}£{abs(value):,.2f}"
    if cell.kind == PERCENT:
        return f"{Decimal(cell.value):.1f}%"
    if cell.kind == COUNT:
        return f"{int(cell.value):,}"
    if cell.kind == HOURS:
        return f"{Decimal(cell.value):,.1f}"
    return str(cell.value)


def board_pack_pdf(pack: BoardPack) -> bytes:
    """The same tables as the workbook, tagged for screen readers (carers_portal/documents.py)."""
    subjects = [
        {
            "heading": subject.heading,
            "columns": subject.columns,
            "notes": subject.notes,
            "rows": [
                [{"text": display(cell), "numeric": cell.kind != "text"} for cell in row]
                for row in subject.rows
            ],
        }
        for subject in pack.subjects
    ]
    html = render_to_string("reporting/board_pack_pdf.html", {"pack": pack, "subjects": subjects})
    return accessible_pdf(html=html)
