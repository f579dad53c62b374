"""The API benchmark: `make bench SIZE=tiny|small|medium|large` (from the repository root).

For each database (PostgreSQL, then SQLite): prepare the generated data set, start a real
`heron serve` against it, sign in as the organization's Owner, warm up, then for each operation
(operations.py) send the same request over and over from one client (keep-alive) and record
the server's own time (its Server-Timing header) and the client's round trip. Next to it, the
floor (floor.py): the same SQL statements run directly by the driver, rows fetched. Then the
load runs (load.py) unless --no-load. Results go to bench/results/<date>-<size>-<db>.json and
a Markdown table is printed (docs/performance.md keeps the ones worth remembering).

Run from backend/:  uv run --no-sync python ../bench/api/run.py --size small
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import httpx  # noqa: E402

import datasets  # noqa: E402
import load  # noqa: E402
import server  # noqa: E402
from floor import Recorder, Replayer  # noqa: E402
from operations import OPERATIONS, SLOTS, Caller, Operation, State, discover  # noqa: E402

ROOT = HERE.parents[1]
RESULTS = ROOT / "bench" / "results"
SIZES = ("tiny", "small", "medium", "large")


@dataclass
class Figures:
    p50: float
    p95: float
    p99: float
    mean: float
    max: float
    per_second: float


def figures(samples: list[float], seconds: float) -> Figures:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return Figures(
        p50=round(statistics.median(ordered), 2), p95=round(pct(95), 2), p99=round(pct(99), 2),
        mean=round(statistics.fmean(ordered), 2), max=round(ordered[-1], 2),
        per_second=round(len(ordered) / seconds, 1) if seconds else 0.0,
    )  # fmt: skip


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def send(client: httpx.Client, caller: Caller, op: Operation, state: State, i: int) -> httpx.Response:
    method, path, params, body, extra = op.make(state, i)
    response = client.request(method, path, params=params, json=body,
                              headers=caller.headers | extra)  # fmt: skip
    if op.write:
        state.remember(op.name, i, response.status_code, response.json(), response.headers.get("etag"))
    return response


def measure(
    client: httpx.Client, caller: Caller, op: Operation, state: State, n: int, warmup: int
) -> dict[str, Any]:
    for i in range(warmup):
        send(client, caller, op, state, i)
    server_ms, client_ms, errors = [], [], 0
    started = time.perf_counter()
    for i in range(warmup, warmup + n):
        t0 = time.perf_counter()
        response = send(client, caller, op, state, i)
        client_ms.append((time.perf_counter() - t0) * 1000)
        if response.status_code >= 400:
            errors += 1
            if errors == 1:
                say(f"{op.name}: {response.status_code} {response.text[:300]}")
        timing = response.headers.get("server-timing", "")
        if ";dur=" in timing:
            server_ms.append(float(timing.split(";dur=")[1]))
    seconds = time.perf_counter() - started
    return {
        "requests": n,
        "errors": errors,
        "server": asdict(figures(server_ms, seconds)),
        "client": asdict(figures(client_ms, seconds)),
    }


def floor(
    recorder: Recorder, replayer: Replayer, caller: Caller, op: Operation, state: State, n: int,
    warmup: int,
) -> dict[str, Any]:  # fmt: skip
    """Record the op's statements (a few variants), replay them ``n`` times."""
    recorded = []
    for i in range(op.variants):
        method, path, params, body, extra = op.make(state, i)
        recorded.append(
            asyncio.run(recorder.record(method, path, params, body, caller.headers | extra,
                                        write=op.write))
        )  # fmt: skip
    statements = max(len(r.statements) for r in recorded)
    for i in range(warmup):
        replayer.run(recorded[i % len(recorded)])
    samples, rows = [], 0
    started = time.perf_counter()
    for i in range(n):
        t0 = time.perf_counter()
        rows = replayer.run(recorded[i % len(recorded)])
        samples.append((time.perf_counter() - t0) * 1000)
    seconds = time.perf_counter() - started
    return {"statements": statements, "rows": rows, **asdict(figures(samples, seconds)),
            "status": sorted({r.status for r in recorded})}  # fmt: skip


def machine() -> dict[str, Any]:
    memory = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) // 1024
    except OSError:
        pass
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cores": os.cpu_count(), "memory_mib": memory, "cpu": cpu,
            "python": platform.python_version(), "load_average": os.getloadavg()}  # fmt: skip


def bench_database(dialect: str, args: argparse.Namespace) -> dict[str, Any]:
    logs = ROOT / "var" / "bench" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    dataset = datasets.prepare(dialect, args.size, ROOT / "var" / "bench", logs / "heron.log", say)
    result: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "size": args.size, "database": dialect, "machine": machine(),
        "generated_seconds": dataset.generated_seconds, "operations": {}, "slots": SLOTS,
    }  # fmt: skip
    with server.serve(dataset, logs, workers=1) as running:
        say(f"{dialect}: heron serve ready at {running.base_url}")
        caller = Caller.sign_in(running.base_url, running.secret_key, dataset.email,
                                dataset.password)  # fmt: skip
        with httpx.Client(base_url=running.base_url, timeout=120) as client:
            state = discover(client, caller)
            result["deep_depth"] = state.depth
            recorder, replayer = Recorder(dataset, running.secret_key), Replayer(dataset)
            try:
                for op in OPERATIONS:
                    if op.name == "list_deep" and state.deep_cursor is None:
                        continue
                    if args.only and op.name not in args.only.split(","):
                        continue
                    app = measure(client, caller, op, state, args.requests, args.warmup)
                    base = floor(recorder, replayer, caller, op, state, args.requests, args.warmup)
                    ratio = round(app["server"]["p50"] / base["p50"], 1) if base["p50"] else None
                    result["operations"][op.name] = {
                        "title": op.title, "target_p50_p99_ms": op.target, "api": app,
                        "floor": base, "ratio_p50": ratio,
                    }  # fmt: skip
                    say(f"{dialect} {op.name:16} server p50 {app['server']['p50']:7.2f} ms "
                        f"p99 {app['server']['p99']:7.2f} | floor p50 {base['p50']:6.2f} ms "
                        f"({base['statements']} statements) | x{ratio} | errors {app['errors']}")  # fmt: skip
            finally:
                replayer.close()
                asyncio.run(recorder.close())
    if args.load_seconds > 0:
        result["load"] = load.run_all(dataset, logs, args, say)
    return result


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| operation | db | API p50 / p95 / p99 ms | req/s | floor p50 ms (statements) | ratio | target p50 / p99 |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        for name, op in result["operations"].items():
            s, f = op["api"]["server"], op["floor"]
            target = op["target_p50_p99_ms"]
            lines.append(
                f"| {name} | {result['database']} | {s['p50']} / {s['p95']} / {s['p99']} | "
                f"{s['per_second']} | {f['p50']} ({f['statements']}) | {op['ratio_p50']} | "
                f"{f'{target[0]} / {target[1]}' if target else ''} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--db", default="postgresql,sqlite", help="comma-separated")
    parser.add_argument("--requests", type=int, default=300, help="measured requests per operation")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--load-seconds", type=int, default=20, help="0: no load runs")
    parser.add_argument("--load-requests", type=int, default=50_000)
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON goes")
    parser.add_argument("--only", help="comma-separated operations to measure (default: all)")
    parser.add_argument(
        "--smoke", action="store_true",
        help="a short run that fails on any error (CI): few requests, one load run per process count",
    )  # fmt: skip
    args = parser.parse_args()
    args.load_runs = load.RUNS
    if args.smoke:
        args.requests, args.warmup, args.load_seconds, args.load_requests = 20, 3, 2, 1_000
        args.load_runs = (("mix", 50),)
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for dialect in args.db.split(","):
        result = bench_database(dialect.strip(), args)
        day = result["date"][:10]
        path = args.out / f"{day}-{args.size}-{dialect.strip()}.json"
        path.write_text(json.dumps(result, indent=2) + "\n")
        say(f"wrote {path}")
        results.append(result)
    print()
    print(table(results))
    for result in results:
        if "load" in result:
            print()
            print(load.table(result))
    problems = [p for result in results for p in failures(result)]
    if args.smoke and problems:
        raise SystemExit("bench smoke failed:\n" + "\n".join(problems))


def failures(result: dict[str, Any]) -> list[str]:
    """What went wrong in a run (no figure is judged: only errors)."""
    found = []
    where = f"{result['database']}:"
    for name, op in result["operations"].items():
        if op["api"]["errors"]:
            found.append(f"{where} {name}: {op['api']['errors']} error answers")
        if any(status >= 400 for status in op["floor"]["status"]):
            found.append(f"{where} {name}: the recorded request failed {op['floor']['status']}")
    load_ = result.get("load", {})
    if "skipped" in load_ and os.environ.get("CI"):
        found.append(f"{where} load: {load_['skipped']}")
    for run in load_.get("runs", []):
        if "failed" in run or run["requests"] == 0:
            found.append(f"{where} load {run}: no requests answered")
        elif run["status_errors"] or run["socket_errors"] or run["timeouts"]:
            found.append(f"{where} load {run['mix']} c{run['connections']}: errors {run}")
    return found


if __name__ == "__main__":
    main()
