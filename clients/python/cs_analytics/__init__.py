"""cs_analytics: the standard-library client of the cs-analytics service for Python products.

    from cs_analytics import init_tracker
    tracker = init_tracker("ai_chatbot", "http://analytics:8002", api_key)
    tracker.track("session.start", {"customerId": "c42"}, session_id=sid, channel="web")
"""

from .coze import coze_usage
from .registry import get_tracker, init_tracker, stop_all
from .reports import DROP_REASONS, Issue, LastError, Stats, StopReport
from .tracker import Tracker, __version__

__all__ = [
    "init_tracker",
    "get_tracker",
    "stop_all",
    "Tracker",
    "coze_usage",
    "DROP_REASONS",
    "Issue",
    "LastError",
    "Stats",
    "StopReport",
    "__version__",
]
