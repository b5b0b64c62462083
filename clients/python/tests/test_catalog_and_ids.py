"""What track() checks on the caller's thread, and the ids and timestamps it stamps."""

import client_path  # noqa: F401  (before cs_analytics)
import re
import time
import unittest

from cs_analytics.catalog import check_event
from cs_analytics.ids import iso_utc, uuid7

UUID7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


class CheckEvent(unittest.TestCase):
    def test_accepts_a_complete_event(self):
        self.assertIsNone(check_event("session.start", {"customerId": "c1"}, "s1", {"channel": "web"}))
        self.assertIsNone(check_event("llm.usage", {"usageId": "coze:1", "botId": "b", "inputTokens": 1, "outputTokens": 2}, None, {}))

    def test_names_what_is_missing(self):
        self.assertEqual(check_event("session.begin", {}, "s1", {}), "name: unknown event name 'session.begin'")
        self.assertEqual(check_event("session.start", {}, "s1", {}), "channel: required for session.start")
        self.assertEqual(check_event("message.ai", {}, None, {}), "session_id: required for message.ai")
        self.assertEqual(check_event("message.ai", {}, "s1", {}), "data.responseTimeMs: required for message.ai")
        self.assertEqual(check_event("agent.login", {}, None, {}), "agent_id: required for agent.login")
        self.assertEqual(check_event("message.agent", {}, "s1", {}), "agent_id: required for message.agent")
        self.assertEqual(check_event("session.rated", [], "s1", {}), "data: expected a dict")
        self.assertIn("model or botId", check_event("llm.usage", {"usageId": "u", "inputTokens": 1, "outputTokens": 1}, None, {}))
        self.assertIn("sessionId: unknown envelope field", check_event("message.user", {}, "s1", {"sessionId": "x"}))


class Ids(unittest.TestCase):
    def test_uuid7_carries_its_millisecond_and_version(self):
        ms = 1_773_136_800_123
        value = uuid7(ms)
        self.assertRegex(value, UUID7)
        self.assertEqual(int(value.replace("-", "")[:12], 16), ms)

    def test_uuid7_are_unique_and_time_ordered(self):
        ids = [uuid7(1_000 + i // 100) for i in range(10_000)]
        self.assertEqual(len(set(ids)), len(ids))
        self.assertEqual([i[:13] for i in ids], sorted(i[:13] for i in ids))

    def test_iso_utc_has_milliseconds_and_z(self):
        self.assertEqual(iso_utc(1_773_136_800_123), "2026-03-10T10:00:00.123Z")
        self.assertEqual(iso_utc(1_773_136_801_004), "2026-03-10T10:00:01.004Z")
        self.assertEqual(iso_utc(int(time.time() * 1000))[:4], time.strftime("%Y", time.gmtime()))


if __name__ == "__main__":
    unittest.main()
