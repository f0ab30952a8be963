"""What a bulk load does to the database afterwards."""

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_planner_statistics(using: str = DEFAULT_DB_ALIAS) -> None:
    """ANALYZE on PostgreSQL, after a bulk load (the scale generator, a restore).

    Right after hundreds of thousands of rows arrive, PostgreSQL's planner still believes the
    tables nearly empty until autovacuum gets to them, and picks plans that suit ten rows and
    are very slow for 160,000 (the appraiser queue of 3,500 generated communes took seconds
    instead of a fraction of one). A deployment's autovacuum catches up within minutes; a bulk
    load does it at once. SQLite keeps no statistics unless asked, and a deployment never asks,
    so neither do we."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
