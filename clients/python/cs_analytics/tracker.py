"""Tracker: what a Python product calls on its hot path. ``track()`` checks, stamps and enqueues on the caller's
thread and never blocks or raises; a daemon thread sends batches, retries with the same ids, and reports drops.
``sync_mode`` sends each event on the caller's thread instead; ``disabled`` makes ``track()`` a no-op."""

from __future__ import annotations

import collections
import json
import logging
import os
import random
import threading
import time
import weakref
from datetime import datetime, timezone
from types import TracebackType
from typing import Any, Callable, Deque, Dict, List, Optional, Set, Tuple, Type

from .catalog import check_event
from .ids import iso_utc, now_ms, uuid7
from .options import OPTION_NAMES as _OPTION_NAMES
from .options import Options
from .reports import DROP_REASONS, Issue, Stats, StopReport
from .sender import RefusedError, Sender, TransientError

__version__ = "0.1.0"
_encode = json.JSONEncoder(separators=(",", ":")).encode  # ASCII only: a string's length is its size in bytes
_REPORT_EVERY_S = 1.0
Item = Tuple[int, str]  # (sequence number, the event as JSON)


class _Flight:
    """The events taken from the queue for sending: how many are unsettled, and whether stop() gave up on them."""

    __slots__ = ("pending", "abandoned")

    def __init__(self, pending: int) -> None:
        self.pending = pending
        self.abandoned = False


class Tracker:
    """One product's tracker. Make it with ``init_tracker()`` (or directly, e.g. ``with Tracker(...) as t:``).
    A numeric option left at None takes its environment variable, else its default (``init_tracker()`` lists
    them, clients/python/README.md explains them); a bad value raises ValueError naming the option."""

    def __init__(
        self,
        product: str,
        url: str,
        api_key: str,
        *,
        batch_size: Optional[int] = None,
        flush_interval_ms: Optional[int] = None,
        max_queue_events: Optional[int] = None,
        max_queue_bytes: Optional[int] = None,
        max_batch_bytes: Optional[int] = None,
        request_timeout_ms: Optional[int] = None,
        backoff_base_ms: Optional[int] = None,
        backoff_cap_ms: Optional[int] = None,
        exit_timeout_ms: Optional[int] = None,
        on_error: Optional[Callable[[Issue], None]] = None,
        logger: Optional[logging.Logger] = None,
        debug: bool = False,
        sync_mode: bool = False,
        disabled: bool = False,
    ) -> None:
        if not product or not isinstance(product, str):
            raise ValueError("product: required")
        self.product = product
        given = {key: value for key, value in locals().items() if key in _OPTION_NAMES and value is not None}
        self.options = Options(given)
        opts = self.options
        self._log = opts.logger or logging.getLogger("cs_analytics")
        self._debug = opts.debug
        if opts.debug:
            _log_debug_to_stderr(self._log)
        self._disabled = opts.disabled
        self._sync = opts.sync_mode and not opts.disabled
        self._random = random.Random()
        self._sender: Optional[Sender] = None
        if not opts.disabled:  # a disabled tracker needs neither url nor key: it never sends
            if not api_key or not isinstance(api_key, str):
                raise ValueError("api_key: required")
            self._sender = Sender(url, api_key, opts.request_timeout_ms / 1000, "cs-analytics-python/" + __version__)
        self._reset()
        self._start_sender()
        if hasattr(os, "register_at_fork"):  # a pre-fork server (gunicorn --preload) forks after init_tracker()
            this = weakref.ref(self)

            def after_fork_in_child() -> None:
                tracker = this()
                if tracker is not None:
                    tracker._after_fork()

            os.register_at_fork(after_in_child=after_fork_in_child)
        mode = "disabled" if opts.disabled else "sync_mode" if self._sync else "batching"
        self._log.debug("cs_analytics %s: started (%s) for %s", product, mode, url)

    def __enter__(self) -> "Tracker":
        return self

    def __exit__(
        self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        """Leaving the ``with`` block, also by an exception (which goes on): sends what is queued, then stops."""
        self.stop()

    def _reset(self) -> None:
        """Fresh state: locks, queue, counters (at start, and in a forked child)."""
        self._lock = threading.Lock()
        self._settled = threading.Condition(self._lock)
        self._wake = threading.Event()
        self._abort = threading.Event()
        self._send_lock = threading.Lock()  # sync_mode: one caller at a time on the one connection
        self._queue: Deque[Item] = collections.deque()
        self._queue_bytes = 0
        self._seq = 0
        self._settled_seq = 0  # every event with seq <= this one is written, a duplicate or dropped
        self._flight: Optional[_Flight] = None
        self._sync_flights: Set[_Flight] = set()  # sync_mode: the event being sent on a caller's thread
        self._stopped = False
        self._stop_report: Optional[StopReport] = None
        self._stop_done = threading.Event()
        self._stats: Stats = {
            "enqueued": 0,
            "written": 0,
            "duplicates": 0,
            "retried": 0,
            "dropped": dict.fromkeys(DROP_REASONS, 0),
            "invalid": 0,
            "after_stop": 0,
            "queued": 0,
            "queue_bytes": 0,
            "last_error": None,
        }
        self._unreported: Dict[str, int] = {}
        self._unreported_sample = ""
        self._last_report = 0.0
        self._last_error_log = 0.0

    def _start_sender(self) -> None:
        """The sender thread; none in sync_mode (the caller's thread sends) or when disabled."""
        self._thread: Optional[threading.Thread] = None
        if self._sync or self._disabled:
            return
        self._thread = threading.Thread(target=self._run, name="cs-analytics-" + self.product, daemon=True)
        self._thread.start()

    def _after_fork(self) -> None:
        """In a forked child: the parent still sends what it queued, so the child starts empty, with its own lock,
        connection and sender thread (the parent's thread does not exist here)."""
        if self._stopped:
            return
        if self._sender is not None:
            self._sender.forget()
        self._reset()
        self._start_sender()

    # ---- the caller's side -------------------------------------------------------------------------------

    def track(
        self, name: str, data: Optional[Dict[str, Any]] = None, session_id: Optional[str] = None, **envelope: Any
    ) -> None:
        """Records one event: checks the name and required fields, stamps a UUIDv7 ``id`` and ``occurredAt``,
        and enqueues it. Never blocks, never raises: a bad event is counted in ``stats()["invalid"]`` and logged.
        In ``sync_mode`` it sends the event before returning (up to ``request_timeout_ms``, retries included);
        when ``disabled`` it does nothing.

        Envelope keywords: ``channel`` (required on session.start), ``agent_id`` (agent.* and message.agent),
        ``occurred_at`` (datetime or ISO string; default now), ``event_id`` (default a new UUIDv7), ``product``.
        """
        if self._disabled:
            return
        try:
            if self._stopped:
                with self._lock:
                    self._stats["after_stop"] += 1
                    self._note("after_stop", 1, "track(%s) after stop()" % (name,))
                return
            if data is None:
                data = {}
            problem = check_event(name, data, session_id, envelope)
            if problem is not None:
                self._invalid(name, problem)
                return
            ms = now_ms()
            event: Dict[str, Any] = {"id": envelope.get("event_id") or uuid7(ms), "name": name}
            at = envelope.get("occurred_at")
            event["occurredAt"] = iso_utc(ms) if at is None else _iso(at)
            if session_id is not None:
                event["sessionId"] = session_id
            if "agent_id" in envelope:
                event["agentId"] = envelope["agent_id"]
            if "channel" in envelope:
                event["channel"] = envelope["channel"]
            event["product"] = envelope.get("product") or self.product
            event["data"] = data
            text = _encode(event)
        except Exception as err:  # unserializable data, a bad occurred_at...: the product's bug, never its crash
            self._invalid(name, "%s: %s" % (type(err).__name__, err))
            return
        if self._sync:
            self._send_now(text)
            return
        size = len(text)
        opts = self.options
        with self._lock:
            self._stats["enqueued"] += 1
            if len(self._queue) >= opts.max_queue_events:
                self._stats["dropped"]["queue_full"] += 1
                self._note("queue_full", 1, "queue holds %d events" % opts.max_queue_events)
                return
            if self._queue_bytes + size > opts.max_queue_bytes:
                self._stats["dropped"]["queue_bytes"] += 1
                self._note("queue_bytes", 1, "queue holds %d bytes" % opts.max_queue_bytes)
                return
            self._seq += 1
            self._queue.append((self._seq, text))
            self._queue_bytes += size
            queued = len(self._queue)
        if queued >= opts.batch_size and not self._wake.is_set():
            self._wake.set()
        if self._debug:
            self._log.debug("cs_analytics %s: enqueued %s %s (%d queued)", self.product, name, event["id"], queued)

    def _send_now(self, text: str) -> None:
        """sync_mode: sends one event as a batch of one on the caller's thread, retried as the sender thread
        would, all within ``request_timeout_ms``; what cannot be sent by then is dropped (send_failed)."""
        with self._send_lock:
            deadline = time.monotonic() + self.options.request_timeout_ms / 1000
            flight = _Flight(1)
            with self._lock:
                self._stats["enqueued"] += 1
                self._seq += 1
                item = (self._seq, text)
                self._sync_flights.add(flight)
            try:
                self._send(flight, [item], deadline)
            finally:
                with self._lock:
                    self._sync_flights.discard(flight)
        self._report()

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Sends everything tracked before the call; True when it is all settled within ``timeout`` seconds."""
        with self._lock:
            target = self._seq
            if self._settled_seq >= target:
                return True
        self._wake.set()
        with self._settled:
            done = self._settled.wait_for(lambda: self._settled_seq >= target, timeout)
        self._log.debug("cs_analytics %s: flush %s", self.product, "done" if done else "timed out")
        return done

    def stop(self, timeout: float = 5.0) -> StopReport:
        """Stops taking events, sends what is queued for up to ``timeout`` seconds, and reports
        ``{"drained", "abandoned", "stats"}``. Events still unsent then are counted as dropped (shutdown).
        Idempotent: a second call returns the first report. ``shutdown()`` is the same method."""
        with self._lock:
            if self._stop_report is not None:
                return self._stop_report
            first = not self._stopped
            self._stopped = True
        if not first:  # another thread is stopping it: wait for its report
            self._stop_done.wait(timeout + 1)
            if self._stop_report is not None:
                return self._stop_report
            return {"drained": False, "abandoned": 0, "stats": self.stats()}
        drained = self.flush(timeout)
        abandoned = 0
        if not drained:
            abandoned = self._abandon_all()
        self._abort.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(0.5)
        if self._sender is not None:
            self._sender.close()
        self._report(force=True)
        report: StopReport = {"drained": drained, "abandoned": abandoned, "stats": self.stats()}
        self._stop_report = report
        self._stop_done.set()
        self._log.debug("cs_analytics %s: stopped, drained=%s abandoned=%d", self.product, drained, abandoned)
        return report

    #: The name posthog-python and most SDKs use for ``stop()``.
    shutdown = stop

    def stats(self) -> Stats:
        """A snapshot: enqueued = written + duplicates + sum(dropped) + queued, always."""
        with self._lock:
            snapshot = self._stats.copy()
            snapshot["dropped"] = dict(self._stats["dropped"])
            in_flight = self._flight.pending if self._flight else 0
            snapshot["queued"] = len(self._queue) + in_flight + sum(f.pending for f in self._sync_flights)
            snapshot["queue_bytes"] = self._queue_bytes
        return snapshot

    @property
    def stopped(self) -> bool:
        return self._stopped

    # ---- the sender thread -------------------------------------------------------------------------------

    def _run(self) -> None:
        interval = self.options.flush_interval_ms / 1000
        while True:
            self._wake.wait(interval)
            self._wake.clear()
            try:
                self._drain()
            except Exception as err:  # a bug of ours: keep the thread alive, say so
                self._error("sender: %s: %s" % (type(err).__name__, err))
            self._report()
            if self._abort.is_set():
                return

    def _drain(self) -> None:
        while not self._abort.is_set():
            flight, batch = self._take()
            if flight is None:
                return
            self._send(flight, batch)
            self._report()  # a queue that never empties still reports its drops once a second

    def _take(self) -> Tuple[Optional[_Flight], List[Item]]:
        """Moves the next batch (by count and bytes) from the queue into flight."""
        opts = self.options
        with self._lock:
            batch: List[Item] = []
            size = 16
            while self._queue and len(batch) < opts.batch_size:
                seq, text = self._queue[0]
                if batch and size + len(text) + 1 > opts.max_batch_bytes:
                    break
                self._queue.popleft()
                self._queue_bytes -= len(text)
                batch.append((seq, text))
                size += len(text) + 1
            self._flight = _Flight(len(batch)) if batch else None
        return self._flight, batch

    def _send(self, flight: _Flight, batch: List[Item], deadline: Optional[float] = None) -> None:
        """Sends one batch until the service answers for it: retried with the same body (so the same ids) after
        transient errors; ``deadline`` (sync_mode) bounds the whole, after which the batch is dropped."""
        assert self._sender is not None  # only a disabled tracker has none, and it never sends
        body = ('{"events":[' + ",".join(text for _, text in batch) + "]}").encode("ascii")
        size = len(batch)
        attempt = 0
        while True:
            began = time.monotonic()
            self._log.debug("cs_analytics %s: sending a batch of %d (%d bytes)", self.product, size, len(body))
            try:
                answer = self._sender.send(body, deadline)
            except TransientError as err:
                attempt += 1
                self._error("ingest: %s (retry %d)" % (err, attempt))
                delay = self._retry_delay(attempt, err.retry_after)
                if deadline is not None and time.monotonic() + delay >= deadline:
                    message = "no answer within request_timeout_ms (%s)" % err
                    self._log.debug("cs_analytics %s: batch of %d dropped: %s", self.product, size, message)
                    self._give_up(flight, batch, "send_failed", message)
                    return
                self._log.debug(
                    "cs_analytics %s: batch of %d failed: %s; retry %d in %.3f s%s", self.product, size, err,
                    attempt, delay, "" if err.retry_after is None else " (Retry-After %.3g s)" % err.retry_after,
                )  # fmt: skip
                if not self._sleep(delay):
                    self._give_up(flight, batch, "shutdown", "stop() deadline passed while retrying")
                    return
                with self._lock:
                    if flight.abandoned:
                        return
                    self._stats["retried"] += size
                continue
            except RefusedError as err:
                if err.status == 413 and size > 1:  # too large for the service: halve it
                    self._log.debug("cs_analytics %s: batch of %d too large (HTTP 413): halved", self.product, size)
                    half = size // 2
                    self._send(flight, batch[:half], deadline)
                    if not flight.abandoned:
                        self._send(flight, batch[half:], deadline)
                    return
                self._error("ingest refused a batch of %d: %s" % (size, err))
                self._settle(flight, batch, 0, 0, size)
                return
            rejected = answer.rejected
            self._log.debug(
                "cs_analytics %s: batch of %d sent: HTTP %d, accepted %d, duplicates %d, rejected %d (%.0f ms)",
                self.product, size, answer.status, answer.accepted, answer.duplicates, len(rejected),
                (time.monotonic() - began) * 1000,
            )  # fmt: skip
            if rejected:
                first = rejected[0] if isinstance(rejected[0], dict) else {}
                self._error("ingest rejected %d event(s), e.g. #%s: %s" % (len(rejected), first.get("index"), first.get("error")))
            self._settle(flight, batch, answer.accepted, answer.duplicates, len(rejected))
            return

    def _retry_delay(self, attempt: int, retry_after: Optional[float]) -> float:
        """Seconds before retry ``attempt``: exponential backoff with full jitter, and never less than the
        service's Retry-After (which may exceed ``backoff_cap_ms``: retrying sooner would only be refused again)."""
        opts = self.options
        ceiling = min(opts.backoff_cap_ms, opts.backoff_base_ms * 2 ** min(attempt - 1, 30)) / 1000
        delay = self._random.uniform(0, ceiling)
        return delay if retry_after is None else max(delay, retry_after)

    def _sleep(self, delay: float) -> bool:
        """Waits ``delay`` seconds, reporting drops meanwhile; False when stop() gave up on what is in flight."""
        until = time.monotonic() + delay
        while True:
            self._report()
            left = until - time.monotonic()
            if left <= 0:
                return not self._abort.is_set()
            if self._abort.wait(min(left, _REPORT_EVERY_S)):
                return False

    def _settle(self, flight: _Flight, batch: List[Item], accepted: int, duplicates: int, rejected: int) -> None:
        with self._settled:
            if flight.abandoned:  # stop() already counted it as dropped (shutdown)
                return
            stats = self._stats
            # The service answers for every event of the batch; whatever it did not call a duplicate or a
            # rejection, it holds now.
            stats["duplicates"] += duplicates
            stats["written"] += len(batch) - duplicates - rejected
            if rejected:
                stats["dropped"]["store_rejected"] += rejected
                self._note("store_rejected", rejected, "the service rejected %d event(s)" % rejected)
            if accepted != len(batch) - duplicates - rejected:
                self._log.warning("cs_analytics %s: the service accepted %d of a batch of %d", self.product, accepted, len(batch))
            self._release(flight, batch)

    def _give_up(self, flight: _Flight, batch: List[Item], reason: str, message: str) -> None:
        """Counts a batch that will not be sent as dropped for ``reason`` (unless stop() already counted it)."""
        with self._settled:
            if flight.abandoned:
                return
            self._stats["dropped"][reason] += len(batch)
            self._note(reason, len(batch), message)
            self._release(flight, batch)

    def _release(self, flight: _Flight, batch: List[Item]) -> None:
        """The batch is settled: out of flight, and flush() waiters may see it (the lock is held)."""
        flight.pending -= len(batch)
        if flight.pending <= 0 and self._flight is flight:
            self._flight = None
        self._settled_seq = max(self._settled_seq, batch[-1][0])
        self._settled.notify_all()

    def _abandon_all(self) -> int:
        with self._settled:
            flight = self._flight
            n = len(self._queue) + (flight.pending if flight else 0)
            self._queue.clear()
            self._queue_bytes = 0
            if flight is not None:
                flight.abandoned = True
                self._flight = None
            for sync_flight in self._sync_flights:  # sync_mode: a caller still retrying its event
                n += sync_flight.pending
                sync_flight.abandoned = True
            self._settled_seq = self._seq
            if n:
                self._stats["dropped"]["shutdown"] += n
                self._note("shutdown", n, "stop() deadline passed with %d event(s) unsent" % n)
            self._settled.notify_all()
        return n

    # ---- reporting ---------------------------------------------------------------------------------------

    def _invalid(self, name: Any, problem: str) -> None:
        message = "invalid %s: %s" % (name, problem)
        with self._lock:
            self._stats["invalid"] += 1
            self._stats["last_error"] = {"message": message, "at": _now_iso()}
            self._note("invalid", 1, message)

    def _note(self, reason: str, n: int, sample: str) -> None:
        """Counts what was not sent for the next report (the lock is held)."""
        self._unreported[reason] = self._unreported.get(reason, 0) + n
        if not self._unreported_sample:
            self._unreported_sample = sample

    def _report(self, force: bool = False) -> None:
        """Logs and hands to on_error what was dropped since the last report, at most once a second."""
        now = time.monotonic()
        with self._lock:
            if not self._unreported or (not force and now - self._last_report < _REPORT_EVERY_S):
                return
            counts, sample = self._unreported, self._unreported_sample
            self._unreported, self._unreported_sample, self._last_report = {}, "", now
        summary = " ".join("%s=%d" % kv for kv in sorted(counts.items()))
        message = "analytics tracker %s: %s (e.g. %s)" % (self.product, summary, sample)
        self._log.warning(message)
        self._hook({"kind": "dropped", "counts": counts, "message": message})

    def _error(self, message: str) -> None:
        """Keeps the last error for stats(); logs it and calls on_error at most once a second (an outage
        retried for minutes is one line a second, not one per attempt)."""
        now = time.monotonic()
        with self._lock:
            self._stats["last_error"] = {"message": message, "at": _now_iso()}
            if now - self._last_error_log < _REPORT_EVERY_S:
                return
            self._last_error_log = now
        self._log.warning("analytics tracker %s: %s", self.product, message)
        self._hook({"kind": "send_error", "message": message})

    def _hook(self, issue: Issue) -> None:
        if self.options.on_error is None:
            return
        try:
            self.options.on_error(issue)
        except Exception:  # a broken hook must not break the tracker
            pass


def _iso(at: Any) -> str:
    if isinstance(at, datetime):
        if at.tzinfo is None:
            at = at.replace(tzinfo=timezone.utc)
        return at.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(at, str):
        return at
    raise TypeError("occurred_at: expected a datetime or an ISO-8601 string")


def _now_iso() -> str:
    return iso_utc(now_ms())


def _log_debug_to_stderr(log: logging.Logger) -> None:
    """debug=True: the logger lets DEBUG through and, when logging is not configured at all (no handler on it or
    its ancestors), prints to stderr. Unlike posthog-python's ``logging.basicConfig()``, the root logger and the
    rest of the program's logging stay as they were."""
    log.setLevel(logging.DEBUG)
    if not log.hasHandlers():
        handler = logging.StreamHandler()  # sys.stderr
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        log.addHandler(handler)
