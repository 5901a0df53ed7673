"""The support plan as a PDF: the same template content as the carer's page, laid out for
print. Styles are inline in the template so WeasyPrint fetches nothing over the network."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from carers_portal.documents import accessible_pdf


def support_plan_pdf(*, request: HttpRequest, context: dict) -> bytes:
    html = render_to_string("support_plans/plan_pdf.html", context, request=request)
    return accessible_pdf(html=html, base_url=request.build_absolute_uri("/"))
