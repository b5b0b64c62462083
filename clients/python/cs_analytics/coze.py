"""Coze token usage as an ``llm.usage`` event: from Coze's chat object (non-streamed, after polling) or its
``conversation.chat.completed`` stream event, taken as is (dict, JSON text, raw SSE lines or cozepy objects)."""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

COMPLETED_EVENT = "conversation.chat.completed"


def coze_usage(chat_or_event: Any, model: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """The ``llm.usage`` data of a completed Coze chat, or None when it carries no final usage (created,
    in_progress, failed, requires_action, canceled, or another stream event).

    The usage key is ``coze:<chat_id>``: a chat continued after ``requires_action`` completes again under the
    same id, and the service counts that key once (the completion's figures are authoritative). Coze reports
    no model, so the bot id prices it; pass ``model`` when you know the bot's model.

        usage = coze_usage(chat)
        if usage:
            tracker.track("llm.usage", usage, session_id=sid)
    """
    try:
        chat = _chat_of(chat_or_event)
        if chat is None or _text(_get(chat, "status")) != "completed":
            return None
        usage = _get(chat, "usage")
        chat_id = _get(chat, "id")
        bot_id = _get(chat, "bot_id")
        if usage is None or not chat_id or (not bot_id and not model):
            return None
        data: Dict[str, Any] = {
            "usageId": "coze:%s" % chat_id,
            "inputTokens": int(_get(usage, "input_count") or 0),
            "outputTokens": int(_get(usage, "output_count") or 0),
        }
        if bot_id:
            data["botId"] = str(bot_id)
        if model:
            data["model"] = model
        conversation = _get(chat, "conversation_id")
        if conversation:
            data["conversationId"] = str(conversation)
        return data
    except Exception:  # whatever shape arrived, this helper never raises into the product
        return None


def _chat_of(value: Any) -> Any:
    """The chat object inside whatever was passed, or None when it is a stream event other than completed."""
    if isinstance(value, (bytes, bytearray)):
        value = value.decode("utf-8")
    if isinstance(value, str):
        return _chat_of_text(value)
    event = _get(value, "event")
    if event is not None:  # a stream event: {"event": ..., "data": ...} or cozepy's ChatEvent(event, chat)
        if _text(event) != COMPLETED_EVENT:
            return None
        inner = _get(value, "chat")
        if inner is None:
            inner = _get(value, "data")
        return _chat_of(inner)
    inner = _get(value, "data")  # a whole API answer: {"code": 0, "data": {chat}}
    if inner is not None and _get(value, "status") is None:
        return _chat_of(inner)
    return value


def _chat_of_text(text: str) -> Any:
    stripped = text.strip()
    if stripped.startswith("{"):
        return _chat_of(json.loads(stripped))
    event, data = None, None
    for line in stripped.splitlines():  # SSE: "event:<name>" and "data:<json>" lines
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data = line[5:].strip()
    if event != COMPLETED_EVENT or data is None:
        return None
    return json.loads(data)


def _get(obj: Any, key: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(key)
    return getattr(obj, key, None)


def _text(value: Any) -> Optional[str]:
    """An enum's value (cozepy's ChatStatus / ChatEventType) or a plain string."""
    if value is None:
        return None
    return str(getattr(value, "value", value))
