"""The event catalog (docs/events.md) as the client checks it: names, required envelope fields, required data keys.

The service validates every event in full; the client only refuses what is cheap to spot (an unknown name, a
missing required field), so a typo shows up in the product's own stats and logs, not only on the server.
"""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, Mapping, Optional, Tuple

#: Envelope keyword arguments of ``track()`` and their names on the wire.
ENVELOPE_KEYS: Dict[str, str] = {
    "agent_id": "agentId",
    "channel": "channel",
    "occurred_at": "occurredAt",
    "event_id": "id",
    "product": "product",
}

#: name -> (envelope fields it requires besides what track() takes positionally, data keys it requires)
#: ``session_id`` is checked through REQUIRES_SESSION.
CATALOG: Dict[str, Tuple[Tuple[str, ...], Tuple[str, ...]]] = {
    "session.start": (("channel",), ()),
    "message.user": ((), ()),
    "message.ai": ((), ("responseTimeMs",)),
    "session.transfer": ((), ()),
    "message.agent": (("agent_id",), ()),
    "session.end": ((), ()),
    "session.rated": ((), ("score",)),
    "order.query": ((), ("found",)),
    "tracking.query": ((), ("found",)),
    "agent.login": (("agent_id",), ()),
    "agent.logout": (("agent_id",), ()),
    "agent.status_change": (("agent_id",), ("status",)),
    "llm.usage": ((), ("usageId", "inputTokens", "outputTokens")),
}

REQUIRES_SESSION: FrozenSet[str] = frozenset(
    [
        "session.start",
        "message.user",
        "message.ai",
        "session.transfer",
        "message.agent",
        "session.end",
        "session.rated",
        "order.query",
        "tracking.query",
    ]
)


def check_event(name: Any, data: Any, session_id: Optional[str], envelope: Mapping[str, Any]) -> Optional[str]:
    """Returns None when the event may be sent, or the message naming what is wrong (never raises)."""
    entry = CATALOG.get(name)
    if entry is None:
        return "name: unknown event name %r" % (name,)
    if session_id is None and name in REQUIRES_SESSION:
        return "session_id: required for %s" % name
    required_envelope, required_data = entry
    for key in required_envelope:
        if not envelope.get(key):
            return "%s: required for %s" % (key, name)
    if type(data) is not dict:
        return "data: expected a dict"
    for key in required_data:
        if key not in data:
            return "data.%s: required for %s" % (key, name)
    if name == "llm.usage" and "model" not in data and "botId" not in data:
        return "data.model: model or botId is required for llm.usage"
    for key in envelope:
        if key not in ENVELOPE_KEYS:
            return "%s: unknown envelope field (use %s)" % (key, ", ".join(sorted(ENVELOPE_KEYS)))
    return None
