"""Cells for files people open in a spreadsheet (CSV and XLSX returns).

A text cell starting with = + - @ (or a tab or carriage return) is run as a formula by
Excel and LibreOffice, so a provider or service name typed as "=HYPERLINK(...)" would act
on the reader's machine. Such cells get a leading apostrophe, the OWASP CSV-injection
advice; plain numbers, negative ones included, are left alone.
"""

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def neutralise_formula(text: str) -> str:
    if text.startswith(FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text
