"""The options a posthog-python user expects: debug, sync_mode, disabled, the context manager, shutdown(), and
Retry-After honoured even beyond the backoff cap; against the stub service."""

import client_path  # (before cs_analytics)
import logging
import subprocess
import sys
import threading
import time
import unittest
from email.utils import formatdate

from cs_analytics import Tracker
from cs_analytics.options import Options
from test_tracker import FAST, QUIET, TrackerCase, balanced


class ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def sender_threads(product):
    return [t for t in threading.enumerate() if t.name == "cs-analytics-" + product and t.is_alive()]


class Debug(TrackerCase):
    def captured(self, name):
        """A logger of its own whose lines the test reads (not propagated: the test output stays clean)."""
        log = logging.getLogger(name)
        log.propagate = False
        handler = ListHandler()
        log.addHandler(handler)
        self.addCleanup(log.removeHandler, handler)
        return log, handler

    def test_logs_each_enqueue_each_batch_with_its_counts_and_status_and_each_retry_with_its_delay(self):
        log, handler = self.captured("cs_analytics.test.debug")
        self.stub.fail_next = [(503, "0.2")]
        t = self.tracker(debug=True, logger=log)
        t.track("message.user", {"length": 1}, session_id="s1")
        t.track("message.user", {"length": 2}, session_id="s1")
        self.assertTrue(t.flush(5))
        lines = "\n".join(handler.lines)
        self.assertEqual(log.level, logging.DEBUG)
        self.assertRegex(lines, r"enqueued message\.user [0-9a-f-]{36} \(1 queued\)")
        self.assertRegex(lines, r"batch of 2 failed: HTTP 503: told to fail; retry 1 in 0\.2\d* s \(Retry-After 0\.2 s\)")
        self.assertRegex(lines, r"batch of 2 sent: HTTP 200, accepted 2, duplicates 0, rejected 0")

    def test_without_debug_nothing_is_logged_at_debug(self):
        log, handler = self.captured("cs_analytics.test.quiet")
        t = self.tracker(logger=log)
        t.track("message.user", {}, session_id="s1")
        self.assertTrue(t.flush(5))
        self.assertEqual(handler.lines, [])

    def test_prints_to_stderr_when_logging_is_not_configured_and_leaves_the_root_logger_alone(self):
        program = (
            "import logging, sys; sys.path.insert(0, %r)\n"
            "from cs_analytics import Tracker\n"
            "t = Tracker('ai_chatbot', %r, %r, debug=True)\n"
            "t.track('message.user', {'length': 1}, session_id='dbg')\n"
            "t.shutdown(5)\n"
            "print('root handlers', len(logging.getLogger().handlers))\n"
        ) % (client_path.ROOT, self.stub.url, self.stub.api_key)
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=30)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("cs_analytics DEBUG cs_analytics ai_chatbot: enqueued message.user", done.stderr)
        self.assertIn("batch of 1 sent: HTTP 200, accepted 1", done.stderr)
        self.assertIn("stopped, drained=True", done.stderr)
        self.assertEqual(done.stdout.strip(), "root handlers 0")

    def test_adds_no_handler_when_logging_is_configured(self):
        _, handler = self.captured("cs_analytics.test.configured")
        child = logging.getLogger("cs_analytics.test.configured.child")
        t = self.tracker(debug=True, logger=child)
        t.track("message.user", {}, session_id="s1")
        self.assertTrue(t.flush(5))
        self.assertEqual(child.handlers, [])
        self.assertTrue(any("enqueued message.user" in line for line in handler.lines))

    def test_a_flag_that_is_not_a_bool_is_named(self):
        for flag in ("debug", "sync_mode", "disabled"):
            with self.assertRaisesRegex(ValueError, "^%s: expected True or False" % flag):
                Options({flag: "yes"}, env={})


class SyncMode(TrackerCase):
    def test_track_sends_on_the_callers_thread_before_it_returns_and_starts_no_thread(self):
        t = self.tracker(sync_mode=True, flush_interval_ms=3_600_000)
        self.assertEqual(sender_threads("ai_chatbot"), [])
        t.track("session.start", {"customerId": "c1"}, session_id="s1", channel="web")
        self.assertEqual([e["name"] for e in self.stub.events.values()], ["session.start"])
        t.track("message.user", {"length": 3}, session_id="s1")
        self.assertEqual(len(self.stub.events), 2)
        self.assertEqual(self.stub.requests, 2)
        stats = t.stats()
        self.assertEqual((stats["enqueued"], stats["written"], stats["queued"]), (2, 2, 0))
        self.assertTrue(t.flush(0))
        self.assertEqual(sender_threads("ai_chatbot"), [])

    def test_transient_failures_are_retried_on_the_callers_thread_with_the_same_id(self):
        self.stub.fail_next = [503, 429]
        t = self.tracker(sync_mode=True)
        t.track("message.user", {}, session_id="s1")
        self.assertEqual(self.stub.requests, 3)
        self.assertEqual(len(self.stub.events), 1)
        stats = t.stats()
        self.assertEqual((stats["written"], stats["retried"]), (1, 2))
        self.assertTrue(balanced(stats))

    def test_the_service_down_costs_at_most_the_request_timeout_and_the_event_is_counted_as_send_failed(self):
        self.stub.stop()
        t = self.tracker(sync_mode=True, request_timeout_ms=400)
        began = time.monotonic()
        t.track("message.user", {}, session_id="s1")  # never raises
        took = time.monotonic() - began
        self.assertLess(took, 1.0)  # 0.4 s and a margin for a busy machine
        stats = t.stats()
        self.assertEqual(stats["dropped"]["send_failed"], 1)
        self.assertGreater(stats["retried"], 0)
        self.assertTrue(balanced(stats))
        t.stop(1)
        self.assertTrue(any(i.get("counts", {}).get("send_failed") == 1 for i in self.issues), self.issues)

    def test_a_retry_after_beyond_the_request_timeout_drops_at_once_rather_than_block(self):
        self.stub.fail_next = [(429, "30")]
        t = self.tracker(sync_mode=True, request_timeout_ms=2000)
        began = time.monotonic()
        t.track("message.user", {}, session_id="s1")
        self.assertLess(time.monotonic() - began, 1.0)
        self.assertEqual(t.stats()["dropped"]["send_failed"], 1)
        self.assertEqual(self.stub.requests, 1)


class Disabled(TrackerCase):
    def test_track_does_nothing_counts_nothing_and_needs_no_url_key_or_thread(self):
        before = threading.active_count()
        t = Tracker("disabled_product", "", "", disabled=True, sync_mode=True, logger=QUIET)
        self.trackers.append(t)
        for i in range(1000):
            t.track("message.user", {"length": i}, session_id="s1")
        t.track("no.such.event", None)  # not even counted as invalid
        self.assertEqual(threading.active_count(), before)
        stats = t.stats()
        self.assertEqual(stats["enqueued"] + stats["invalid"] + stats["queued"] + sum(stats["dropped"].values()), 0)
        self.assertTrue(t.flush(0))
        report = t.shutdown(1)
        self.assertTrue(report["drained"])
        self.assertEqual(report["abandoned"], 0)
        self.assertEqual(self.stub.requests, 0)

    def test_disabled_still_checks_its_options(self):
        with self.assertRaisesRegex(ValueError, "batch_size: must be between"):
            Tracker("ai_chatbot", "", "", disabled=True, batch_size=0)


class ContextManager(TrackerCase):
    def test_leaving_the_block_sends_what_is_queued_and_stops(self):
        with self.tracker(flush_interval_ms=3_600_000) as t:
            for i in range(5):
                t.track("message.user", {"length": i}, session_id="s1")
            self.assertEqual(len(self.stub.events), 0)
        self.assertTrue(t.stopped)
        self.assertEqual(len(self.stub.events), 5)
        self.assertEqual(t.stats()["written"], 5)

    def test_an_exception_in_the_block_still_sends_and_stops_and_goes_on(self):
        with self.assertRaisesRegex(RuntimeError, "product bug"):
            with self.tracker(flush_interval_ms=3_600_000) as t:
                for i in range(3):
                    t.track("message.user", {"length": i}, session_id="s1")
                raise RuntimeError("product bug")
        self.assertTrue(t.stopped)
        self.assertEqual(len(self.stub.events), 3)


class Shutdown(TrackerCase):
    def test_shutdown_is_stop(self):
        self.assertIs(Tracker.shutdown, Tracker.stop)
        t = self.tracker(flush_interval_ms=3_600_000)
        for i in range(4):
            t.track("message.user", {"length": i}, session_id="s1")
        report = t.shutdown(5)
        self.assertEqual((report["drained"], report["stats"]["written"]), (True, 4))
        self.assertEqual(t.stop(5), report)
        t.track("message.user", {}, session_id="s1")
        self.assertEqual(t.stats()["after_stop"], 1)


class RetryAfter(TrackerCase):
    def assert_waited_then_delivered_once(self, failure, at_least):
        self.stub.fail_next = [failure]
        t = self.tracker(**dict(FAST, backoff_cap_ms=50))  # Retry-After must win over the cap
        for i in range(3):
            t.track("message.user", {"length": i}, session_id="s1")
        self.assertTrue(t.flush(10))
        self.assertEqual(self.stub.requests, 2)
        self.assertGreaterEqual(self.stub.arrivals[1] - self.stub.arrivals[0], at_least)
        self.assertEqual(len(self.stub.events), 3)
        stats = t.stats()
        self.assertEqual((stats["written"], stats["duplicates"], stats["retried"]), (3, 0, 3))

    def test_429_with_retry_after_seconds(self):
        self.assert_waited_then_delivered_once((429, "1"), 1.0)

    def test_503_with_retry_after_as_an_http_date(self):
        # An HTTP-date has whole seconds: "now + 2 s" written down is between 1 and 2 s away.
        self.assert_waited_then_delivered_once((503, formatdate(time.time() + 2, usegmt=True)), 0.95)


if __name__ == "__main__":
    unittest.main()
