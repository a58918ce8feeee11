"""Drive concurrent users at a running server on 127.0.0.1 and print one JSON line.

Run by bench/run.py as a separate process, with a JSON job on stdin:

    {"port": 8123, "concurrency": 8, "requests": 400, "warmup": 16, "time_limit": 120,
     "targets": [{"name": "dashboard", "path": "/dashboard/", "cookie": "sessionid=..."}]}

Targets are measured one after another. For each, ``warmup`` requests are sent the same way
and discarded, then ``concurrency`` threads (one per simulated user, a new connection per
request, as a sync gunicorn worker closes it anyway) send ``requests`` requests in all, as fast
as the server answers. A target stops early after ``time_limit`` seconds, so the run is bounded.
Latency is measured from before the connection opens to the last byte of the body.
Only 127.0.0.1 is ever contacted.
"""

import http.client
import json
import math
import sys
import threading
import time

HOST = "127.0.0.1"


def fetch(port: int, path: str, cookie: str, timeout: float) -> tuple[float, int]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Connection": "close"})
        response = connection.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException):
        status = 0
    finally:
        connection.close()
    return time.perf_counter() - started, status


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def drive(job: dict, path: str, cookie: str, total: int) -> tuple[list[float], dict, float]:
    """``concurrency`` users share ``total`` requests; returns latencies, statuses, wall time."""
    port, timeout, limit = job["port"], job.get("request_timeout", 30), job["time_limit"]
    deadline = time.monotonic() + limit
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    def user() -> None:
        nonlocal issued
        while True:
            with lock:
                if issued >= total or time.monotonic() > deadline:
                    return
                issued += 1
            elapsed, status = fetch(port, path, cookie, timeout)
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=user, daemon=True) for _ in range(job["concurrency"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(limit + timeout + 5)
    return latencies, statuses, time.perf_counter() - started


def run_target(job: dict, target: dict) -> dict:
    path, cookie, total = target["path"], target.get("cookie", ""), job["requests"]
    # Warm up concurrently too, so that every server worker has served the page before.
    drive(job, path, cookie, job.get("warmup", 0))
    latencies, statuses, wall = drive(job, path, cookie, total)

    latencies.sort()
    done = len(latencies)
    errors = done - statuses.get(200, 0)
    return {
        "path": path,
        "requests": done,
        "errors": errors,
        "statuses": {str(code): count for code, count in sorted(statuses.items())},
        "timed_out": done < total,
        "wall_s": round(wall, 3),
        "throughput_rps": round(done / wall, 1) if wall else None,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "mean_ms": round(sum(latencies) / done * 1000, 1) if done else None,
    }


def main() -> None:
    job = json.load(sys.stdin)
    results = {}
    for target in job["targets"]:
        results[target["name"]] = run_target(job, target)
        print(f"  measured {target['name']}", file=sys.stderr, flush=True)
    print(json.dumps({"concurrency": job["concurrency"], "targets": results}))


if __name__ == "__main__":
    main()
