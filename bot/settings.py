"""Configuration from the environment and an optional .env file, checked once at start."""

import re
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.domain.categories import Categories, CategoryError, load_categories
from bot.domain.response_policy import DAY_NAMES, PolicyError, ResponsePolicy, load_policy

WEBHOOK_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")
WEBHOOK_URL_NEEDED = "WEBHOOK_URL: needed with --webhook (the public https URL)"


class SettingsError(Exception):
    """Settings cannot be used; each line of the message names one problem."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_url: str | None = None
    database_url: str = "sqlite+aiosqlite:///dadres.sqlite3"
    redis_url: str | None = None
    organisation_name: str = "Dadres"
    organisation_name_fa: str = "دادرس"
    categories_file: Path | None = None
    policy_file: Path | None = None
    sweep_seconds: int = Field(default=30, ge=1, le=3600)
    timezone: str = "Asia/Tehran"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_path: str = "/telegram/webhook"
    telegram_rate_limit: bool = True
    log_level: str = "INFO"
    log_format: str = "text"
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_host: str = "127.0.0.1"
    staff_chat_id: int | None = None
    supervisor_ids: str = ""
    staff_language: str = "fa"
    show_staff_names: bool = False
    # Complaints finished longer ago than this are anonymised by the daily tidy.
    retention_days: int = Field(default=730, ge=1, le=36500)
    week_start: str = "saturday"

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/") if value else value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None  # an empty line in .env means "not set": one is generated
        if not WEBHOOK_SECRET_SHAPE.fullmatch(value.get_secret_value()):
            raise ValueError(
                "must be 1 to 256 characters, each A-Z, a-z, 0-9, _ or - (all Telegram accepts);"
                " leave it unset to have a random one generated at each start"
            )
        return value

    @field_validator("supervisor_ids")
    @classmethod
    def _id_list(cls, value: str) -> str:
        parts = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
        if not all(part.lstrip("-").isdigit() for part in parts):
            raise ValueError("must be Telegram user ids separated by commas, e.g. 1234,5678")
        return ",".join(parts)

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value.lower() not in ("text", "json"):
            raise ValueError("must be text or json")
        return value.lower()

    @field_validator("staff_language")
    @classmethod
    def _staff_language(cls, value: str) -> str:
        if value not in ("fa", "en"):
            raise ValueError("must be fa or en")
        return value

    @field_validator("week_start")
    @classmethod
    def _week_day(cls, value: str) -> str:
        if value.strip().lower() not in DAY_NAMES:
            raise ValueError(f"{value!r} is not a day name such as saturday")
        return value.strip().lower()

    @field_validator("staff_chat_id")
    @classmethod
    def _group_id(cls, value: int | None) -> int | None:
        if value is not None and value >= 0:
            raise ValueError("must be a group's id, which is negative (send /chatid in the group)")
        return value

    @property
    def supervisors(self) -> frozenset[int]:
        """Telegram ids of the supervisors."""
        return frozenset(int(part) for part in self.supervisor_ids.split(",") if part)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone (e.g. Asia/Tehran)") from None
        return value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            number, _, secret = value.get_secret_value().partition(":")
            if not number.isdigit() or not secret:
                raise ValueError("looks wrong: a token is like 123456789:AA… (from @BotFather)")
        return value

    @cached_property
    def policy(self) -> ResponsePolicy:
        """Response-time targets, working hours and timers (POLICY_FILE or the shipped one)."""
        return load_policy(self.policy_file, self.zone)

    @property
    def retention(self) -> timedelta:
        """How long a finished complaint keeps its personal data (RETENTION_DAYS)."""
        return timedelta(days=self.retention_days)

    @property
    def zone(self) -> ZoneInfo:
        """The organisation's time zone."""
        return ZoneInfo(self.timezone)

    def token(self) -> str:
        """The bot token, or a clear error saying where to get one."""
        if self.bot_token is None:
            raise SettingsError(
                "BOT_TOKEN: not set. Create a bot with @BotFather in Telegram (/newbot) and put "
                "its token in BOT_TOKEN (environment or .env)."
            )
        return self.bot_token.get_secret_value()


def load_settings(**overrides: object) -> tuple[Settings, Categories]:
    """Read settings and categories, turning every problem into one readable line."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            name = ".".join(str(part) for part in problem["loc"]).upper() or "SETTINGS"
            lines.append(f"{name}: {problem['msg'].removeprefix('Value error, ')}")
        raise SettingsError("\n".join(lines)) from None
    try:
        categories = load_categories(settings.categories_file)
        settings.policy  # noqa: B018  (read now, so a bad policy file stops the start)
    except (CategoryError, PolicyError) as error:
        raise SettingsError(str(error)) from None
    return settings, categories
