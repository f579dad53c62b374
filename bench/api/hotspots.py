"""Where an operation's time goes in Heron: `make bench-profile OP=record SIZE=small`.

The bench (run.py) says how long each operation takes next to its SQL floor; this says where
the rest goes. It prepares the same data set, starts a real `heron serve` only to sign in and
pick the records the operation works on (as the bench does), then sends the operation's
requests to Heron in this process (the app the floor records with: same code, settings and
database) under a profiler: pyinstrument (in the dev dependencies), the
standard library's cProfile otherwise. The report goes to var/bench/profile-<op>-<size>.txt.

Run from backend/:  uv run --no-sync python ../bench/api/hotspots.py --op record --size small
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import pstats
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import datasets  # noqa: E402
import httpx  # noqa: E402
import server  # noqa: E402
from floor import Recorder  # noqa: E402
from operations import OPERATIONS, Caller, Operation, State, discover  # noqa: E402

ROOT = HERE.parents[1]


def say(message: str) -> None:
    print(f"[profile {time.strftime('%H:%M:%S')}] {message}", flush=True)


async def send_all(
    app: Any, caller: Caller, op: Operation, state: State, first: int, n: int
) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://profile") as client:
        for i in range(first, first + n):
            method, path, params, body, extra = op.make(state, i)
            response = await client.request(method, path, params=params, json=body,
                                            headers=caller.headers | extra)  # fmt: skip
            if response.status_code >= 400:
                raise SystemExit(f"{op.name}: {response.status_code} {response.text[:300]}")
            if op.write:
                answer, etag = response.json(), response.headers.get("etag")
                state.remember(op.name, i, response.status_code, answer, etag)


def profiled(run: Any, *, own_time: bool = False) -> tuple[str, float]:
    """Run ``run()`` under pyinstrument if it is installed (a call tree), else, or with
    ``own_time``, cProfile (functions by the time spent in their own code, then by the time
    spent under them): the report, and the seconds ``run()`` took (the profiler's overhead
    included)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        own_time = True
    if own_time:
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        run()
        profile.disable()
        seconds = time.perf_counter() - started
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("tottime").print_stats(60)
        stats.sort_stats("cumulative").print_stats(60)
        return out.getvalue(), seconds
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    profiler.start()
    run()
    profiler.stop()
    seconds = time.perf_counter() - started
    return str(profiler.output_text(unicode=False, color=False)), seconds


def cpu_per_request(app: Any, caller: Caller, op: Operation, state: State, args: Any) -> None:
    gc.collect()
    gc.freeze()  # as a served process does once started (heron.main)
    rounds = []
    for n in range(args.timing):
        first = args.warmup + n * args.requests
        wall, cpu = time.perf_counter(), time.process_time()
        asyncio.run(send_all(app, caller, op, state, first, args.requests))
        cpu = (time.process_time() - cpu) * 1000 / args.requests
        wall = (time.perf_counter() - wall) * 1000 / args.requests
        rounds.append(cpu)
        say(f"{op.name}: round {n + 1}: {cpu:.3f} ms CPU, {wall:.3f} ms wall a request")
    rounds.sort()
    say(f"{op.name}: CPU a request, median of {len(rounds)} rounds of {args.requests}: "
        f"{rounds[len(rounds) // 2]:.3f} ms (best {rounds[0]:.3f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    names = [op.name for op in OPERATIONS]
    parser.add_argument("--op", choices=names, required=True)
    parser.add_argument("--size", choices=("tiny", "small", "medium", "large"), default="small")
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--requests", type=int, default=200, help="profiled requests")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument(
        "--own-time", action="store_true",
        help="cProfile's report (the functions that spend the time themselves) instead of\n"
        "pyinstrument's call tree",
    )
    parser.add_argument(
        "--timing", type=int, metavar="ROUNDS", default=0,
        help="no profiler: send the requests ROUNDS times and print each round's CPU time of\n"
        "this process per request (the client's share included, the database's not): a\n"
        "before/after figure that the machine's other work barely moves",
    )
    args = parser.parse_args()
    op = next(o for o in OPERATIONS if o.name == args.op)
    var, logs = ROOT / "var" / "bench", ROOT / "var" / "bench" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    dataset = datasets.prepare(args.db, args.size, var, logs / "heron.log", say)
    with server.serve(dataset, logs, workers=1) as running:
        caller = Caller.sign_in(
            running.base_url, running.secret_key, dataset.email, dataset.password
        )
        with httpx.Client(base_url=running.base_url, timeout=120) as client:
            state = discover(client, caller)
        recorder = Recorder(dataset, running.secret_key)
        try:
            if op.name == "update":  # updates change the contacts the bench creates
                create = next(o for o in OPERATIONS if o.name == "create")
                asyncio.run(send_all(recorder.app, caller, create, state, 0, args.warmup))
            asyncio.run(send_all(recorder.app, caller, op, state, 0, args.warmup))
            if args.timing:
                cpu_per_request(recorder.app, caller, op, state, args)
                return
            report, seconds = profiled(
                lambda: asyncio.run(
                    send_all(recorder.app, caller, op, state, args.warmup, args.requests)
                ),
                own_time=args.own_time,
            )
            per_request = seconds * 1000 / args.requests
        finally:
            asyncio.run(recorder.close())
    path = var / f"profile-{op.name}-{args.size}.txt"
    path.write_text(report)
    say(f"{op.name}: {args.requests} requests in this process, {per_request:.2f} ms each under the "
        f"profiler (its own overhead included); report in {path}")  # fmt: skip


if __name__ == "__main__":
    main()
