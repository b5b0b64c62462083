"""One tracker per product: ``init_tracker()`` makes (and starts) it, ``get_tracker()`` finds it, and every
tracker still running is stopped, and so flushed, when the interpreter exits."""

from __future__ import annotations

import atexit
import os
import threading
from typing import Any, Dict, Optional

from .tracker import Tracker

_trackers: Dict[str, Tracker] = {}
_lock = threading.Lock()
_atexit_registered = False


def _fresh_lock() -> None:
    global _lock
    _lock = threading.Lock()  # a lock held by another thread at fork() would stay held in the child


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh_lock)


def init_tracker(product: str, url: str, api_key: str, **options: Any) -> Tracker:
    """The product's running tracker, made and started when there is none (or the last was stopped).

    Options (the keywords of ``Tracker()``, where they are typed): ``batch_size`` (env ANALYTICS_BUFFER_SIZE, 1000), ``flush_interval_ms``
    (ANALYTICS_FLUSH_INTERVAL_MS, 5000), ``max_queue_events`` (ANALYTICS_MAX_QUEUE_EVENTS, 100000),
    ``max_queue_bytes`` (ANALYTICS_MAX_QUEUE_BYTES, 64 MiB), ``max_batch_bytes`` (512 KiB),
    ``request_timeout_ms`` (10000), ``backoff_base_ms`` (100), ``backoff_cap_ms`` (30000),
    ``exit_timeout_ms`` (5000: how long the flush at interpreter exit may take), ``on_error`` (called with
    ``{"kind", "message", "counts"?}`` from the sender thread), ``logger`` (default ``logging.getLogger("cs_analytics")``),
    ``debug`` (False: log each enqueue, batch and retry at DEBUG, on stderr when logging is not configured),
    ``sync_mode`` (False: send on the caller's thread, for tests and scripts), ``disabled`` (False: track() does nothing).
    A bad option raises ValueError naming it: this is start-up, not the hot path.
    """
    global _atexit_registered
    with _lock:
        existing = _trackers.get(product)
        if existing is not None and not existing.stopped:
            return existing
        tracker = Tracker(product, url, api_key, **options)
        _trackers[product] = tracker
        if not _atexit_registered:
            atexit.register(_stop_at_exit)
            _atexit_registered = True
        return tracker


def get_tracker(product: str) -> Optional[Tracker]:
    """The product's tracker, or None when ``init_tracker()`` was not called for it."""
    return _trackers.get(product)


def stop_all(timeout: float = 5.0) -> None:
    """Stops every tracker (each sends what it holds for up to ``timeout`` seconds) and forgets them."""
    with _lock:
        trackers = list(_trackers.values())
        _trackers.clear()
    for tracker in trackers:
        tracker.stop(timeout)


def _stop_at_exit() -> None:
    with _lock:
        trackers = list(_trackers.values())
    for tracker in trackers:
        tracker.stop(tracker.options.exit_timeout_ms / 1000)
