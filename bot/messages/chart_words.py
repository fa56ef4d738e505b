"""What a report's charts say and what they come out as, apart from matplotlib, which the bot
loads only when the first report is drawn (it and numpy weigh about 40 MB)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChartWords:
    """Everything a chart writes, already in the reader's language."""

    lang: str
    status_title: str
    statuses: dict[str, str]
    category_title: str
    categories: dict[str, str]
    flow_title: str
    new: str
    closed: str
    bucket_labels: list[str]
    times_title: str
    first_response: str
    resolution: str
    median: str
    p90: str
    hours: str


@dataclass(frozen=True, slots=True)
class Chart:
    filename: str
    title: str
    png: bytes
