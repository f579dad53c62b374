"""Load runs: many connections at once on loopback, bounded in time and in requests.

wrk (Debian's, `apt-get install wrk`) drives them with mix.lua: C, one thread, so that the
load tool takes as little as possible of the two cores the server and the database share (a
Python client would take a core of its own and measure itself). For 1 and then 2 API
processes (`heron serve --workers 2`: uvicorn's processes share the port), at 50 and 200
connections: the realistic mix (70% reads, 20% searches, 10% writes), then lists alone and
record reads alone, which the targets name, then the ceiling under them: the health probe
and the cheapest signed-in request. Reported: requests per second, p50/p95/p99 latency
as the client saw it, and errors (any answer >= 400, any socket error or timeout).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

import server
from datasets import Dataset
from operations import Caller, discover

HERE = Path(__file__).resolve().parent
# The last two say what any request costs before its own work: "health" is the server and
# framework alone (no sign-in, no database), "org" a signed-in request reading one small row
# (authentication's statements, the transaction, the routing): the ceiling under every mix.
RUNS = (("mix", 50), ("mix", 200), ("list", 50), ("record", 50), ("health", 50), ("org", 50))


def run_all(dataset: Dataset, logs: Path, args: Any, say: Any) -> dict[str, Any]:
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    found: dict[str, Any] = {"tool": "wrk 1 thread", "seconds": args.load_seconds,
                             "max_requests": args.load_requests, "runs": []}  # fmt: skip
    for workers in (1, 2):
        with server.serve(dataset, logs, workers=workers) as running:
            caller = Caller.sign_in(running.base_url, running.secret_key, dataset.email,
                                    dataset.password)  # fmt: skip
            with httpx.Client(base_url=running.base_url, timeout=120) as client:
                state = discover(client, caller)
            for mix, connections in args.load_runs:
                result = _wrk(wrk, running.base_url, caller, state.contacts, mix, connections, args)
                result |= {"processes": workers, "mix": mix, "connections": connections}
                _drain(running.base_url, caller)
                found["runs"].append(result)
                say(f"{dataset.dialect} load {workers}p {mix:6} c{connections:<3} "
                    f"{result.get('per_second', 0):7.1f} req/s p50 {result.get('p50_ms')} "
                    f"p99 {result.get('p99_ms')} errors {result.get('status_errors')}"
                    f"+{result.get('socket_errors')}")  # fmt: skip
    return found


def _drain(base: str, caller: Caller) -> None:
    """Wait until the server has worked off the requests a run left queued (wrk stops
    sending, not the server answering), so that the next run starts on an idle server."""
    deadline = time.monotonic() + 120
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        try:
            httpx.get(f"{base}/api/v1/me", headers=caller.headers, timeout=60)
        except httpx.HTTPError:
            pass
        quick = quick + 1 if time.monotonic() - started < 0.2 else 0
        time.sleep(0.2)


def _wrk(
    wrk: str, base: str, caller: Caller, contacts: list[str], mix: str, connections: int,
    args: Any,
) -> dict[str, Any]:  # fmt: skip
    headers = caller.headers
    env = {
        **os.environ,
        "HERON_TOKEN": headers["Authorization"].removeprefix("Bearer "),
        "HERON_ORG": headers["X-Heron-Org"],
        "HERON_MIX": mix,
        "HERON_CONTACTS": ",".join(contacts),
        # The health probe answers thousands a second: bounded by the time alone it says how
        # many; bounded by the request count too, it stopped early and read as count / time.
        "HERON_MAX_REQUESTS": str(args.load_requests * (20 if mix == "health" else 1)),
        "HERON_THREADS": "1",
    }
    command = [wrk, "-t1", f"-c{connections}", f"-d{args.load_seconds}s", "--timeout", "10s",
               "-s", str(HERE / "mix.lua"), base]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("HERON_LOAD "):
            return dict(json.loads(line.removeprefix("HERON_LOAD ")))
    return {"failed": (done.stdout + done.stderr)[-2000:]}


def table(result: dict[str, Any]) -> str:
    load = result.get("load", {})
    if "runs" not in load:
        return f"load: {load.get('skipped', 'not run')}"
    lines = [
        f"Load on {result['database']} ({result['size']}), {load['seconds']} s or "
        f"{load['max_requests']:,} requests each, {load['tool']}:",
        "",
        "| processes | mix | connections | req/s | p50 / p95 / p99 ms | errors |",
        "|---|---|---|---|---|---|",
    ]
    for run in load["runs"]:
        if "failed" in run:
            lines.append(f"| {run['processes']} | {run['mix']} | {run['connections']} | failed | | |")
            continue
        errors = run["status_errors"] + run["socket_errors"] + run["timeouts"]
        lines.append(
            f"| {run['processes']} | {run['mix']} | {run['connections']} | {run['per_second']} | "
            f"{run['p50_ms']} / {run['p95_ms']} / {run['p99_ms']} | {errors} |"
        )
    return "\n".join(lines)
