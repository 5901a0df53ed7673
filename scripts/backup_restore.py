"""Backup and restore of the service's data: the PostgreSQL database and the media folder.

    scripts/backup  [DIRECTORY]        writes DIRECTORY/carers-<UTC time>/ (default backups/)
    scripts/restore BACKUP [--force]   restores it into DATABASE_URL's database and MEDIA_ROOT

A backup is `pg_dump --format=custom` of the database (every table, history and access log
included), a tar of MEDIA_ROOT, and SHA256SUMS for both. Restore checks the sums first and
refuses a database that already has tables unless --force is given, so a drill can never
overwrite live data by a mistyped URL. See docs/operations.md for the schedule and the drill.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _tool(name: str) -> str:
    """pg_dump/pg_restore: $PG_BIN, else pgserver's (PostgreSQL 16, which reads 15 and 16
    servers alike), else the one on PATH."""
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / name)
    try:
        from pgserver._commands import POSTGRES_BIN_PATH

        if (POSTGRES_BIN_PATH / name).exists():
            return str(POSTGRES_BIN_PATH / name)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install PostgreSQL's client tools or set PG_BIN")
    return found


def _database_url() -> str:
    if not os.environ.get("DATABASE_URL"):
        from carers_portal import embedded

        embedded.configure_environment()
    # libpq reads postgres:// URLs itself, a percent-encoded socket directory included.
    return os.environ["DATABASE_URL"]


def _media_root() -> Path:
    return Path(os.environ.get("MEDIA_ROOT", ROOT / "var" / "media"))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(directory: Path) -> Path:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = directory / f"carers-{stamp}"
    target.mkdir(parents=True)
    target.chmod(0o700)  # special-category data: readable by the operator only
    dump = target / "database.dump"
    subprocess.run(  # noqa: S603
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", _database_url()],
        check=True,
    )
    media = target / "media.tar.gz"
    with tarfile.open(media, "w:gz") as archive:
        root = _media_root()
        if root.exists():
            archive.add(root, arcname="media")
    sums = "".join(f"{_sha256(path)}  {path.name}\n" for path in (dump, media))
    (target / "SHA256SUMS").write_text(sums)
    print(f"Backup written to {target}")
    return target


def _verify(source: Path) -> None:
    for line in (source / "SHA256SUMS").read_text().splitlines():
        expected, name = line.split("  ", 1)
        if _sha256(source / name) != expected:
            sys.exit(f"{source / name} does not match SHA256SUMS: not restoring")


def _has_tables(url: str) -> bool:
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname=config["NAME"],
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            return cursor.fetchone()[0] > 0
    finally:
        connection.close()


def restore(source: Path, *, force: bool) -> None:
    _verify(source)
    url = _database_url()
    if _has_tables(url) and not force:
        sys.exit("The target database already has tables; restore into a new one (or --force)")
    subprocess.run(  # noqa: S603
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *(["--clean", "--if-exists"] if force else []),
            f"--dbname={url}",
            str(source / "database.dump"),
        ],
        check=True,
    )
    media = _media_root()
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar.gz") as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("media")]
        for member in members:
            member.name = member.name.removeprefix("media").lstrip("/") or "."
        archive.extractall(media, members=members, filter="data")
    print(f"Restored {source.name} into the database and {media}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    backup_parser = commands.add_parser("backup")
    backup_parser.add_argument("directory", nargs="?", default=str(ROOT / "backups"))
    restore_parser = commands.add_parser("restore")
    restore_parser.add_argument("backup")
    restore_parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "backup":
        backup(Path(args.directory))
    else:
        restore(Path(args.backup), force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
