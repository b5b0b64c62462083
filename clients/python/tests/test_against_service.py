"""The client against the service (the real one when CS_ANALYTICS_TEST_URL and CS_ANALYTICS_TEST_KEY are set,
as `npm test` does; the stub otherwise), through a proxy the test cuts to make the service look down.

What each test tracked is appended to CS_ANALYTICS_TEST_EXPECT as `{"sessionId", "events"}` lines, and the
vitest file that ran us checks the service's store holds exactly that: nothing lost, nothing twice."""

import client_path  # noqa: F401  (before cs_analytics)
import json
import logging
import os
import time
import unittest
import uuid
from urllib.parse import urlsplit

from cs_analytics import Tracker
from outage_proxy import OutageProxy
from stub_server import StubIngest

QUIET = logging.getLogger("cs_analytics.service-test")
QUIET.addHandler(logging.NullHandler())
QUIET.propagate = False
FAST = {"flush_interval_ms": 100, "backoff_base_ms": 50, "backoff_cap_ms": 500, "logger": QUIET}
RUN = uuid.uuid4().hex[:8]


class AgainstTheService(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        url, key = os.environ.get("CS_ANALYTICS_TEST_URL"), os.environ.get("CS_ANALYTICS_TEST_KEY")
        cls.stub = None if url and key else StubIngest()
        cls.url = url or cls.stub.url
        cls.key = key or cls.stub.api_key
        parts = urlsplit(cls.url)
        cls.proxy = OutageProxy((parts.hostname, parts.port))

    @classmethod
    def tearDownClass(cls):
        cls.proxy.close()
        if cls.stub:
            cls.stub.stop()

    def setUp(self):
        self.issues = []
        self.tracker = Tracker("ai_chatbot", self.proxy.url, self.key, on_error=self.issues.append, **FAST)

    def tearDown(self):
        self.proxy.restore() if self.proxy._listener is None else None
        self.tracker.stop(5)

    def expect(self, session_id, events):
        """Says what the service must hold for this session, and checks it here when the service is the stub."""
        path = os.environ.get("CS_ANALYTICS_TEST_EXPECT")
        if path:
            with open(path, "a") as f:
                f.write(json.dumps({"sessionId": session_id, "events": events}) + "\n")
        if self.stub:
            stored = [e for e in self.stub.events.values() if e.get("sessionId") == session_id]
            self.assertEqual(len(stored), events)

    def conversation(self, session_id, turns):
        self.tracker.track("session.start", {"customerId": "py"}, session_id=session_id, channel="web")
        for i in range(turns):
            self.tracker.track("message.user", {"length": 10 + i}, session_id=session_id)
            self.tracker.track("message.ai", {"responseTimeMs": 500 + i, "model": "doubao"}, session_id=session_id)
        return 1 + 2 * turns

    def test_events_arrive_once(self):
        sid = "py-%s-once" % RUN
        n = self.conversation(sid, 20)
        self.assertTrue(self.tracker.flush(10))
        stats = self.tracker.stats()
        self.assertEqual((stats["written"], stats["duplicates"], sum(stats["dropped"].values())), (n, 0, 0))
        self.expect(sid, n)

    def test_the_service_down_for_seconds_loses_nothing_and_duplicates_nothing(self):
        sid = "py-%s-outage" % RUN
        n = self.conversation(sid, 5)
        self.assertTrue(self.tracker.flush(10))
        self.proxy.cut()
        down_until = time.monotonic() + 3
        while time.monotonic() < down_until:
            self.tracker.track("message.user", {"length": n}, session_id=sid)
            n += 1
            time.sleep(0.02)
        self.assertGreater(self.tracker.stats()["retried"], 0)
        self.proxy.restore()
        n += self.conversation(sid + "-after", 2)
        self.assertTrue(self.tracker.flush(30))
        stats = self.tracker.stats()
        self.assertEqual(sum(stats["dropped"].values()), 0)
        self.assertEqual(stats["written"] + stats["duplicates"], n)
        self.assertEqual(stats["enqueued"], n)
        self.assertTrue(any(i["kind"] == "send_error" for i in self.issues))
        self.expect(sid + "-after", 5)
        self.expect(sid, n - 5)

    def test_sync_mode_stores_each_event_before_track_returns(self):
        self.tracker.stop(1)
        self.tracker = Tracker("ai_chatbot", self.proxy.url, self.key, on_error=self.issues.append, sync_mode=True, **FAST)
        sid = "py-%s-sync" % RUN
        n = self.conversation(sid, 3)
        stats = self.tracker.stats()
        self.assertEqual((stats["enqueued"], stats["written"], stats["queued"]), (n, n, 0))
        self.expect(sid, n)

    def test_a_full_queue_counts_its_drops(self):
        self.tracker.stop(1)
        self.tracker = Tracker("ai_chatbot", self.proxy.url, self.key, on_error=self.issues.append, max_queue_events=20, **FAST)
        sid = "py-%s-full" % RUN
        self.proxy.cut()
        for i in range(50):
            self.tracker.track("message.user", {"length": i}, session_id=sid)
        stats = self.tracker.stats()
        self.assertEqual(stats["dropped"]["queue_full"], 30)
        self.proxy.restore()
        self.assertTrue(self.tracker.flush(30))
        stats = self.tracker.stats()
        self.assertEqual(stats["written"] + stats["duplicates"], 20)
        self.assertEqual(stats["enqueued"], stats["written"] + stats["duplicates"] + 30)
        self.tracker.stop(1)
        reported = sum(i.get("counts", {}).get("queue_full", 0) for i in self.issues)
        self.assertEqual(reported, 30)
        self.expect(sid, 20)


if __name__ == "__main__":
    unittest.main()
