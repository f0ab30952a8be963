"""Making the database hand out large ids, as a platform in use for a few years does."""

from django.db import connection


def ids_start_at(model, value: int) -> None:
    """The next row of ``model`` gets an id above ``value``."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, value])
        elif connection.vendor == "sqlite":
            cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, value]
            )
        else:
            raise NotImplementedError(connection.vendor)
