"""How long to wait before trying a failed thing again."""


def backoff_seconds(attempt: int, base: float = 0.25, ceiling: float = 30.0) -> float:
    """Exponential backoff: 0.5 s, 1 s, 2 s … capped, for attempt 1, 2, 3 …"""
    return min(base * 2**attempt, ceiling)
