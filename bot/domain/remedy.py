"""What a complainant can ask to be done; the keys are stored, the labels live in locales."""

from enum import StrEnum


class Remedy(StrEnum):
    REFUND = "refund"
    REPAIR = "repair"
    EXPLANATION = "explanation"
    COMPENSATION = "compensation"
    OTHER = "other"
    NONE = "none"
