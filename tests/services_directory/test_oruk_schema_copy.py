from pathlib import Path

import pytest

from tests.services_directory.oruk_schema_loader import SCHEMA_DIR

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "oruk-v3-schema"


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="the shared ORUK reference is not beside the checkout"
)
@pytest.mark.parametrize(
    "name",
    sorted(str(path.relative_to(SCHEMA_DIR)) for path in SCHEMA_DIR.rglob("*.json")),
)
def test_vendored_oruk_schema_matches_the_shared_reference(name):
    assert (SCHEMA_DIR / name).read_bytes() == (SHARED / name).read_bytes()
