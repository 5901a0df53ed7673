"""The "who to contact" panel on the carer's home page (templates/home/carer.html).

The home page belongs to carers_portal, which knows nothing of plans or workers; the panel
comes from here, the app that knows the carer's plan, worker and team.
"""

from django import template

from support_plans.selectors import carer_home_contact

register = template.Library()


@register.inclusion_tag("support_plans/partials/_carer_home_contact.html", takes_context=True)
def carer_home_contact_panel(context) -> dict:
    return {"contact": carer_home_contact(user=context["request"].user)}
