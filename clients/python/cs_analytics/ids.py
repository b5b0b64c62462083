"""Event ids and timestamps, stamped on the caller's thread: UUIDv7 (RFC 9562) and ISO-8601 UTC with milliseconds."""

from __future__ import annotations

import os
import time

_HEX = "%032x"
_iso_cache = (-1, "")  # (second, its prefix): one tuple, so threads never see a half-updated pair


def uuid7(ms: int) -> str:
    """A UUIDv7 for the Unix time ``ms``: 48 bits of milliseconds, version 7, variant 10, 74 random bits."""
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms << 80) | (0x7 << 76) | (((rand >> 62) & 0xFFF) << 64) | (0x2 << 62) | (rand & 0x3FFFFFFFFFFFFFFF)
    h = _HEX % value
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def iso_utc(ms: int) -> str:
    """``2026-03-10T10:00:00.123Z`` for the Unix time ``ms`` (the second's prefix is cached)."""
    global _iso_cache
    second, milli = divmod(ms, 1000)
    cached_second, prefix = _iso_cache
    if second != cached_second:
        prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        _iso_cache = (second, prefix)
    return "%s.%03dZ" % (prefix, milli)


def now_ms() -> int:
    return time.time_ns() // 1_000_000
