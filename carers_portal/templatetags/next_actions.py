from django import template

from carers_portal.next_actions import next_actions_for

register = template.Library()


@register.simple_tag(takes_context=True)
def next_actions(context, place: str, obj=None) -> list[dict]:
    """`{% next_actions "assessment" assessment as actions %}`: links other apps offer here."""
    request = context.get("request")
    return next_actions_for(place, user=getattr(request, "user", None), obj=obj)
