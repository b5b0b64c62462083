"""One HTTP connection to the ingest endpoint, kept alive between batches; answers are sorted into written,
retry later (connection errors, 408/425/429, 5xx) and refused (any other status)."""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import time
from email.utils import parsedate_to_datetime
from typing import Any, Dict, List, NamedTuple, Optional, Tuple
from urllib.parse import urlsplit

INGEST_PATH = "/api/analytics/ingest/track"
#: A Retry-After beyond this is taken as this: an hour is already a long outage for a queue held in memory.
MAX_RETRY_AFTER_S = 3600.0


class Answer(NamedTuple):
    """The service's answer to one batch: its HTTP status and its ``ingest.track`` counts."""

    status: int
    accepted: int
    duplicates: int
    rejected: List[Dict[str, Any]]


class TransientError(Exception):
    """The batch may succeed later: retry it with the same ids."""

    def __init__(self, message: str, retry_after: Optional[float] = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RefusedError(Exception):
    """The service refused the whole batch; sending it again would not help."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class Sender:
    def __init__(self, url: str, api_key: str, timeout_s: float, user_agent: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("url: expected http(s)://host[:port] (got %r)" % (url,))
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._path = parts.path.rstrip("/") + INGEST_PATH
        self._timeout = timeout_s
        self._headers = {
            "Authorization": "Bearer " + api_key,
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": user_agent,
        }
        self._conn: Optional[http.client.HTTPConnection] = None

    def send(self, body: bytes, deadline: Optional[float] = None) -> Answer:
        """Posts one batch and returns the service's answer, or raises TransientError / RefusedError.
        ``deadline`` (a ``time.monotonic()`` instant) shortens the socket timeout so the call ends by then."""
        # A kept-alive connection the server closed while idle fails at once: try again once on a fresh one.
        reused = self._conn is not None
        try:
            status, payload, retry_after = self._post(body, deadline)
        except (OSError, http.client.HTTPException) as err:
            self.close()
            if not reused:
                raise TransientError("%s: %s" % (type(err).__name__, err)) from None
            try:
                status, payload, retry_after = self._post(body, deadline)
            except (OSError, http.client.HTTPException) as err2:
                self.close()
                raise TransientError("%s: %s" % (type(err2).__name__, err2)) from None
        if 200 <= status < 300:
            try:
                answer = json.loads(payload)
                rejected = list(answer.get("rejected") or [])
                return Answer(status, int(answer.get("accepted", 0)), int(answer.get("duplicates", 0)), rejected)
            except (ValueError, TypeError, AttributeError):
                raise TransientError("unreadable answer (HTTP %d)" % status) from None
        message = "HTTP %d: %s" % (status, _error_message(payload))
        if status in (408, 425, 429) or status >= 500:
            self.close()
            raise TransientError(message, _seconds(retry_after))
        raise RefusedError(message, status)

    def _post(self, body: bytes, deadline: Optional[float]) -> Tuple[int, bytes, Optional[str]]:
        timeout = self._timeout
        if deadline is not None:
            timeout = min(timeout, deadline - time.monotonic())
            if timeout <= 0:
                raise socket.timeout("no time left before the deadline")
        conn = self._connection(timeout)
        conn.request("POST", self._path, body=body, headers=self._headers)
        response = conn.getresponse()
        payload = response.read()
        if response.will_close:
            self.close()
        return response.status, payload, response.getheader("Retry-After")

    def forget(self) -> None:
        """Drops the connection without a word on it (a forked child: the socket is the parent's)."""
        self._conn = None

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
            self._conn = None

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        if self._conn is None:
            if self._https:
                self._conn = http.client.HTTPSConnection(
                    self._host, self._port, timeout=timeout, context=ssl.create_default_context()
                )
            else:
                self._conn = http.client.HTTPConnection(self._host, self._port, timeout=timeout)
            self._conn.connect()
            # http.client writes the headers and the body in separate sends: with Nagle's algorithm and the server's
            # delayed ACK that stalls each batch for ~40 ms. Batches are large; send at once.
            self._conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        elif self._conn.sock is not None:
            self._conn.sock.settimeout(timeout)
        return self._conn


def _error_message(payload: bytes) -> str:
    try:
        error = json.loads(payload).get("error") or {}
        return str(error.get("message") or error)[:300]
    except Exception:
        return payload[:300].decode("utf-8", "replace")


def _seconds(value: Optional[str]) -> Optional[float]:
    """Retry-After as seconds from now: delta-seconds or an HTTP-date (RFC 9110 10.2.3); None when unreadable."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return min(max(0.0, seconds), MAX_RETRY_AFTER_S)
