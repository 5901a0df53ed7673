"""scripts/backup then scripts/restore into a fresh database, as the restore drill does."""

import datetime
import hashlib
import os
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from reporting import rules, services
from tests.reporting.factories import AssessmentFactory

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def _url(name: str) -> str:
    from urllib.parse import quote

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = quote(db.get("HOST") or "127.0.0.1", safe="")
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{host}:{db.get('PORT') or 5432}/{name}"


def _counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (catalogue names)
        counts[table] = cursor.fetchone()[0]
    return counts


def _connect(name: str):
    db = connection.settings_dict
    return psycopg2.connect(
        dbname=name,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )


def test_a_backup_restored_into_a_fresh_database_has_the_same_rows_and_return_file(tmp_path):
    AssessmentFactory(completed_on=datetime.date(2026, 10, 5), received_specific_service=True)
    AssessmentFactory(completed_on=datetime.date(2026, 10, 9), kind="joint")
    run = services.return_produce(period=rules.month_period(2026, 10))
    media = tmp_path / "media"
    (media / "letters").mkdir(parents=True)
    (media / "letters" / "plan.pdf").write_bytes(b"%PDF-1.7 carer's plan")
    source = connection.settings_dict["NAME"]
    fresh = f"{source}_restore"[:63]
    with connection.cursor() as cursor:
        original = _counts(cursor)
    env = {**os.environ, "DATABASE_URL": _url(source), "MEDIA_ROOT": str(media)}
    subprocess.run([ROOT / "scripts" / "backup", str(tmp_path / "backups")], env=env, check=True)
    [backup] = list((tmp_path / "backups").iterdir())
    assert {p.name for p in backup.iterdir()} == {"database.dump", "media.tar.gz", "SHA256SUMS"}

    admin = _connect("postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restored_media = tmp_path / "restored-media"
        env = {**os.environ, "DATABASE_URL": _url(fresh), "MEDIA_ROOT": str(restored_media)}
        subprocess.run([ROOT / "scripts" / "restore", str(backup)], env=env, check=True)
        target = _connect(fresh)
        with target.cursor() as cursor:
            assert _counts(cursor) == original
            cursor.execute("SELECT csv_content, csv_sha256 FROM reporting_returnrun")
            [(csv_content, csv_sha)] = cursor.fetchall()
        target.close()
        assert hashlib.sha256(bytes(csv_content)).hexdigest() == csv_sha == run.csv_sha256
        assert (restored_media / "letters" / "plan.pdf").read_bytes() == b"%PDF-1.7 carer's plan"
        # A second restore onto the now-filled database is refused: a drill never overwrites.
        refused = subprocess.run(
            [ROOT / "scripts" / "restore", str(backup)], env=env, capture_output=True, text=True
        )
        assert refused.returncode != 0
        assert "already has tables" in refused.stderr
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.close()


def test_a_damaged_backup_is_not_restored(tmp_path):
    backup = tmp_path / "carers-x"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"truncated")
    (backup / "media.tar.gz").write_bytes(b"")
    (backup / "SHA256SUMS").write_text(f"{'0' * 64}  database.dump\n")
    result = subprocess.run(
        [ROOT / "scripts" / "restore", str(backup)],
        env={**os.environ, "DATABASE_URL": _url("postgres")},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "does not match SHA256SUMS" in result.stderr
