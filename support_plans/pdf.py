"""The support plan as a PDF: the same template content as the carer's page, laid out for
print. Styles are inline in the template so WeasyPrint fetches nothing over the network."""

import weasyprint
from django.http import HttpRequest
from django.template.loader import render_to_string


def support_plan_pdf(*, request: HttpRequest, context: dict) -> bytes:
    html = render_to_string("support_plans/plan_pdf.html", context, request=request)
    return weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
