"""Requests per second and p50/p99 latency of ``POST /rate-park`` at concurrency 1, 8 and 32, on loopback.

    python benchmarks/bench_api.py                       # zjpolicy serve, 1 worker; 2,000 requests per level
    python benchmarks/bench_api.py --workers 2 --requests 4000 --concurrency 1,8,32,64

Starts ``zjpolicy serve`` on 127.0.0.1 and a free port (extra ``api``), checks one answer (the example park: 4 stars),
then runs a small asyncio load generator: `concurrency` keep-alive HTTP/1.1 connections, each sending the next
request as soon as its answer is read, until `requests` answers or `--time-limit` seconds per level. The server and
the load generator share the machine's cores; the figures say so. Prints a Markdown table; never asserts a speed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from typing import Any

from zjpolicy.api.examples import rule_example

HOST = "127.0.0.1"


@dataclass
class Level:
    concurrency: int
    answered: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000 if xs else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "zjpolicy.cli",
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("zjpolicy serve did not start (pip install -e '.[api]')")


def request_bytes(port: int, body: bytes) -> bytes:
    head = (
        f"POST /rate-park HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(x.split(":", 1)[1]) for x in lines[1:] if x.lower().startswith("content-length:"))
    return status, await reader.readexactly(length)


async def connection(port: int, req: bytes, budget: list[int], stop: float, out: Level) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        while budget[0] > 0 and time.perf_counter() < stop:
            budget[0] -= 1
            t = time.perf_counter()
            writer.write(req)
            await writer.drain()
            status, _ = await read_response(reader)
            out.latencies.append(time.perf_counter() - t)
            if status == 200:
                out.answered += 1
            else:
                out.errors += 1
    finally:
        writer.close()


async def run_level(port: int, req: bytes, concurrency: int, requests: int, time_limit: float) -> Level:
    out = Level(concurrency, 0, 0, 0.0, [])
    budget = [requests]
    start = time.perf_counter()
    await asyncio.gather(*(connection(port, req, budget, start + time_limit, out) for _ in range(concurrency)))
    out.seconds = time.perf_counter() - start
    return out


def check_answer(port: int, body: bytes) -> dict[str, Any]:
    r = urllib.request.Request(
        f"http://{HOST}:{port}/rate-park", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(r, timeout=30) as resp:
        data: dict[str, Any] = json.loads(resp.read())
    if data["result"]["stars"] != 4:
        raise SystemExit(f"unexpected answer: {data['result']['stars']} stars")
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=2000, help="requests per concurrency level (bounded)")
    ap.add_argument("--concurrency", default="1,8,32", help="comma-separated connection counts")
    ap.add_argument("--workers", type=int, default=1, help="zjpolicy serve --workers")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds at most per level")
    ap.add_argument("--warmup", type=int, default=200, help="requests before the first level (not counted)")
    args = ap.parse_args()
    levels = [int(x) for x in args.concurrency.split(",")]
    body = json.dumps(rule_example("rubric.rate_park"), ensure_ascii=False).encode()
    port = free_port()
    proc = start_server(port, args.workers)
    try:
        answer = check_answer(port, body)
        req = request_bytes(port, body)
        asyncio.run(run_level(port, req, min(8, max(levels)), args.warmup, args.time_limit))
        results = [asyncio.run(run_level(port, req, c, args.requests, args.time_limit)) for c in levels]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"zjpolicy {answer['version']}, POST /rate-park (the example park, {len(body)} bytes in), "
        f"zjpolicy serve --workers {args.workers}; {os.cpu_count()} cores shared with the load generator; "
        f"Python {platform.python_version()}; load average {load:.1f} after the run\n"
    )
    print("| concurrency | requests | errors | seconds | requests/s | p50 ms | p99 ms |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r.concurrency} | {r.answered} | {r.errors} | {r.seconds:.2f} | {r.rps:.0f} | "
            f"{r.pct(0.50):.2f} | {r.pct(0.99):.2f} |"
        )
    print(
        f"\nmedian latency over all levels: {statistics.median([x for r in results for x in r.latencies]) * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
