"""On PostgreSQL, the database itself refuses to UPDATE or DELETE an audit event.

The ORM already refuses (``AuditEvent.save`` / ``delete`` and its queryset); the trigger also stops
raw SQL and any other program that uses the application's database account. TRUNCATE is left
alone on purpose: it is not a row operation the application issues, and ``manage.py flush``
(transactional tests, restoring a backup into an empty database) empties tables with it. Only an
account allowed to drop the trigger can get around it, which is a matter for the DBA.

SQLite gets no trigger: Django's flush empties SQLite tables with DELETE, which a trigger would
refuse, and SQLite has no session state that could let flush through. The embedded demo relies
on the ORM guard.
"""

from django.db import migrations

FUNCTION = "audit_auditevent_append_only"
TRIGGER = "audit_auditevent_append_only"


def install_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("audit", "AuditEvent")._meta.db_table)
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit events are append-only: % of audit event % refused',
                TG_OP, OLD.id USING ERRCODE = 'restrict_violation';
        END;
        $$
        """,
        params=None,  # no placeholders: the "%" belong to PL/pgSQL
    )
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )


def remove_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("audit", "AuditEvent")._meta.db_table)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install_trigger, remove_trigger, elidable=False)]
