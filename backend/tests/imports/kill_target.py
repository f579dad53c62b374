"""A process that imports a large CSV and says how far it got, for test_kill.py to SIGKILL.

``python -m tests.imports.kill_target <database url> <csv path>`` commits an organization, a
member and an import record, prints ``ready <org id>``, then imports the file in one
transaction, printing ``progress <rows>`` after each batch (and sleeping a little so the
parent can kill it in the middle).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from heron.db import Database, create_engine
from heron.imports.limits import Limits
from heron.imports.plan import Plan
from heron.imports.runner import run_rows
from heron.kit import tenancy
from heron.kit.subject import ActorType, Subject
from heron.models import DataImport, Membership, Organization, User


async def main(url: str, path: Path) -> None:
    engine = create_engine(url, pool=False)
    db = Database(engine)
    async with db.transaction() as tx, tenancy.bypass(tx.session):
        org = Organization(name="Killed import")
        user = User(email=f"kill-{id(org)}@example.com", full_name="K", password_hash="x")
        tx.session.add_all([org, user])
        await tx.session.flush()
        tx.session.add(Membership(org_id=org.id, user_id=user.id, role="owner"))
        record = DataImport(org_id=org.id, created_by_id=user.id, kind="contact",
                            filename="big.csv", file_key="k")  # fmt: skip
        tx.session.add(record)
        await tx.session.flush()
        ids = (org.id, user.id, record.id)
    print(f"ready {ids[0]}", flush=True)
    subject = Subject(actor_type=ActorType.user, org_id=ids[0], role="owner", user_id=ids[1])
    plan = Plan(kind="contact", mapping=["first_name", "last_name", "email", "company"],
                match_on="email")  # fmt: skip

    async def progress(done: int, _total: int | None) -> None:
        print(f"progress {done}", flush=True)
        await asyncio.sleep(0.2)

    async with db.transaction() as tx:
        await tenancy.enter(tx.session, ids[0], ids[1])
        with path.open("rb") as file:
            await run_rows(tx.session, subject, ids[2], plan, file, Limits(), progress=progress)
    print("committed", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], Path(sys.argv[2])))
