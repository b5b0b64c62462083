"""Python client hot-path benchmark: what track() costs on the caller's thread (median and p99) with the service
up (a local http.server sink in its own process), down (nothing listening) and with the tracker disabled, beside a
bare queue.put of the same dict in the same run; then the README's load cases: a 20k one-tick burst and 50k events/s
for 5 s, service up.
Run: python3 bench/python-client/run.py [calls]   Target: < 20 µs median up or down; disabled below queue.put."""

import os
import queue
import socket
import statistics
import subprocess
import sys
import logging
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))
from cs_analytics import Tracker  # noqa: E402

QUIET = logging.getLogger("cs_analytics.bench")
QUIET.addHandler(logging.NullHandler())
QUIET.propagate = False  # the down case would log its retries; the figures are the point here
DATA = {"responseTimeMs": 840, "model": "doubao-pro", "inputTokens": 612, "outputTokens": 41, "intent": "order_status"}
SINK = r"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: no delayed-ACK stall per answer
    def log_message(self, *a): pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        n = body.count(b'"name":')
        out = b'{"accepted":%d,"duplicates":0,"rejected":[]}' % n
        self.send_response(200); self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
s = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H); print("ready", flush=True); s.serve_forever()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def time_track(url: str, calls: int, stop_timeout: float, disabled: bool = False):
    """Per-call cost of track(); then stop() (delivering all when the sink is up) for the final stats."""
    tracker = Tracker("bench", url, "bench-key", flush_interval_ms=1000, backoff_cap_ms=1000, logger=QUIET, disabled=disabled)
    clock = time.perf_counter_ns
    samples = []
    for i in range(calls):
        sid = "s%d" % (i & 1023)
        t = clock()
        tracker.track("message.ai", DATA, session_id=sid)
        samples.append(clock() - t)
    return percentiles(samples), tracker.stop(stop_timeout)["stats"]


def time_queue_put(calls: int):
    q: "queue.Queue[dict]" = queue.Queue()
    clock = time.perf_counter_ns
    samples = []
    for i in range(calls):
        sid = "s%d" % (i & 1023)
        t = clock()
        q.put({"name": "message.ai", "data": DATA, "sessionId": sid})
        samples.append(clock() - t)
    return percentiles(samples)


def burst(url: str, n: int = 20_000):
    """n events in one go (one 'tick'), then stop(): how many arrive, how many are dropped."""
    tracker = Tracker("bench", url, "bench-key", logger=QUIET)
    t = time.perf_counter()
    for i in range(n):
        tracker.track("message.ai", DATA, session_id="s%d" % (i & 1023))
    took = time.perf_counter() - t
    stats = tracker.stop(30)["stats"]
    return took, stats


def steady(url: str, rate: int = 50_000, seconds: float = 5.0):
    """`rate` events/s for `seconds`, paced in 1 ms slices; the caller's lag behind schedule is the host's delay."""
    tracker = Tracker("bench", url, "bench-key", logger=QUIET)
    per_slice = rate // 1000
    start = time.perf_counter()
    lags = []
    sent = 0
    for tick in range(int(seconds * 1000)):
        due = start + tick / 1000
        now = time.perf_counter()
        if now < due:
            time.sleep(due - now)
        lags.append(max(0.0, time.perf_counter() - due))
        for _ in range(per_slice):
            tracker.track("message.ai", DATA, session_id="s%d" % (sent & 1023))
            sent += 1
    elapsed = time.perf_counter() - start
    stats = tracker.stop(60)["stats"]
    lags.sort()
    return sent / elapsed, lags[int(len(lags) * 0.99)] * 1000, stats


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    port = free_port()
    sink = subprocess.Popen([sys.executable, "-c", SINK, str(port)], stdout=subprocess.PIPE)
    try:
        sink.stdout.readline()
        rows = []
        up = "http://127.0.0.1:%d" % port
        cases = (("up", up, 30.0, False), ("down", "http://127.0.0.1:%d" % free_port(), 0.5, False), ("off", up, 1.0, True))
        for label, url, stop_timeout, disabled in cases:
            runs = [time_track(url, calls, stop_timeout, disabled) for _ in range(3)]
            base = [time_queue_put(calls) for _ in range(3)]
            track_p50 = statistics.median(r[0][0] for r in runs) / 1000
            track_p99 = statistics.median(r[0][1] for r in runs) / 1000
            put_p50 = statistics.median(b[0] for b in base) / 1000
            put_p99 = statistics.median(b[1] for b in base) / 1000
            last = runs[-1][1]
            rows.append((label, track_p50, track_p99, put_p50, put_p99, last))
        burst_took, burst_stats = burst(up)
        offered, lag_p99, steady_stats = steady(up)
    finally:
        sink.terminate()
        sink.wait()
    print("python %s, %d calls x 3 runs per case (median of runs)" % (sys.version.split()[0], calls))
    print("(off: disabled=True, nothing counted or sent)")
    print("%-6s %14s %14s %14s %14s %8s" % ("server", "track p50 µs", "track p99 µs", "put p50 µs", "put p99 µs", "p50 x"))
    for label, t50, t99, p50, p99, stats in rows:
        print("%-6s %14.2f %14.2f %14.2f %14.2f %8.1f" % (label, t50, t99, p50, p99, t50 / p50))
    for label, *_, stats in rows:
        dropped = sum(stats["dropped"].values())
        print("%s: last run after stop(): enqueued=%d written=%d dropped=%d queued=%d" % (label, stats["enqueued"], stats["written"], dropped, stats["queued"]))
    for label, stats in (("20k one-tick burst", burst_stats), ("50k/s for 5 s", steady_stats)):
        lost = stats["enqueued"] - stats["written"]
        print("%s: enqueued=%d written=%d lost=%d dropped=%s" % (label, stats["enqueued"], stats["written"], lost, stats["dropped"]))
    print("20k burst took %.1f ms on the caller; 50k/s offered %.0f/s achieved, caller lag p99 %.2f ms" % (burst_took * 1000, offered, lag_p99))
    worst = max(r[1] for r in rows if r[0] != "off")
    print("target < 20 µs median: %s (worst %.2f µs)" % ("met" if worst < 20 else "MISSED", worst))


if __name__ == "__main__":
    main()
