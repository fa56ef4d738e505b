"""`dadres run` and `dadres migrate`: the two things an operator does."""

import argparse
import asyncio
import logging
import signal
import sys

from bot.settings import WEBHOOK_URL_NEEDED, SettingsError, load_settings
from storage.migrate import upgrade_sync


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `dadres` console script and of `python -m bot`."""
    parser = argparse.ArgumentParser(prog="dadres", description="Dadres complaints bot")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="apply migrations, then serve Telegram updates")
    run.add_argument("--webhook", action="store_true", help="receive updates by webhook")
    commands.add_parser("migrate", help="create or upgrade the database schema")
    args = parser.parse_args(argv)
    try:
        settings, categories = load_settings()
        if args.command == "run":
            settings.token()
            if args.webhook and not settings.webhook_url:
                raise SettingsError(WEBHOOK_URL_NEEDED)
    except SettingsError as error:
        for line in str(error).splitlines():
            print(f"dadres: {line}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    upgrade_sync(settings.database_url)
    if args.command == "migrate":
        print("dadres: the database schema is up to date")
        return 0
    from bot.runner import serve

    asyncio.run(serve(settings, categories, webhook=args.webhook, signals=_signals()))
    return 0


def _signals() -> tuple[signal.Signals, ...]:
    return (signal.SIGINT, signal.SIGTERM)
