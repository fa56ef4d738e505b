"""`dadres`: run the bot, migrate, and the operator's toolbox (doctor, export, stats, parked,
backup). Each command's work lives in its own module; this file reads arguments and settings."""

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from bot.domain.categories import Categories
from bot.domain.clock import SystemClock
from bot.services.export import FORMATS, DateError, parse_day
from bot.settings import WEBHOOK_URL_NEEDED, Settings, SettingsError, load_settings
from bot.telemetry.logging_json import configure_logging
from storage.migrate import upgrade_sync

Command = Callable[[argparse.Namespace, Settings, Categories], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dadres", description="Dadres complaints bot")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="apply migrations, then serve Telegram updates")
    run.add_argument("--webhook", action="store_true", help="receive updates by webhook")
    commands.add_parser("migrate", help="create or upgrade the database schema")
    commands.add_parser("doctor", help="check the token, staff group, database and more")
    export = commands.add_parser("export", help="complaints filed in a date range, as a file")
    export.add_argument("--from", dest="first", required=True, type=_day, help="1405/09/01")
    export.add_argument("--to", dest="last", required=True, type=_day, help="2026-12-08")
    export.add_argument("--format", choices=FORMATS, default="csv")
    export.add_argument("--output", "-o", help="file to write (- for standard output)")
    export.add_argument(
        "--with-phones", action="store_true", help="include phone numbers (recorded)"
    )
    stats = commands.add_parser("stats", help="counts, overdue, median first response")
    stats.add_argument("--from", dest="first", type=_day, help="filed from this day")
    stats.add_argument("--to", dest="last", type=_day, help="filed up to this day")
    parked = commands.add_parser("parked", help="updates that failed three times")
    parked.add_argument("action", nargs="?", choices=["retry"], help="put one back")
    parked.add_argument("update_id", nargs="?", type=int, help="the update to retry")
    backup = commands.add_parser("backup", help="online copy of a SQLite database")
    backup.add_argument("target", type=Path, help="the new file")
    return parser


def _day(text: str) -> object:
    try:
        return parse_day(text)
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `dadres` console script and of `python -m bot`."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "parked" and args.action == "retry" and args.update_id is None:
        parser.error("parked retry needs the update's id (see `dadres parked`)")
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
    configure_logging(settings.log_level, settings.log_format)
    return COMMANDS[args.command](args, settings, categories)


def _run(args: argparse.Namespace, settings: Settings, categories: Categories) -> int:
    upgrade_sync(settings.database_url)
    from bot.doctor import log_summary
    from bot.runner import serve

    async def checked_then_served() -> None:
        await log_summary(settings, SystemClock().now())
        await serve(settings, categories, webhook=args.webhook, signals=_signals())

    asyncio.run(checked_then_served())
    return 0


def _migrate(args: argparse.Namespace, settings: Settings, categories: Categories) -> int:
    upgrade_sync(settings.database_url)
    print("dadres: the database schema is up to date")
    return 0


def _doctor(args: argparse.Namespace, settings: Settings, categories: Categories) -> int:
    from bot.doctor import Mark, diagnose

    logging.getLogger("alembic").setLevel(logging.WARNING)  # its "Context impl" lines
    findings = asyncio.run(diagnose(settings, SystemClock().now()))
    for finding in findings:
        print(finding.line)
    problems = sum(finding.mark is Mark.BAD for finding in findings)
    print(f"dadres: {problems} problems found" if problems else "dadres: all good")
    return 1 if problems else 0


def _export(args: argparse.Namespace, settings: Settings, categories: Categories) -> int:
    from bot import toolbox

    try:
        return asyncio.run(
            toolbox.export(
                settings, args.first, args.last, args.format, args.output, args.with_phones
            )
        )
    except DateError as error:
        print(f"dadres: {error}", file=sys.stderr)
        return 2


def _stats(args: argparse.Namespace, settings: Settings, categories: Categories) -> int:
    from bot import toolbox

    try:
        return asyncio.run(toolbox.stats(settings, args.first, args.last))
    except DateError as error:
        print(f"dadres: {error}", file=sys.stderr)
        return 2


def _parked(args: argparse.Namespace, settings: Settings, categories: Categories) -> int:
    from bot import toolbox

    if args.action == "retry":
        return asyncio.run(toolbox.retry(settings, args.update_id))
    return asyncio.run(toolbox.parked(settings))


def _backup(args: argparse.Namespace, settings: Settings, categories: Categories) -> int:
    from bot import toolbox

    return asyncio.run(toolbox.backup(settings, args.target))


COMMANDS: dict[str, Command] = {
    "run": _run,
    "migrate": _migrate,
    "doctor": _doctor,
    "export": _export,
    "stats": _stats,
    "parked": _parked,
    "backup": _backup,
}


def _signals() -> tuple[signal.Signals, ...]:
    return (signal.SIGINT, signal.SIGTERM)
