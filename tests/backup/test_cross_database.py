"""An archive made on SQLite restores into PostgreSQL, and one made on PostgreSQL into SQLite,
with every row and every file: the archive of the restored database has the same row counts and
the same SHA-256 of every model's data and of every file as the original archive.

Each database is used by ``manage.py`` in a process of its own (with its own DATABASE_URL and
MEDIA_ROOT), never by switching databases inside the test process. PostgreSQL at 127.0.0.1:5432
is needed; this test creates and drops its own databases. Without PostgreSQL the test is
skipped, except in CI (tests/ci.py), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import psycopg
import pytest

from tests.ci import missing

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"


def postgresql_server(server: str = SERVER) -> psycopg.Connection:
    """A connection to the server's ``postgres`` database; the test is skipped (failed in CI)
    when the server cannot be reached."""
    try:
        return psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        missing(
            f"PostgreSQL is not reachable at {server} ({error})",
            "start it to test restores between SQLite and PostgreSQL",
        )


def test_without_postgresql_the_test_skips_outside_ci_and_fails_in_ci(monkeypatch):
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        server = f"postgres://postgres@127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="start it to test restores"):
        postgresql_server(server)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL is not reachable"):
        postgresql_server(server)


@pytest.fixture
def postgres():
    """A function that creates an empty PostgreSQL database (dropped at the end) and returns
    its URL; the first one is migrated, the others are copies of it (faster than migrating)."""
    server = postgresql_server()
    created: list[str] = []

    def new_database(template: str | None = None) -> str:
        name = f"test_backup_cross_{uuid.uuid4().hex[:10]}"
        suffix = f' TEMPLATE "{template}"' if template else ""
        server.execute(f'CREATE DATABASE "{name}"{suffix}')
        created.append(name)
        return name

    yield new_database
    for name in created:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


def manage(database_url: str, media: Path, *arguments: str) -> str:
    return run(database_url, media, "manage.py", *arguments)


def run(database_url: str, media: Path, *arguments: str) -> str:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DB_CONN_MAX_AGE": "0",
    }
    done = subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{' '.join(arguments)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def populated(database_url: str, media: Path) -> None:
    run(database_url, media, "-m", "tests.backup.populate")


def backup(database_url: str, media: Path, archive: Path) -> dict:
    manage(database_url, media, "backup", "--output", str(archive))
    with zipfile.ZipFile(archive) as members:
        return json.loads(members.read("manifest.json"))


def contents(manifest: dict) -> dict:
    """What must survive a restore: each model's rows and hash, each file's size and hash."""
    return {
        "models": {
            entry["model"]: (entry["rows"], entry["sha256"]) for entry in manifest["models"]
        },
        "files": {entry["name"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]},
    }


def test_an_archive_moves_between_sqlite_and_postgresql_both_ways(postgres, tmp_path):
    sqlite_template = tmp_path / "migrated.sqlite3"
    manage(f"sqlite:///{sqlite_template}", tmp_path / "unused", "migrate", "--verbosity", "0")
    postgres_template = postgres()
    manage(f"{SERVER}/{postgres_template}", tmp_path / "unused", "migrate", "--verbosity", "0")

    def sqlite_database(name: str) -> str:
        path = tmp_path / f"{name}.sqlite3"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite:///{path}"

    def postgresql_database() -> str:
        return f"{SERVER}/{postgres(template=postgres_template)}"

    for source, target in [
        (sqlite_database("source"), postgresql_database()),
        (postgresql_database(), sqlite_database("target")),
    ]:
        label = f"{source.split(':')[0]} → {target.split(':')[0]}"
        source_media, target_media = tmp_path / f"{label}-from", tmp_path / f"{label}-to"
        populated(source, source_media)
        made = backup(source, source_media, tmp_path / f"{label}-made.zip")
        assert made["database_vendor"] != ("postgresql" if "postgres" in target else "sqlite")

        manage(target, target_media, "restore", str(tmp_path / f"{label}-made.zip"), "--yes")
        again = backup(target, target_media, tmp_path / f"{label}-again.zip")

        before, after = contents(made), contents(again)
        changed = {
            model: (before["models"].get(model), after["models"].get(model))
            for model in before["models"].keys() | after["models"].keys()
            if before["models"].get(model) != after["models"].get(model)
        }
        assert changed == {}, label
        assert after["files"] == before["files"], label
        rows = dict(contents(made)["models"])
        for model in (
            "agencies.user",
            "assessments.response",
            "appraisals.appraisal",
            "audit.auditevent",
        ):
            assert rows[model][0] > 0, (label, model)
        assert len(made["files"]) == 2, label  # the evidence PDF and the job's result
