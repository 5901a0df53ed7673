"""PDFs for carers: tagged for screen readers (PDF/UA-1), with a title and language.

WeasyPrint's PDF/UA variant writes the structure tree (headings, lists, tables) and marks
the file as tagged; the title comes from the HTML <title> and the language from <html lang>.
Every PDF the service hands a person goes through here.
"""

import weasyprint

PDF_VARIANT = "pdf/ua-1"


def accessible_pdf(*, html: str, base_url: str | None = None) -> bytes:
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)
