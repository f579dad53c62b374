"""What is measured: the requests the web app sends for each screen, on the generated data.

Each operation makes its i-th request (method, path, query, body). The targets are those of
issue 6 for 1,000,000 contacts on PostgreSQL, one API process, one client (p50, p99 in ms).
"""

from __future__ import annotations

import itertools
import random
import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt

from heron.auth.secrets import create_access_token
from heron.config import Settings

# (method, path, query, JSON body, extra headers)
Request = tuple[str, str, dict[str, Any] | None, Any, dict[str, str]]

LIST = {"sort": "last_name", "filter[custom.tier][eq]": "gold", "limit": 50}
DEPTH = 10_000
# A common last name of the generator's vocabulary, and the same with one letter missing.
SEARCH_WORD, SEARCH_TYPO = "hamilton", "hamiltn"


@dataclass
class Caller:
    """The generated organization's Owner, with an access token minted afresh for the same
    session before it expires (15 minutes), as the web app refreshes it."""

    base_url: str
    settings: Settings
    user_id: uuid.UUID
    session_id: uuid.UUID
    org_id: uuid.UUID
    minted: float = 0.0
    token: str = ""

    @classmethod
    def sign_in(cls, base_url: str, secret_key: str, email: str, password: str) -> Caller:
        answer = httpx.post(
            f"{base_url}/api/v1/auth/login", json={"email": email, "password": password}, timeout=60
        )
        answer.raise_for_status()
        token = answer.json()["data"]["access_token"]
        claims = jwt.decode(token, options={"verify_signature": False})
        settings = Settings(env="production", secret_key=secret_key)  # type: ignore[arg-type]
        return cls(
            base_url=base_url, settings=settings, user_id=uuid.UUID(claims["sub"]),
            session_id=uuid.UUID(claims["sid"]), org_id=uuid.UUID(claims["org"]),
            minted=time.monotonic(), token=token,
        )  # fmt: skip

    @property
    def headers(self) -> dict[str, str]:
        if time.monotonic() - self.minted > 600:
            self.token, _ = create_access_token(
                self.settings, user_id=self.user_id, session_id=self.session_id, org_id=self.org_id
            )
            self.minted = time.monotonic()
        return {"Authorization": f"Bearer {self.token}", "X-Heron-Org": str(self.org_id)}


@dataclass
class State:
    """What the operations need from the data set, found through the API once."""

    contacts: list[str]  # a sample of live contacts with activities
    deep_cursor: str | None
    depth: int  # how deep ``deep_cursor`` is (10,000 unless the list is shorter)
    nonce: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    created: list[tuple[str, int]] = field(default_factory=list)  # (id, version) made here
    writes: int = 0
    tag_ids: list[str] = field(default_factory=list)
    company_ids: list[str] = field(default_factory=list)

    def remember(self, op_name: str, i: int, status: int, answer: Any, etag: str | None) -> None:
        """Keep what the i-th request of a write made (the contact ``create`` made, the version
        ``update`` left), which the next ``update`` needs for its If-Match."""
        if op_name == "create" and status == 201 and etag:
            self.created.append((answer["data"]["id"], int(etag.strip('"'))))
        if op_name == "update" and status == 200 and etag:
            n = i % len(self.created)
            self.created[n] = (self.created[n][0], int(etag.strip('"')))


@dataclass(frozen=True)
class Operation:
    name: str
    title: str
    make: Callable[[State, int], Request]
    target: tuple[float, float] | None = None  # (p50, p99) ms
    write: bool = False
    variants: int = 10  # distinct requests recorded for the floor


def _contact(state: State, i: int) -> str:
    return state.contacts[i % len(state.contacts)]


def _create(state: State, i: int) -> Request:
    n = f"{state.nonce}{i}"
    # A number of its own, as a new contact has: one shared number made every run's duplicate
    # check read more contacts than the last (1,980 after a dozen runs).
    phone = f"+3314{zlib.crc32(n.encode()) % 10**7:07d}"
    body = {
        "first_name": "Bench", "last_name": f"Writer{n}",
        "emails": [{"email": f"bench.writer.{n}@bench.example", "label": "work"}],
        "phones": [{"number": phone, "label": "work"}],
        "job_title": "Buyer", "lifecycle_status": "lead",
        "company_id": state.company_ids[i % len(state.company_ids)] if state.company_ids else None,
        "tag_ids": state.tag_ids[:1], "custom": {"tier": "silver", "score": 42},
    }  # fmt: skip
    return "POST", "/api/v1/contacts", None, body, {}


def _update(state: State, i: int) -> Request:
    contact, version = state.created[i % len(state.created)]
    state.writes += 1  # a new value every time: an update that changes nothing writes nothing
    body = {"job_title": f"Buyer {state.nonce} {state.writes}", "custom": {"score": state.writes % 100}}
    return "PATCH", f"/api/v1/contacts/{contact}", None, body, {"If-Match": f'"{version}"'}


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "list_first", "Contacts: first page, by last name, custom-field filter",
        lambda s, i: ("GET", "/api/v1/contacts", LIST, None, {}), (5, 15), variants=1,
    ),
    Operation(
        "list_deep", "The same list 10,000 rows deep (keyset)",
        lambda s, i: ("GET", "/api/v1/contacts",
                      LIST | {"count": "none", "cursor": s.deep_cursor}, None, {}),
        (5, 15), variants=1,
    ),
    Operation(
        "search", f"Search across kinds ({SEARCH_WORD!r})",
        lambda s, i: ("GET", "/api/v1/search", {"q": SEARCH_WORD, "limit": 5}, None, {}),
        (20, 50), variants=1,
    ),
    Operation(
        "search_typo", f"Typo-tolerant search ({SEARCH_TYPO!r})",
        lambda s, i: ("GET", "/api/v1/search", {"q": SEARCH_TYPO, "limit": 5}, None, {}),
        (20, 50), variants=1,
    ),
    Operation(
        "board", "Deal board of the 10,000-deal pipeline (20 cards a column)",
        lambda s, i: ("GET", "/api/v1/deals/board", {"limit": 20}, None, {}), (30, 60), variants=1,
    ),
    Operation(
        "record", "Record page: the contact",
        lambda s, i: ("GET", f"/api/v1/contacts/{_contact(s, i)}", None, None, {}), (5, 15),
    ),
    Operation(
        "record_related", "Record page: the contact's deals",
        lambda s, i: ("GET", "/api/v1/deals", {"filter[contact_id][eq]": _contact(s, i),
                                                "count": "exact", "limit": 50}, None, {}),
        (5, 15),
    ),
    Operation(
        "record_timeline", "Record page: first timeline page",
        lambda s, i: ("GET", f"/api/v1/contacts/{_contact(s, i)}/timeline", {"limit": 25}, None, {}),
        (5, 15),
    ),
    Operation("create", "Create a contact (event, ETag)", _create, (10, 25), write=True),
    Operation("update", "Update a contact (If-Match, event, ETag)", _update, (10, 25), write=True),
)  # fmt: skip

# The two data-in/out operations of issue 6 run as jobs, not requests: each has a bench of its
# own, whose results file the API bench names here.
SLOTS = {
    "import_100k": "Import of 100,000 contacts: `make bench-imports ROWS=100000` (rows/s next to "
    "COPY of the same file and the write floor): bench/results/<date>-imports.json.",
    "export_1m": "Export of 1,000,000 contacts: `make bench-exports` (rows/s and peak memory): "
    "bench/results/<date>-exports.json.",
}


def discover(client: httpx.Client, caller: Caller, seed: int = 1) -> State:
    """Sample contacts, find the cursor 10,000 rows deep, pick tags and companies."""
    def get(path: str, **params: Any) -> Any:
        answer = client.get(path, params=params, headers=caller.headers, timeout=120)
        answer.raise_for_status()
        return answer.json()

    pool: list[str] = []
    cursor = None
    for _ in range(5):  # contacts active lately: those a salesperson opens
        page = get("/api/v1/contacts", sort="-last_activity_at", limit=200, count="none",
                   **({"cursor": cursor} if cursor else {}))  # fmt: skip
        pool += [c["id"] for c in page["data"]]
        cursor = page["meta"]["next_cursor"]
        if not cursor:
            break
    rng = random.Random(seed)
    contacts = rng.sample(pool, min(200, len(pool)))
    deep, depth = None, 0
    cursor = None
    while depth < DEPTH:
        page = get("/api/v1/contacts", **(LIST | {"limit": 200, "count": "none"}),
                   **({"cursor": cursor} if cursor else {}))  # fmt: skip
        if not page["meta"]["next_cursor"]:
            break
        cursor = page["meta"]["next_cursor"]
        depth += len(page["data"])
        deep = cursor
    tags = [t["id"] for t in get("/api/v1/tags")["data"]]
    companies = [c["id"] for c in get("/api/v1/companies", limit=50, count="none")["data"]]
    return State(contacts=contacts, deep_cursor=deep, depth=depth, tag_ids=tags,
                 company_ids=companies)  # fmt: skip


def cycle(values: list[Any]) -> Any:
    return itertools.cycle(values)
