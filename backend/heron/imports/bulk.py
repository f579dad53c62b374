"""Writing many rows at once: PostgreSQL ``COPY`` for inserts, ``executemany`` elsewhere.

Rows are complete dicts (every column, the same keys in every row): ``COPY`` applies no
SQLAlchemy default, so the writer gives ids, times and versions itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, bindparam, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.errors import Conflict


def dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def insert_rows(session: AsyncSession, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    if dialect(session) == "postgresql":
        await _copy(session, table, rows)
    else:
        await session.execute(insert(table), list(rows))


async def _copy(session: AsyncSession, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """COPY into a temporary table, then INSERT ... SELECT: PostgreSQL refuses COPY into a
    table under row-level security, and the INSERT keeps the tenant policy's check."""
    from psycopg.types.json import Json

    columns = list(rows[0])
    as_json = [isinstance(table.c[c].type, JSON) for c in columns]
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    names = ", ".join(f'"{c}"' for c in columns)
    staging = f"_import_{table.name}"
    async with driver.cursor() as cursor:
        await cursor.execute(
            f'CREATE TEMP TABLE IF NOT EXISTS "{staging}" '
            f'(LIKE "{table.name}" INCLUDING DEFAULTS) ON COMMIT DROP'
        )
        async with cursor.copy(f'COPY "{staging}" ({names}) FROM STDIN') as copy:
            for row in rows:
                await copy.write_row(
                    [
                        Json(row[c]) if j and row[c] is not None else row[c]
                        for c, j in zip(columns, as_json, strict=True)
                    ]
                )
        # Names come from the model's own table and columns, never from the file.
        await cursor.execute(
            f'INSERT INTO "{table.name}" ({names}) SELECT {names} FROM "{staging}"'  # noqa: S608
        )
        await cursor.execute(f'TRUNCATE "{staging}"')


async def update_rows(
    session: AsyncSession, table: Any, rows: Sequence[dict[str, Any]], columns: Sequence[str]
) -> None:
    """Set ``columns`` on each row (``id``, the ``version`` read, the new values); the version
    moves by one. A row whose version moved meanwhile (someone saved it during the import)
    is a 409 and the import's transaction rolls back."""
    if not rows:
        return
    stmt = (
        update(table)
        .where(table.c.id == bindparam("_id"), table.c.version == bindparam("_version"))
        .values({**{c: bindparam(f"v_{c}") for c in columns}, "version": bindparam("_version") + 1})
    )
    params = [
        {"_id": r["id"], "_version": r["version"], **{f"v_{c}": r[c] for c in columns}}
        for r in rows
    ]
    result: Any = await session.execute(stmt, params)
    if result.rowcount not in (-1, len(rows)):
        raise Conflict(
            "Some records were changed by someone else while the import ran; nothing was "
            "imported. Run the import again."
        )
