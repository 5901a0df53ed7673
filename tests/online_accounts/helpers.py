"""Reading what a person is sent, as they would: the letter's text, the code in a message."""

import base64
import re
import subprocess
import tempfile
from pathlib import Path

from django.test import Client
from django.urls import reverse

CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")
PASSWORD = "a-long-and-private-phrase-42"


def pdf_text(pdf: bytes) -> str:
    """The letter's words as pdftotext (poppler) reads them."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "letter.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout


def letter_pdf(page_html: str) -> bytes:
    """The PDF the "Download the letter" link on the letter page carries."""
    found = re.search(r'href="data:application/pdf;base64,([A-Za-z0-9+/=]+)"', page_html)
    assert found, "the letter page has no letter to download"
    return base64.b64decode(found.group(1))


def code_in(text: str) -> str:
    found = CODE.search(text)
    assert found, f"no code in {text!r}"
    return found.group(0)


def date_fields(name: str, day) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def enter_code(client: Client, code: str, date_of_birth):
    return client.post(
        reverse("online_accounts:activate"),
        {"code": code, **date_fields("date_of_birth", date_of_birth)},
    )


def choose_password(client: Client, password: str = PASSWORD):
    return client.post(
        reverse("online_accounts:activate-password"),
        {"new_password1": password, "new_password2": password},
    )
