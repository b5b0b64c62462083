"""Tracker against the stub service: batching, retries with the same ids, bounded queue, stop and stats."""

import client_path  # (before cs_analytics)
import logging
import os
import subprocess
import sys
import time
import unittest
from datetime import datetime, timezone

from cs_analytics import Tracker
from cs_analytics.options import Options

from stub_server import StubIngest

QUIET = logging.getLogger("cs_analytics.test")
QUIET.addHandler(logging.NullHandler())
QUIET.propagate = False  # the hook sees every report; the test output stays readable
FAST = {"flush_interval_ms": 50, "backoff_base_ms": 10, "backoff_cap_ms": 50}


def balanced(stats):
    dropped = sum(stats["dropped"].values())
    return stats["enqueued"] == stats["written"] + stats["duplicates"] + dropped + stats["queued"]


class TrackerCase(unittest.TestCase):
    def setUp(self):
        self.stub = StubIngest()
        self.issues = []
        self.trackers = []

    def tearDown(self):
        for t in self.trackers:
            t.stop(1)
        self.stub.stop()

    def tracker(self, url=None, **options):
        opts = dict(FAST, on_error=self.issues.append, logger=QUIET)
        opts.update(options)
        t = Tracker("ai_chatbot", url or self.stub.url, self.stub.api_key, **opts)
        self.trackers.append(t)
        return t


class Sending(TrackerCase):
    def test_stamps_and_sends_each_event_once(self):
        t = self.tracker()
        before = datetime.now(timezone.utc)
        t.track("session.start", {"customerId": "c1"}, session_id="s1", channel="web")
        t.track("agent.status_change", {"status": "busy"}, agent_id="a1")
        self.assertTrue(t.flush(5))
        events = sorted(self.stub.events.values(), key=lambda e: e["name"])
        self.assertEqual([e["name"] for e in events], ["agent.status_change", "session.start"])
        start = events[1]
        self.assertEqual(start["sessionId"], "s1")
        self.assertEqual(start["channel"], "web")
        self.assertEqual(start["product"], "ai_chatbot")
        self.assertEqual(start["data"], {"customerId": "c1"})
        stamped = datetime.strptime(start["occurredAt"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        self.assertLess(abs((stamped - before).total_seconds()), 2)
        self.assertEqual(events[0]["agentId"], "a1")
        self.assertEqual(t.stats()["written"], 2)

    def test_keeps_an_explicit_id_time_and_product(self):
        t = self.tracker()
        at = datetime(2026, 3, 10, 10, 0, 0, 123000, tzinfo=timezone.utc)
        t.track("message.user", {}, session_id="s1", event_id="0190e2b4-0000-7000-8000-000000000001", occurred_at=at, product="other")
        t.flush(5)
        (event,) = self.stub.events.values()
        self.assertEqual(event["id"], "0190e2b4-0000-7000-8000-000000000001")
        self.assertEqual(event["occurredAt"], "2026-03-10T10:00:00.123Z")
        self.assertEqual(event["product"], "other")

    def test_a_full_batch_is_sent_before_the_interval(self):
        t = self.tracker(batch_size=10, flush_interval_ms=60_000)
        for i in range(25):
            t.track("message.user", {"length": i}, session_id="s1")
        deadline = time.monotonic() + 5
        while len(self.stub.events) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertGreaterEqual(len(self.stub.events), 20)
        self.assertTrue(t.flush(5))
        self.assertEqual(len(self.stub.events), 25)

    def test_the_environment_sets_batch_size_and_interval(self):
        opts = Options({}, env={"ANALYTICS_BUFFER_SIZE": "50", "ANALYTICS_FLUSH_INTERVAL_MS": "250"})
        self.assertEqual((opts.batch_size, opts.flush_interval_ms), (50, 250))
        self.assertEqual(Options({"batch_size": 7}, env={"ANALYTICS_BUFFER_SIZE": "50"}).batch_size, 7)
        with self.assertRaisesRegex(ValueError, "ANALYTICS_FLUSH_INTERVAL_MS"):
            Options({}, env={"ANALYTICS_FLUSH_INTERVAL_MS": "soon"})
        with self.assertRaisesRegex(ValueError, "bacth_size: unknown option"):
            Options({"bacth_size": 1}, env={})


class NeverRaises(TrackerCase):
    def test_bad_calls_are_counted_and_reported_not_raised(self):
        t = self.tracker()
        t.track("session.begin", {}, session_id="s1")
        t.track("session.start", {}, session_id="s1")  # no channel
        t.track("message.ai", {"responseTimeMs": object()}, session_id="s1")  # not JSON
        t.track("message.user", {}, session_id="s1", occurred_at=42)
        t.track("message.user", {}, session_id="s1", sesion="typo")
        t.track(None, None)
        t.flush(5)
        stats = t.stats()
        self.assertEqual(stats["invalid"], 6)
        self.assertEqual(stats["enqueued"], 0)
        self.assertIn("invalid", stats["last_error"]["message"])
        t.stop(1)
        self.assertTrue(any(i["kind"] == "dropped" and i["counts"].get("invalid") == 6 for i in self.issues), self.issues)

    def test_after_stop_is_counted(self):
        t = self.tracker()
        t.stop(1)
        t.track("message.user", {}, session_id="s1")
        self.assertEqual(t.stats()["after_stop"], 1)


class Retries(TrackerCase):
    def test_transient_failures_are_retried_with_the_same_ids(self):
        self.stub.fail_next = [503, 429, 500]
        t = self.tracker()
        for i in range(5):
            t.track("message.user", {"length": i}, session_id="s1")
        self.assertTrue(t.flush(10))
        stats = t.stats()
        self.assertEqual((stats["written"], stats["duplicates"]), (5, 0))
        self.assertEqual(stats["retried"], 15)
        self.assertEqual(len(self.stub.events), 5)
        self.assertTrue(balanced(stats))

    def test_a_lost_answer_is_retried_and_counted_as_duplicates_not_twice(self):
        self.stub.lose_answers = 1
        t = self.tracker()
        for i in range(4):
            t.track("message.user", {"length": i}, session_id="s1")
        self.assertTrue(t.flush(10))
        stats = t.stats()
        self.assertEqual(len(self.stub.events), 4)
        self.assertEqual((stats["written"], stats["duplicates"]), (0, 4))
        self.assertTrue(balanced(stats))

    def test_a_refused_batch_is_dropped_and_reported(self):
        self.stub.fail_next = [400]
        t = self.tracker()
        t.track("message.user", {}, session_id="s1")
        t.flush(5)
        t.stop(1)
        self.assertEqual(t.stats()["dropped"]["store_rejected"], 1)
        self.assertTrue(any(i["kind"] == "send_error" and "HTTP 400" in i["message"] for i in self.issues))

    def test_a_batch_too_large_is_halved(self):
        self.stub.fail_next = [413]
        t = self.tracker()
        for i in range(6):
            t.track("message.user", {"length": i}, session_id="s1")
        self.assertTrue(t.flush(5))
        self.assertEqual(t.stats()["written"], 6)
        self.assertEqual(self.stub.requests, 3)


class Bounds(TrackerCase):
    def test_a_full_queue_counts_its_drops_by_reason(self):
        self.stub.stop()  # down: nothing leaves the queue
        t = self.tracker(max_queue_events=10, flush_interval_ms=60_000)
        for i in range(15):
            t.track("message.user", {"length": i}, session_id="s1")
        stats = t.stats()
        self.assertEqual(stats["dropped"]["queue_full"], 5)
        self.assertEqual(stats["queued"], 10)
        self.assertTrue(balanced(stats))
        report = t.stop(0.2)
        self.assertEqual(report["abandoned"], 10)
        self.assertEqual(report["stats"]["dropped"], {"queue_full": 5, "queue_bytes": 0, "store_rejected": 0, "shutdown": 10, "send_failed": 0})
        self.assertTrue(balanced(report["stats"]))
        reported = {}
        for issue in self.issues:
            for reason, n in issue.get("counts", {}).items():
                reported[reason] = reported.get(reason, 0) + n
        self.assertEqual(reported, {"queue_full": 5, "shutdown": 10})

    def test_the_queue_is_bounded_in_bytes_too(self):
        self.stub.stop()
        t = self.tracker(max_queue_bytes=4096, flush_interval_ms=60_000)
        for _ in range(10):
            t.track("message.user", {"text": "x" * 1000}, session_id="s1")
        stats = t.stats()
        self.assertGreater(stats["dropped"]["queue_bytes"], 0)
        self.assertLessEqual(stats["queue_bytes"], 4096)
        self.assertTrue(balanced(stats))

    def test_stop_with_the_service_up_sends_everything(self):
        t = self.tracker(flush_interval_ms=60_000)
        for i in range(300):
            t.track("message.user", {"length": i}, session_id="s%d" % (i % 7))
        report = t.stop(5)
        self.assertTrue(report["drained"])
        self.assertEqual(report["stats"]["written"], 300)
        self.assertEqual(len(self.stub.events), 300)
        self.assertEqual(t.stop(5), report)


class AtExit(TrackerCase):
    def test_the_interpreter_exit_sends_what_is_queued(self):
        program = (
            "import sys; sys.path.insert(0, %r)\n"
            "from cs_analytics import init_tracker\n"
            "t = init_tracker('ai_chatbot', %r, %r, flush_interval_ms=3600000)\n"
            "for i in range(7): t.track('message.user', {'length': i}, session_id='exit')\n"
        ) % (client_path.ROOT, self.stub.url, self.stub.api_key)
        subprocess.run([sys.executable, "-c", program], check=True, timeout=30)
        self.assertEqual(len(self.stub.events), 7)


class Fork(TrackerCase):
    @unittest.skipUnless(hasattr(os, "fork"), "needs os.fork")
    def test_a_forked_child_sends_its_own_events_and_the_parent_its_own(self):
        t = self.tracker(flush_interval_ms=3_600_000)
        for _ in range(3):
            t.track("message.user", {}, session_id="parent")
        pid = os.fork()
        if pid == 0:  # the child: an empty queue, its own sender thread
            code = 1
            try:
                for _ in range(2):
                    t.track("message.user", {}, session_id="child")
                code = 0 if t.flush(5) and t.stats()["written"] == 2 else 3
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.WEXITSTATUS(status), 0)
        self.assertTrue(t.flush(5))
        self.assertEqual(sorted(e["sessionId"] for e in self.stub.events.values()), ["child"] * 2 + ["parent"] * 3)


if __name__ == "__main__":
    unittest.main()
