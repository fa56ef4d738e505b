"""The two languages Dadres speaks, and which one a person gets before they choose."""

LANGUAGES = ("fa", "en")
DEFAULT_LANGUAGE = "en"


def language_from_telegram(code: str | None) -> str:
    """Persian for Telegram clients set to Persian, English for everyone else."""
    return "fa" if code and code.lower().startswith("fa") else DEFAULT_LANGUAGE
