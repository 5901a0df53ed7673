"""UK postcodes, as every app reads them.

Source: the postcode district is the outward code of a UK postcode (BS 7666-1; Royal Mail
PAF): "NR1 3QU" is in district NR1. The directory's service areas, the support plan's service
search and triage's routing of referrals to teams all match on it.
"""

import re

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})?$")


def postcode_district(text: str) -> str | None:
    """The district (outward code) of a postcode or district someone typed, or None.

    "nr1 3qu" -> "NR1", "NR1" -> "NR1", "not a postcode" -> None.
    """
    match = _POSTCODE.match(re.sub(r"\s+", " ", (text or "").strip().upper()))
    return match.group(1) if match else None
