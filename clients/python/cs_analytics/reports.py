"""The shapes the tracker hands back: ``stats()``, ``stop()``'s report and the issues given to ``on_error``.
They are plain dicts at run time; these TypedDicts only name their keys for type checkers."""

from __future__ import annotations

from typing import Dict, Optional, Tuple, TypedDict

#: Why an event tracked was not stored. ``send_failed`` happens only in ``sync_mode`` (the service stayed unreachable
#: for the whole request timeout); the others as in the TypeScript tracker.
DROP_REASONS: Tuple[str, ...] = ("queue_full", "queue_bytes", "store_rejected", "shutdown", "send_failed")


class LastError(TypedDict):
    message: str
    at: str


class Stats(TypedDict):
    """``enqueued == written + duplicates + sum(dropped.values()) + queued``, always."""

    enqueued: int
    written: int
    duplicates: int
    retried: int
    dropped: Dict[str, int]
    invalid: int
    after_stop: int
    queued: int
    queue_bytes: int
    last_error: Optional[LastError]


class StopReport(TypedDict):
    drained: bool
    abandoned: int
    stats: Stats


class _IssueKeys(TypedDict):
    kind: str  # "dropped" or "send_error"
    message: str


class Issue(_IssueKeys, total=False):
    """What ``on_error`` receives; ``counts`` (drops by reason) comes with kind "dropped"."""

    counts: Dict[str, int]
