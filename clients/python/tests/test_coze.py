"""coze_usage(): Coze's chat object or completed stream event, in Coze's own wire format, as llm.usage data."""

import client_path  # noqa: F401  (before cs_analytics)
import json
import unittest
from types import SimpleNamespace

from cs_analytics import coze_usage

CHAT = {
    "id": "7382159487131697202",
    "conversation_id": "7381473525342978089",
    "bot_id": "7379462189365198898",
    "completed_at": 1718792949,
    "created_at": 1718792945,
    "last_error": {"code": 0, "msg": ""},
    "status": "completed",
    "usage": {"token_count": 633, "output_count": 19, "input_count": 614},
}
EXPECTED = {
    "usageId": "coze:7382159487131697202",
    "botId": "7379462189365198898",
    "inputTokens": 614,
    "outputTokens": 19,
    "conversationId": "7381473525342978089",
}
ZERO = {"token_count": 0, "output_count": 0, "input_count": 0}


def sse(event, data):
    return "event:%s\ndata:%s\n\n" % (event, json.dumps(data, separators=(",", ":")))


class CozeUsage(unittest.TestCase):
    def test_a_completed_chat_object(self):
        self.assertEqual(coze_usage(CHAT), EXPECTED)

    def test_a_retrieve_answer_as_is(self):
        self.assertEqual(coze_usage({"code": 0, "msg": "", "data": CHAT}), EXPECTED)

    def test_the_completed_stream_event_in_every_shape(self):
        text = sse("conversation.chat.completed", CHAT)
        self.assertEqual(coze_usage(text), EXPECTED)
        self.assertEqual(coze_usage(text.encode()), EXPECTED)
        self.assertEqual(coze_usage({"event": "conversation.chat.completed", "data": CHAT}), EXPECTED)
        self.assertEqual(coze_usage({"event": "conversation.chat.completed", "data": json.dumps(CHAT)}), EXPECTED)

    def test_cozepy_objects(self):
        usage = SimpleNamespace(token_count=633, output_count=19, input_count=614)
        chat = SimpleNamespace(
            id=CHAT["id"], conversation_id=CHAT["conversation_id"], bot_id=CHAT["bot_id"],
            status=SimpleNamespace(value="completed"), usage=usage,
        )
        event = SimpleNamespace(event=SimpleNamespace(value="conversation.chat.completed"), chat=chat, message=None)
        self.assertEqual(coze_usage(event), EXPECTED)
        self.assertEqual(coze_usage(chat), EXPECTED)

    def test_nothing_before_completion_or_after_failure(self):
        for status in ("created", "in_progress", "requires_action", "canceled"):
            self.assertIsNone(coze_usage(dict(CHAT, status=status, usage=ZERO)), status)
        failed = dict(CHAT, status="failed", last_error={"code": 5000, "msg": "event interval error"}, usage=ZERO)
        self.assertIsNone(coze_usage(failed))
        self.assertIsNone(coze_usage(sse("conversation.chat.failed", failed)))
        self.assertIsNone(coze_usage(sse("conversation.chat.in_progress", dict(CHAT, status="in_progress", usage=ZERO))))
        self.assertIsNone(coze_usage('event:done\ndata:"[DONE]"\n\n'))
        self.assertIsNone(coze_usage({"event": "conversation.message.delta", "data": {"content": "hi"}}))

    def test_a_model_the_caller_knows_is_recorded(self):
        self.assertEqual(coze_usage(CHAT, model="doubao-pro-32k")["model"], "doubao-pro-32k")

    def test_a_continued_chat_keeps_its_usage_key(self):
        again = dict(CHAT, usage={"token_count": 900, "output_count": 40, "input_count": 860})
        self.assertEqual(coze_usage(again)["usageId"], coze_usage(CHAT)["usageId"])

    def test_never_raises(self):
        for junk in (None, 42, "garbage", b"\xff", {"event": None}, [], {"status": "completed"}):
            self.assertIsNone(coze_usage(junk))


if __name__ == "__main__":
    unittest.main()
