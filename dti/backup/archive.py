"""Backup and restore of the whole platform: every row and every stored file in one archive.

The archive is a ZIP file:

    manifest.json                       what is inside: counts and SHA-256 hashes (see Manifest)
    data/<app_label>.<model>.jsonl      the rows of one model, Django's JSON Lines serialisation
    files/<storage name>                each stored file the data refers to (FILE_REFERENCES)

Rows keep their primary keys, so every reference between them stays valid without lookups, and
are written and read one model at a time, a chunk of rows at a time, so memory stays bounded
however large the database is. Files are copied through the storage API, so the same code works
with the local disk and with object storage.

A restore goes into an empty, migrated database and an empty storage. Everything is checked
before anything is changed (``check_restore``); the rows are then loaded in one transaction, the
files written back, and both verified against the manifest before the transaction commits
(``restore_backup``).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.files.storage import storages
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from dti.core.database import refresh_planner_statistics

FORMAT_NAME = "dti-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATA_FOLDER = "data/"
FILES_FOLDER = "files/"
ARCHIVE_EXTENSION = ".zip"

ROWS_PER_QUERY = 2000
INSERT_BATCH_ROWS = 500
COPY_CHUNK_BYTES = 1024 * 1024

# Login sessions are not data: after a restore everybody logs in again.
EXCLUDED_MODELS = frozenset({"sessions.session"})

# Rows that ``migrate`` and ``flush`` create by themselves. A restore replaces them with the
# archive's rows, keeping the archive's primary keys, so that everything referring to a content
# type or a permission by id (permissions, groups, users' permissions, admin log) stays right.
AUTO_CREATED_MODELS = ("auth.permission", "contenttypes.contenttype")

# Fields naming a file in the default storage. A new field of this kind must be added here for
# its files to be in the backups.
FILE_REFERENCES = (
    ("assessments.storedfile", "storage_name"),
    ("jobs.job", "result_storage_name"),
)


class BackupProblem(Exception):
    """A backup or restore cannot be done; ``problems`` say what and where, one per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class RestoreRefused(BackupProblem):
    """The archive or the target is not fit for a restore. Nothing was changed."""


class RestoreFailed(BackupProblem):
    """The restore went wrong while loading; the database was rolled back. Files already
    written to the storage are left there and are accepted by the next attempt when their
    content is the archive's."""


# ---------------------------------------------------------------------------------------------
# The manifest


@dataclass(frozen=True)
class ModelEntry:
    model: str  # app_label.model_name
    rows: int
    sha256: str

    @property
    def member(self) -> str:
        return f"{DATA_FOLDER}{self.model}.jsonl"


@dataclass(frozen=True)
class FileEntry:
    name: str  # the name in the storage
    size: int
    sha256: str

    @property
    def member(self) -> str:
        return f"{FILES_FOLDER}{self.name}"


@dataclass
class Manifest:
    created_at: str
    django_version: str
    database_vendor: str
    # Latest applied migration(s) of each app when the backup was made.
    migrations: dict[str, list[str]]
    models: list[ModelEntry] = field(default_factory=list)
    files: list[FileEntry] = field(default_factory=list)
    # Referenced by the data but absent from the storage when the backup was made.
    missing_files: list[str] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(entry.rows for entry in self.models)

    @property
    def total_file_bytes(self) -> int:
        return sum(entry.size for entry in self.files)

    def to_json(self) -> str:
        document = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, **asdict(self)}
        return json.dumps(document, ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: bytes) -> Manifest:
        try:
            document = json.loads(text)
            if document.get("format") != FORMAT_NAME:
                raise RestoreRefused([_("manifest.json is not the manifest of a DTI backup.")])
            if document.get("format_version") != FORMAT_VERSION:
                raise RestoreRefused(
                    [
                        _(
                            "The archive is in format version %(found)s; this version of the "
                            "platform reads version %(ours)s."
                        )
                        % {"found": document.get("format_version"), "ours": FORMAT_VERSION}
                    ]
                )
            return cls(
                created_at=document["created_at"],
                django_version=document["django_version"],
                database_vendor=document["database_vendor"],
                migrations={app: list(names) for app, names in document["migrations"].items()},
                models=[ModelEntry(**entry) for entry in document["models"]],
                files=[FileEntry(**entry) for entry in document["files"]],
                missing_files=list(document["missing_files"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise RestoreRefused(
                [_("manifest.json cannot be read: %(error)s") % {"error": error}]
            ) from None


# ---------------------------------------------------------------------------------------------
# What is backed up


def backed_up_models(using: str = DEFAULT_DB_ALIAS) -> list[type[Model]]:
    """Every model with a table of its own that holds data (the project's apps, accounts and
    permissions, content types, the admin log), in the order of INSTALLED_APPS."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.label_lower not in EXCLUDED_MODELS
        and router.allow_migrate_model(using, model)
    ]


def referenced_file_names(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    names: set[str] = set()
    for label, field_name in FILE_REFERENCES:
        rows = apps.get_model(label)._base_manager.using(using).exclude(**{field_name: ""})
        names.update(rows.values_list(field_name, flat=True).distinct().iterator())
    return sorted(names)


def migration_state(connection) -> dict[str, list[str]]:
    """Per app, its latest applied migrations: those that no other applied migration of the
    same app comes after (one per app unless its history has parallel branches)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = {key for key in loader.applied_migrations if key in loader.graph.node_map}
    state: dict[str, list[str]] = {}
    for app_label, name in applied:
        children = loader.graph.node_map[(app_label, name)].children
        if not any(child.key in applied and child.key[0] == app_label for child in children):
            state.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(state.items())}


def unapplied_migrations(connection) -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


# ---------------------------------------------------------------------------------------------
# Writing an archive


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes and times to milliseconds; a backup keeps them exact."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class JSONLinesSerializer(jsonl.Serializer):
    """Django's JSON Lines serialiser with the keys of every object sorted, and several times
    faster: Django's ``json.dump`` runs the pure-Python encoder and writes token by token;
    ``json.dumps`` runs the C encoder and writes each row at once.

    Sorted keys make the same data the same bytes, and so the same hash, on every database:
    PostgreSQL's jsonb does not keep the order in which a JSON value's keys were written, SQLite
    does, so without sorting an archive of a restored database would not match its original.
    """

    def start_serialization(self):
        super().start_serialization()
        self.json_kwargs["sort_keys"] = True

    def end_object(self, obj):
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None


class _HashingWriter(io.RawIOBase):
    """Passes bytes through to ``target`` and hashes them on the way."""

    def __init__(self, target):
        self.target = target
        self.digest = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.digest.update(data)
        self.target.write(data)
        return len(data)


class _Counted:
    def __init__(self, items: Iterable):
        self.items = items
        self.count = 0

    def __iter__(self) -> Iterator:
        for item in self.items:
            self.count += 1
            yield item


def default_archive_name(now: datetime.datetime | None = None) -> str:
    moment = timezone.localtime(now or timezone.now())
    return f"dti-backup-{moment:%Y%m%d-%H%M%S}{ARCHIVE_EXTENSION}"


def write_backup(destination: Path | str, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Write every row and every referenced stored file to the ZIP archive ``destination``.

    The archive is built in a temporary file beside it and renamed into place only when
    complete, so ``destination`` is never a partial archive. The rows come from one
    consistent snapshot of the database.
    """
    destination = Path(destination)
    descriptor, temporary_name = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".part"
    )
    os.close(descriptor)
    temporary = Path(temporary_name)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            manifest = _write_contents(archive, using)
            archive.writestr(MANIFEST_NAME, manifest.to_json())
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)
    return manifest


def _write_contents(archive: zipfile.ZipFile, using: str) -> Manifest:
    connection = connections[using]
    starts_transaction = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if starts_transaction and connection.vendor == "postgresql":
            # Every table read from the same snapshot, while the platform keeps working.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        manifest = Manifest(
            created_at=timezone.now().isoformat(),
            django_version=django.get_version(),
            database_vendor=connection.vendor,
            migrations=migration_state(connection),
        )
        for model in backed_up_models(using):
            manifest.models.append(_write_model(archive, model, using))
        names = referenced_file_names(using)
    # Stored files are never changed in place (evidence is keyed by its hash, job results by
    # the job), so reading them after the snapshot gives the content the rows refer to.
    storage = storages["default"]
    for name in names:
        if storage.exists(name):
            manifest.files.append(_write_file(archive, storage, name))
        else:
            manifest.missing_files.append(name)
    return manifest


def _write_model(archive: zipfile.ZipFile, model: type[Model], using: str) -> ModelEntry:
    label = model._meta.label_lower
    rows = model._base_manager.using(using).order_by(model._meta.pk.name)
    many_to_many = [
        item.name
        for item in model._meta.many_to_many
        if item.remote_field.through._meta.auto_created
    ]
    if many_to_many:
        rows = rows.prefetch_related(*many_to_many)
    counted = _Counted(rows.iterator(chunk_size=ROWS_PER_QUERY))
    with archive.open(f"{DATA_FOLDER}{label}.jsonl", "w", force_zip64=True) as member:
        hashing = _HashingWriter(member)
        text = io.TextIOWrapper(
            io.BufferedWriter(hashing, COPY_CHUNK_BYTES), encoding="utf-8", newline="\n"
        )
        JSONLinesSerializer().serialize(counted, stream=text, cls=ExactJSONEncoder)
        text.flush()
    return ModelEntry(model=label, rows=counted.count, sha256=hashing.digest.hexdigest())


def _write_file(archive: zipfile.ZipFile, storage, name: str) -> FileEntry:
    digest = hashlib.sha256()
    size = 0
    with (
        storage.open(name, "rb") as source,
        archive.open(f"{FILES_FOLDER}{name}", "w", force_zip64=True) as member,
    ):
        for chunk in source.chunks(COPY_CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            member.write(chunk)
    return FileEntry(name=name, size=size, sha256=digest.hexdigest())


# ---------------------------------------------------------------------------------------------
# Checking an archive and the target of a restore


@dataclass
class RestorePlan:
    """A checked archive and what the restore will do with it."""

    path: Path
    manifest: Manifest
    # Files the storage already holds with the archive's content (e.g. left by a failed try).
    files_present: set[str] = field(default_factory=set)


def _hash_member(archive: zipfile.ZipFile, member: str) -> tuple[str, int, int]:
    """SHA-256, size and number of lines of one archive member."""
    digest = hashlib.sha256()
    size = lines = 0
    with archive.open(member) as stream:
        for chunk in iter(lambda: stream.read(COPY_CHUNK_BYTES), b""):
            digest.update(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
    return digest.hexdigest(), size, lines


def _hash_stored(storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stored:
        for chunk in stored.chunks(COPY_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _is_safe_storage_name(name: str) -> bool:
    """A relative name without "..", "." or empty parts: it cannot leave the storage."""
    parts = name.split("/")
    return bool(name) and "\\" not in name and all(part not in ("", ".", "..") for part in parts)


def read_manifest(archive: zipfile.ZipFile) -> Manifest:
    try:
        return Manifest.from_json(archive.read(MANIFEST_NAME))
    except KeyError:
        raise RestoreRefused([_("The archive has no manifest.json.")]) from None


def verify_archive(archive: zipfile.ZipFile, manifest: Manifest) -> list[str]:
    """Problems of the archive's content against its manifest, and of the manifest against the
    models of this version, each naming its model or file."""
    archived = {entry.model for entry in manifest.models}
    problems = [
        _("The archive has no data for %(model)s.") % {"model": model._meta.label_lower}
        for model in backed_up_models()
        if model._meta.label_lower not in archived
    ]
    members = set(archive.namelist())
    for entry in manifest.models:
        try:
            apps.get_model(entry.model)
        except (LookupError, ValueError):
            problems.append(
                _("Model %(model)s of the archive does not exist in this version.")
                % {"model": entry.model}
            )
        problems += _member_problems(archive, members, entry.member, entry.sha256, rows=entry.rows)
    for entry in manifest.files:
        if not _is_safe_storage_name(entry.name):
            problems.append(_("File name “%(name)s” is not allowed.") % {"name": entry.name})
            continue
        problems += _member_problems(archive, members, entry.member, entry.sha256, size=entry.size)
    return problems


def _member_problems(
    archive: zipfile.ZipFile,
    members: set[str],
    member: str,
    sha256: str,
    size: int | None = None,
    rows: int | None = None,
) -> list[str]:
    """Is ``member`` there, readable, with the manifest's hash (and size, or number of rows)?"""
    if member not in members:
        return [_("%(member)s is missing from the archive.") % {"member": member}]
    try:
        found_sha256, found_size, found_rows = _hash_member(archive, member)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        return [_("%(member)s cannot be read: %(error)s") % {"member": member, "error": error}]
    if rows is not None and found_rows != rows:
        return [
            _("%(member)s holds %(found)s rows; the manifest says %(expected)s.")
            % {"member": member, "found": found_rows, "expected": rows}
        ]
    if found_sha256 != sha256 or (size is not None and found_size != size):
        return [
            _("%(member)s was altered: its SHA-256 or size differs from the manifest.")
            % {"member": member}
        ]
    return []


def database_problems(manifest: Manifest, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Why the database cannot take the archive: not migrated, at other migrations, or
    holding data. Content types and permissions do not count as data (see
    AUTO_CREATED_MODELS)."""
    connection = connections[using]
    unapplied = unapplied_migrations(connection)
    if unapplied:
        return [
            _(
                "The database is not fully migrated (%(count)s migrations to apply, first "
                "%(first)s); run “manage.py migrate” first."
            )
            % {"count": len(unapplied), "first": unapplied[0]}
        ]
    problems = _migration_differences(manifest.migrations, migration_state(connection))
    for model in backed_up_models(using):
        label = model._meta.label_lower
        rows = model._base_manager.using(using)
        if label not in AUTO_CREATED_MODELS and rows.exists():
            problems.append(
                _("The database is not empty: %(model)s (table %(table)s) has %(count)s rows.")
                % {"model": label, "table": model._meta.db_table, "count": rows.count()}
            )
    return problems


def _migration_differences(archived: dict, current: dict) -> list[str]:
    problems = []
    for app_label in sorted(set(archived) | set(current)):
        theirs = ", ".join(archived.get(app_label, [])) or "—"
        ours = ", ".join(current.get(app_label, [])) or "—"
        if theirs != ours:
            problems.append(
                _(
                    "Migrations of %(app)s differ: the archive is at %(archive)s, this database "
                    "at %(database)s. Restore with the platform version that made the archive."
                )
                % {"app": app_label, "archive": theirs, "database": ours}
            )
    return problems


def storage_problems(manifest: Manifest, plan: RestorePlan) -> list[str]:
    """A file of the archive that the storage already holds with other content would be lost;
    the same content is fine (and recorded in ``plan.files_present``)."""
    storage = storages["default"]
    problems = []
    for entry in manifest.files:
        if not _is_safe_storage_name(entry.name) or not storage.exists(entry.name):
            continue
        if _hash_stored(storage, entry.name) == entry.sha256:
            plan.files_present.add(entry.name)
        else:
            problems.append(
                _("The storage already holds a different file named %(name)s.")
                % {"name": entry.name}
            )
    return problems


def check_restore(path: Path | str, using: str = DEFAULT_DB_ALIAS) -> RestorePlan:
    """Check the archive against its manifest, and the database and storage against the
    archive; RestoreRefused lists every problem. Changes nothing."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = read_manifest(archive)
            problems = verify_archive(archive, manifest)
    except (zipfile.BadZipFile, OSError) as error:
        raise RestoreRefused(
            [
                _("%(path)s cannot be read as a ZIP archive: %(error)s")
                % {"path": path, "error": error}
            ]
        ) from None
    if problems:
        raise RestoreRefused(problems)
    plan = RestorePlan(path=path, manifest=manifest)
    problems = database_problems(manifest, using) + storage_problems(manifest, plan)
    if problems:
        raise RestoreRefused(problems)
    return plan


# ---------------------------------------------------------------------------------------------
# Restoring


@dataclass(frozen=True)
class RestoreSummary:
    models: int
    rows: int
    files_written: int
    files_present: int
    missing_files: list[str]


def restore_backup(plan: RestorePlan, using: str = DEFAULT_DB_ALIAS) -> RestoreSummary:
    """Load a checked archive (``check_restore``) into the empty database and storage.

    All rows go in one transaction; the files are written and every count and hash verified
    before it commits, so a failure leaves the database as it was (RestoreFailed).
    """
    from django.contrib.contenttypes.models import ContentType

    manifest = plan.manifest
    connection = connections[using]
    storage = storages["default"]
    try:
        with zipfile.ZipFile(plan.path) as archive, transaction.atomic(using=using):
            # Checked again inside the transaction: something may have written meanwhile.
            problems = database_problems(manifest, using)
            if problems:
                raise RestoreRefused(problems)
            _remove_auto_created_rows(using)
            models = _load_rows(archive, manifest, connection)
            _reset_sequences(connection, models)
            for entry in manifest.files:
                if entry.name not in plan.files_present:
                    _write_stored_file(archive, storage, entry)
            problems = verify_restored(manifest, using)
            if problems:
                raise RestoreFailed(problems)
    except DatabaseError as error:
        raise RestoreFailed(
            [_("The database refused the data: %(error)s") % {"error": error}]
        ) from error
    finally:
        # The cache may hold the content types the restore replaced.
        ContentType.objects.clear_cache()
    refresh_planner_statistics(using)
    return RestoreSummary(
        models=len(manifest.models),
        rows=manifest.total_rows,
        files_written=len(manifest.files) - len(plan.files_present),
        files_present=len(plan.files_present),
        missing_files=manifest.missing_files,
    )


def _remove_auto_created_rows(using: str) -> None:
    for label in AUTO_CREATED_MODELS:
        apps.get_model(label)._base_manager.using(using).all().delete()


def _load_rows(archive: zipfile.ZipFile, manifest: Manifest, connection) -> list[type[Model]]:
    """Insert every row with its primary key, with foreign keys checked once everything is in
    (as ``loaddata`` does), so that the order of the models does not matter."""
    models = [apps.get_model(entry.model) for entry in manifest.models]
    with connection.constraint_checks_disabled():
        for entry in manifest.models:
            _load_model_rows(archive, entry, connection.alias)
    connection.check_constraints(table_names=[model._meta.db_table for model in models])
    return models


def _load_model_rows(archive: zipfile.ZipFile, entry: ModelEntry, using: str) -> None:
    """Insert the rows of one model as they were written, in batches.

    Raw inserts, as ``loaddata``'s saves are: they bypass the models' own ``save`` (the audit
    trail refuses to save an event that has an id) and keep every value, where ``bulk_create``
    would stamp ``auto_now`` fields with the current time. Many-to-many links go in after the
    rows they join.
    """
    model = apps.get_model(entry.model)
    fields = model._meta.local_concrete_fields
    # Fewer rows where the database limits the parameters of one query (SQLite).
    limit = connections[using].ops.bulk_batch_size(fields, [None] * INSERT_BATCH_ROWS)
    batch_size = max(1, min(INSERT_BATCH_ROWS, limit))
    batch, linked = [], []
    with archive.open(entry.member) as member:
        lines = io.TextIOWrapper(member, encoding="utf-8", newline="\n")
        try:
            for item in serializers.deserialize("jsonl", lines, using=using):
                found = item.object._meta.label_lower
                if found != entry.model:
                    raise RestoreFailed(
                        [
                            _("%(member)s holds a row of another model (%(model)s).")
                            % {"member": entry.member, "model": found}
                        ]
                    )
                batch.append(item.object)
                if item.m2m_data:
                    linked.append(item)
                if len(batch) == batch_size:
                    model._base_manager.using(using)._insert(batch, fields=fields, raw=True)
                    batch = []
        except DeserializationError as error:
            raise RestoreFailed(
                [
                    _("%(member)s cannot be loaded: %(error)s")
                    % {"member": entry.member, "error": error}
                ]
            ) from None
    if batch:
        model._base_manager.using(using)._insert(batch, fields=fields, raw=True)
    for item in linked:
        for accessor, related_ids in item.m2m_data.items():
            getattr(item.object, accessor).set(related_ids)


def _reset_sequences(connection, models: list[type[Model]]) -> None:
    """Rows came with their ids; the id sequences (PostgreSQL) must continue after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _write_stored_file(archive: zipfile.ZipFile, storage, entry: FileEntry) -> None:
    with archive.open(entry.member) as member:
        content = File(member, name=entry.name)
        # Said up front: otherwise File would look for the size on the local disk.
        content.size = entry.size
        try:
            saved_as = storage.save(entry.name, content)
        except OSError as error:
            raise RestoreFailed(
                [
                    _("%(name)s cannot be written to the storage: %(error)s")
                    % {"name": entry.name, "error": error}
                ]
            ) from error
    if saved_as != entry.name:
        storage.delete(saved_as)
        raise RestoreFailed(
            [
                _("The storage stored %(name)s under another name (%(other)s).")
                % {"name": entry.name, "other": saved_as}
            ]
        )


def verify_restored(manifest: Manifest, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Differences between the database and storage and the manifest: rows per model, and
    the content of every file."""
    problems = []
    for entry in manifest.models:
        count = apps.get_model(entry.model)._base_manager.using(using).count()
        if count != entry.rows:
            problems.append(
                _("%(model)s has %(count)s rows after the restore; the manifest says %(expected)s.")
                % {"model": entry.model, "count": count, "expected": entry.rows}
            )
    storage = storages["default"]
    for entry in manifest.files:
        if not storage.exists(entry.name) or _hash_stored(storage, entry.name) != entry.sha256:
            problems.append(
                _("%(name)s in the storage does not match the archive after the restore.")
                % {"name": entry.name}
            )
    return problems
