from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

from carers_portal.forms import first_input_id

register = template.Library()


@register.simple_tag
def error_summary_items(form) -> SafeString:
    """The error summary's list items, each linked to the first input of its field."""
    from crispy_forms_gds.templatetags.crispy_forms_gds import field_errors

    items = []
    visible: list[BoundField] = list(form.visible_fields())
    first = first_input_id(visible[0].field, visible[0].auto_id) if visible else ""
    for error in form.non_field_errors():
        items.append(format_html('<li><a href="#{}">{}</a></li>', first, error))
    for bound in visible:
        for field_id, errors in field_errors(bound):
            target = first_input_id(bound.field, bound.auto_id, error_id=field_id)
            for error in errors:
                items.append(format_html('<li><a href="#{}">{}</a></li>', target, error))
    return SafeString("".join(items))
