"""A small stand-in for the service's ingest route (http.server): stores events once by id, answers like
``ingest.track``, and can be told to fail (with a Retry-After), to lose its answers, or to stop and start again on the
same port. It notes when each request arrived."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Optional, Tuple, Union


class StubIngest:
    def __init__(self, api_key: str = "stub-key", port: int = 0) -> None:
        self.api_key = api_key
        self.events: Dict[str, dict] = {}
        self.requests = 0
        self.arrivals: List[float] = []  # time.monotonic() of each request
        # statuses to answer with, one per coming request: 503, or (503, "2") to send Retry-After: 2
        self.fail_next: List[Union[int, Tuple[int, str]]] = []
        self.lose_answers = 0  # requests to store, then drop the connection without answering
        self.lock = threading.Lock()
        self._server: Optional[ThreadingHTTPServer] = None
        self.port = port
        self.start()

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self.port

    def start(self) -> None:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                stub._handle(self, body)

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _handle(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        with self.lock:
            self.requests += 1
            self.arrivals.append(time.monotonic())
            failure = self.fail_next.pop(0) if self.fail_next else None
            lose = self.lose_answers > 0
            if lose:
                self.lose_answers -= 1
        if handler.path != "/api/analytics/ingest/track":
            return self._answer(handler, 404, {"error": {"code": "NOT_FOUND", "message": "no such route"}})
        if handler.headers.get("Authorization") != "Bearer " + self.api_key:
            return self._answer(handler, 401, {"error": {"code": "UNAUTHORIZED", "message": "bad key"}})
        if failure is not None:
            status, retry_after = failure if isinstance(failure, tuple) else (failure, None)
            error = {"error": {"code": "STUB", "message": "told to fail"}}
            return self._answer(handler, status, error, {"Retry-After": retry_after} if retry_after else {})
        events = json.loads(body)["events"]
        accepted, duplicates, rejected = 0, 0, []
        with self.lock:
            for index, event in enumerate(events):
                if "name" not in event or "id" not in event:
                    rejected.append({"index": index, "error": "name: required"})
                elif event["id"] in self.events:
                    duplicates += 1
                else:
                    self.events[event["id"]] = event
                    accepted += 1
        if lose:  # stored, but the answer never reaches the client
            handler.close_connection = True
            handler.connection.shutdown(2)
            return
        self._answer(handler, 200, {"accepted": accepted, "duplicates": duplicates, "rejected": rejected})

    @staticmethod
    def _answer(handler: BaseHTTPRequestHandler, status: int, payload: dict, headers: Optional[Dict[str, str]] = None) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
