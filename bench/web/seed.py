"""Bulk rows for the web benchmark: deals on the default pipeline and contacts, in one transaction.

Run from backend/: ``uv run --no-sync python ../bench/web/seed.py DB EMAIL --deals N --contacts N``.
The API would take minutes for 100,000 rows; Core executemany inserts through the ORM models take
seconds. ``before_flush`` does not run for Core inserts, so ``search_text`` is filled here.
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal

from sqlalchemy import create_engine, insert, select
from sqlalchemy.orm import Session

import heron.models  # noqa: F401  (every table, so foreign keys resolve)
from heron.models.contact import Contact
from heron.models.deal import Deal
from heron.models.organization import Membership
from heron.models.pipeline import Pipeline, Stage
from heron.models.user import User

FIRST = (
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Donald",
    "Margaret",
    "Ken",
    "Frances",
    "John",
)
LAST = (
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Hamilton",
    "Thompson",
    "Allen",
)


def seed(db: str, email: str, deals: int, contacts: int) -> None:
    engine = create_engine(f"sqlite:///{db}")
    with Session(engine) as session, session.begin():
        user = session.scalars(select(User).where(User.email == email)).one()
        memberships = select(Membership.org_id).where(Membership.user_id == user.id)
        org_id = session.scalars(memberships).one()
        pipeline = session.scalars(
            select(Pipeline).where(Pipeline.org_id == org_id, Pipeline.is_default.is_(True))
        ).one()
        stages = session.scalars(
            select(Stage)
            .where(Stage.pipeline_id == pipeline.id, Stage.kind == "open")
            .order_by(Stage.position)
        ).all()
        common = {"org_id": org_id, "owner_id": user.id, "created_by_id": user.id}
        if deals:
            rows = []
            for i in range(deals):
                name = f"Deal {i:05d} {LAST[i % len(LAST)]}"
                rows.append(
                    {
                        **common,
                        "name": name,
                        "search_text": name.lower(),
                        "amount": Decimal(1000 + (i * 37) % 50_000),
                        "currency": pipeline.currency,
                        "pipeline_id": pipeline.id,
                        "stage_id": stages[i % len(stages)].id,
                        "position": float(i),
                    }
                )
            session.execute(insert(Deal), rows)
        if contacts:
            rows = []
            for i in range(contacts):
                first, last = FIRST[i % len(FIRST)], f"{LAST[i % len(LAST)]}{i}"
                mail = f"{first.lower()}.{last.lower()}@example.com"
                rows.append(
                    {
                        **common,
                        "first_name": first,
                        "last_name": last,
                        "email": mail,
                        "search_text": f"{first} {last} {mail}".lower(),
                    }
                )
            session.execute(insert(Contact), rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("email")
    parser.add_argument("--deals", type=int, default=0)
    parser.add_argument("--contacts", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    seed(args.db, args.email, args.deals, args.contacts)
    took = time.perf_counter() - started
    print(f"seeded {args.deals} deals, {args.contacts} contacts in {took:.1f} s")


if __name__ == "__main__":
    main()
