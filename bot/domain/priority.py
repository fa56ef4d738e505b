"""How urgent a complaint is; the keys are stored, the labels live in locales."""

from enum import StrEnum


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"
