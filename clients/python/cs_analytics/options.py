"""Tracker options: defaults, the environment variables in README.md, and checks that name the bad setting."""

from __future__ import annotations

import logging
import os
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from .reports import Issue

#: option -> (environment variable or None, default, minimum, maximum)
_NUMERIC: Dict[str, Tuple[Optional[str], int, int, int]] = {
    "batch_size": ("ANALYTICS_BUFFER_SIZE", 1000, 1, 1000),
    "flush_interval_ms": ("ANALYTICS_FLUSH_INTERVAL_MS", 5000, 10, 3_600_000),
    "max_queue_events": ("ANALYTICS_MAX_QUEUE_EVENTS", 100_000, 1, 100_000_000),
    "max_queue_bytes": ("ANALYTICS_MAX_QUEUE_BYTES", 64 * 1024 * 1024, 1024, 16 * 1024**3),
    "max_batch_bytes": (None, 512 * 1024, 1024, 64 * 1024 * 1024),
    "request_timeout_ms": (None, 10_000, 100, 600_000),
    "backoff_base_ms": (None, 100, 1, 60_000),
    "backoff_cap_ms": (None, 30_000, 1, 3_600_000),
    "exit_timeout_ms": (None, 5000, 0, 600_000),
}

#: Every keyword option of ``Tracker()`` / ``init_tracker()``.
OPTION_NAMES = frozenset(_NUMERIC) | {"on_error", "logger", "debug", "sync_mode", "disabled"}


class Options:
    """The settings of one tracker. Unknown or out-of-range options raise ValueError at init, naming them."""

    batch_size: int
    flush_interval_ms: int
    max_queue_events: int
    max_queue_bytes: int
    max_batch_bytes: int
    request_timeout_ms: int
    backoff_base_ms: int
    backoff_cap_ms: int
    exit_timeout_ms: int
    #: log what the tracker does at DEBUG (printed on stderr when logging is not configured)
    debug: bool
    #: ``track()`` sends on the caller's thread, a batch of one; no sender thread (for tests and scripts)
    sync_mode: bool
    #: ``track()`` does nothing: no thread, no network, nothing counted (wins over sync_mode)
    disabled: bool

    def __init__(self, given: Mapping[str, Any], env: Optional[Mapping[str, str]] = None) -> None:
        env = os.environ if env is None else env
        given = dict(given)
        self.on_error: Optional[Callable[[Issue], None]] = given.pop("on_error", None)
        self.logger: Optional[logging.Logger] = given.pop("logger", None)
        for key in ("debug", "sync_mode", "disabled"):
            flag = given.pop(key, False)
            if not isinstance(flag, bool):
                raise ValueError("%s: expected True or False (got %r)" % (key, flag))
            setattr(self, key, flag)
        for key, (variable, default, low, high) in _NUMERIC.items():
            if key in given:
                value, source = given.pop(key), key
            elif variable and env.get(variable, "") != "":
                value, source = env[variable], variable
            else:
                value, source = default, key
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise ValueError("%s: expected an integer (got %r)" % (source, value)) from None
            if not low <= number <= high:
                raise ValueError("%s: must be between %d and %d (got %r)" % (source, low, high, value))
            setattr(self, key, number)
        if given:
            raise ValueError("%s: unknown option" % ", ".join(sorted(given)))
        if self.on_error is not None and not callable(self.on_error):
            raise ValueError("on_error: must be callable")
