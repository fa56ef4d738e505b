"""Throughput and latency of the real Dadres intake against a bare aiogram echo bot.

Both bots run as subprocesses against one in-process FakeBotAPI each; N simulated people act
concurrently, each waiting for the bot's reply before the next update, like a person would.
Run: .venv/bin/python -m bench.intake_vs_echo --users 200 [--database-url URL] [--only dadres]
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import html
import math
import os
import random
import re
import resource
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from bench.echo_bot import BUTTON
from bot.domain.categories import load_categories
from bot.messages.i18n import Translator
from tests.fakes.bot_api import FakeBotAPI
from tests.processes import children_of

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:BENCH"
CODE = re.compile(r"\d{4}-\d{4}-\d{4}")
FIRST_USER_ID = 700_000_001
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
TRANSLATOR = Translator()
CATEGORIES = load_categories()
UNSET_FOR_BOT = ("REDIS_URL", "WEBHOOK_URL", "WEBHOOK_SECRET", "CATEGORIES_FILE")

Message = dict[str, Any]
Act = Callable[[FakeBotAPI, Message, Message | None], int]
Expect = Callable[[Message], bool]


@dataclass(frozen=True, slots=True)
class Step:
    """One user action and how to recognise the reply that lets the person go on."""

    act: Act
    expect: Expect
    label: str


@dataclass(slots=True)
class Result:
    """What one load phase measured; the numbers of the printed table."""

    name: str
    users: int
    completed: int = 0
    updates: int = 0
    wall: float = 0.0
    latencies: list[float] = field(default_factory=list)
    whole: list[float] = field(default_factory=list)
    peak_rss_kb: int | None = None
    bot_cpu: float | None = None
    child_cpu: float | None = None
    driver_cpu: float | None = None
    failures: dict[str, int] = field(default_factory=dict)
    failed_calls: int = 0
    calls: dict[str, int] = field(default_factory=dict)
    stray: int = 0
    exit_code: int | None = None
    log_tail: str = ""

    def rate(self, count: int) -> float:
        """Events per second of load-phase wall time."""
        return count / self.wall if self.wall > 0 else 0.0

    def percentile(self, q: float, whole: bool = False) -> float | None:
        """Latency percentile in ms (to the first message of a reply, or with `whole` to the
        message the person waits for, the reply's last), nearest-rank, None without samples."""
        samples = self.whole if whole else self.latencies
        if not samples:
            return None
        ordered = sorted(samples)
        index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
        return ordered[index] * 1000


# ---------------------------------------------------------------- what people do and expect


def plain(text: str) -> str:
    """What Telegram displays of an HTML text (as tests/e2e/conversation.py, without its deps)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def t(lang: str, key: str, words: Translator = TRANSLATOR, **args: object) -> str:
    """A locale string as Telegram displays it (HTML tags gone)."""
    return plain(words(lang, key, **args)).strip()


def first_line(lang: str, key: str, words: Translator = TRANSLATOR) -> str:
    """The first line of a question, enough to recognise it in a reply."""
    return t(lang, key, words).splitlines()[0].strip()


def has_button(label: str) -> Expect:
    """The reply carries an inline button with this label (the one the person taps next)."""

    def check(message: Message) -> bool:
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        return any(button.get("text") == label for row in rows for button in row)

    return check


def says(fragment: str) -> Expect:
    """The reply's text contains this fragment."""
    return lambda message: fragment in (message.get("text") or "")


def type_text(text: str) -> Act:
    """The person types and sends a text."""
    return lambda fake, user, last: fake.send_text(user, text)


def tap(label: str) -> Act:
    """The person taps the labelled button on the reply they are looking at."""

    def act(fake: FakeBotAPI, user: Message, last: Message | None) -> int:
        assert last is not None, "nothing to tap on"
        return fake.press_button(user, last, label)

    return act


def share_contact(phone: str) -> Act:
    """The person shares their own number with the request_contact keyboard button."""
    return lambda fake, user, last: fake.send_contact(user, phone)


def intake_script(
    lang: str, full_name: str, phone: str, words: Translator = TRANSLATOR
) -> list[Step]:
    """The whole intake of tests/e2e/test_intake.py, without the photo: ten updates, in the
    words of the checkout that runs it (`words`: its locales)."""
    fa = lang == "fa"

    def w(key: str, **args: object) -> str:
        return t(lang, key, words, **args)

    def line(key: str) -> str:
        return first_line(lang, key, words)

    category = CATEGORIES.items[0].label(lang)
    delay = CATEGORIES.get("delay")
    if delay is not None:
        category = delay.label(lang)
    description = (
        "بسته دو هفته دیر رسید و آسیب دیده بود."
        if fa
        else "The parcel arrived two weeks late and damaged."
    )
    location = "سفارش ۱۲۳۴۵، شعبه تهران" if fa else "Order 12345, Tehran branch"
    keep = w("intake-keep-name", name=full_name)
    return [
        Step(type_text(w("menu-new-complaint")), has_button(category), "menu"),
        Step(tap(category), says(line("intake-ask-description")), "category"),
        Step(
            type_text(description),
            has_button(w("intake-date-yesterday")),
            "description",
        ),
        Step(
            tap(w("intake-date-yesterday")),
            says(line("intake-ask-location")),
            "date",
        ),
        Step(type_text(location), has_button(w("remedy-refund")), "location"),
        Step(tap(w("remedy-refund")), has_button(keep), "remedy"),
        Step(tap(keep), says(line("intake-ask-phone")), "name"),
        Step(share_contact(phone), has_button(w("intake-consent-agree")), "phone"),
        Step(
            tap(w("intake-consent-agree")),
            has_button(w("intake-confirm")),
            "consent",
        ),
        Step(
            tap(w("intake-confirm")),
            lambda message: bool(CODE.search(message.get("text") or "")),
            "confirm",
        ),
    ]


def echo_script(lang: str, full_name: str, phone: str) -> list[Step]:
    """The intake's shape against the echo bot: the same texts, taps and contact, in order."""
    pressed = says("pressed ")
    again = tap(BUTTON)

    def echoed(text: str) -> Step:
        return Step(type_text(text), lambda m: m.get("text") == text, "text")

    return [
        echoed(t(lang, "menu-new-complaint")),
        Step(again, pressed, "press"),
        echoed("The parcel arrived two weeks late and damaged."),
        Step(again, pressed, "press"),
        echoed("Order 12345, Tehran branch"),
        Step(again, pressed, "press"),
        Step(again, pressed, "press"),
        Step(share_contact(phone), says("got a contact"), "contact"),
        Step(again, pressed, "press"),
        Step(again, pressed, "press"),
    ]


# ---------------------------------------------------------------- reading the fake's log


class Collector:
    """One task reads every recorded call once and routes sent messages to their chat's queue.

    A single reader keeps the driver O(1) per call; 200 awaiting next_message() would all
    wake on every request."""

    def __init__(self, fake: FakeBotAPI) -> None:
        self.fake = fake
        self.queues: dict[int, asyncio.Queue[tuple[float, bool, Message]]] = {}
        self.failed_calls = 0
        self.calls: dict[str, int] = {}
        self._position = 0

    async def run(self) -> None:
        """Forever: wait for new recorded calls and route them."""
        while True:
            try:
                await self.fake.wait_for(lambda _: True, timeout=5.0, since=self._position)
            except TimeoutError:
                continue
            requests = self.fake.requests
            while self._position < len(requests):
                request = requests[self._position]
                self._position += 1
                self.calls[request.method] = self.calls.get(request.method, 0) + 1
                if request.failed:
                    self.failed_calls += request.method != "getUpdates"
                    continue
                result = request.result
                sent = request.method.startswith("send")
                edited = request.method.startswith("edit")
                if not (sent or edited) or not isinstance(result, dict):
                    continue
                queue = self.queues.get(result.get("chat", {}).get("id"))
                if queue is not None:
                    queue.put_nowait((request.at, sent, result))


async def run_person(
    fake: FakeBotAPI,
    collector: Collector,
    user: Message,
    steps: list[Step],
    result: Result,
    reply_timeout: float,
    think: float = 0.0,
) -> None:
    """One person: act, wait for the reply that asks the next thing, act again.

    Latency runs to the first new message in the chat (an edit only counts when it is the
    reply the person was waiting for, e.g. a question asked by editing the old one), and to
    the message the person waits for (the reply's last, the next question)."""
    queue = collector.queues[user["id"]]
    last: Message | None = None
    for step in steps:
        if think > 0:  # before the first step too: people do not all start at one instant
            await asyncio.sleep(random.uniform(0.5, 1.5) * think)
        while not queue.empty():
            queue.get_nowait()
            result.stray += 1
        started = time.monotonic()
        step.act(fake, user, last)
        result.updates += 1
        first: float | None = None
        try:
            async with asyncio.timeout(reply_timeout):
                while True:
                    at, sent, message = await queue.get()
                    wanted = step.expect(message)
                    if first is None and (sent or wanted):
                        first = at
                        result.latencies.append(at - started)
                    if wanted:
                        result.whole.append(at - started)
                        last = message
                        break
        except TimeoutError:
            key = f"no reply to {step.label} within {reply_timeout:.0f}s"
            result.failures[key] = result.failures.get(key, 0) + 1
            return
    result.completed += 1


# ---------------------------------------------------------------- subprocesses


def _die_with_parent() -> None:
    """In the child: get SIGKILL if this driver dies without its finally blocks running."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class BotProcess:
    """A bot subprocess: started, waited on until it polls, measured, stopped with SIGTERM."""

    def __init__(
        self, name: str, args: list[str], env: dict[str, str], log: Path, cwd: Path | None
    ) -> None:
        self.name = name
        self.cwd = cwd or ROOT
        self.args = args
        self.env = env
        self.log = log
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self, fake: FakeBotAPI, timeout: float = 90.0) -> None:  # noqa: ASYNC109
        """Launch it and return once its getUpdates long poll waits on the fake."""
        with self.log.open("wb") as log:
            self.proc = await asyncio.create_subprocess_exec(
                *self.args,
                cwd=self.cwd,
                env=self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + timeout
        while not fake.is_polling:
            if self.proc.returncode is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode}: {self.tail()}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} was not polling after {timeout}s: {self.tail()}")
            await asyncio.sleep(0.05)

    def helpers(self) -> list[int]:
        """Its child processes, which the numbers must include (neither bot has any now)."""
        try:
            return children_of(self.pid)
        except OSError:
            return []

    def cpu_seconds(self) -> tuple[float, float] | None:
        """User plus system CPU so far, all threads included: of the bot's own process, and
        of its helpers together."""
        own = _cpu_seconds(self.pid)
        if own is None:
            return None
        return own, sum(_cpu_seconds(pid) or 0.0 for pid in self.helpers())

    def peak_rss_kb(self) -> int | None:
        """VmHWM, the resident set's high-water mark, of the bot and its helpers together,
        read before they go away."""
        own = _peak_rss_kb(self.pid)
        if own is None:
            return None
        return own + sum(_peak_rss_kb(pid) or 0 for pid in self.helpers())

    @property
    def pid(self) -> int:
        """The subprocess id (the bot's own Python, not a shell)."""
        assert self.proc is not None
        return self.proc.pid

    async def stop(self, grace: float = 20.0) -> int | None:
        """SIGTERM, then SIGKILL if it does not finish in time; returns the exit code."""
        proc = self.proc
        if proc is None:
            return None
        if proc.returncode is None:
            try:
                proc.send_signal(signal.SIGTERM)
                async with asyncio.timeout(grace):
                    await proc.wait()
            except ProcessLookupError:
                pass
            except TimeoutError:
                print(f"{self.name}: no exit {grace:.0f}s after SIGTERM, killing", file=sys.stderr)
                proc.kill()
                await proc.wait()
        return proc.returncode

    def tail(self, lines: int = 15) -> str:
        """The end of its log, for a failure message."""
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n" + "\n".join(text.splitlines()[-lines:])


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _peak_rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def driver_cpu_seconds() -> float:
    """CPU used so far by this process: the driver and the fake, which share its loop."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def start_py_spy(pid: int, out: Path) -> asyncio.subprocess.Process | None:
    """Sample the bot during the load phase (py-spy in .venv or on PATH), raw flame format."""
    binary = shutil.which("py-spy", path=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    if binary is None:
        print("--py-spy: py-spy not found (.venv/bin/pip install py-spy)", file=sys.stderr)
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [binary, "record", "--pid", str(pid), "--rate", "200", "--format", "raw", "--gil"]
    return await asyncio.create_subprocess_exec(
        *command, "--nonblocking", "--output", str(out), stdout=asyncio.subprocess.DEVNULL
    )


async def stop_py_spy(profiler: asyncio.subprocess.Process | None) -> None:
    """SIGINT makes py-spy write its file; kill it if it does not."""
    if profiler is None or profiler.returncode is not None:
        return
    profiler.send_signal(signal.SIGINT)
    try:
        async with asyncio.timeout(20):
            await profiler.wait()
    except TimeoutError:
        profiler.kill()
        await profiler.wait()


def bot_env(api_url: str, extra: dict[str, str]) -> dict[str, str]:
    """The parent's environment minus what would change the bot's setup, plus ours."""
    env = {k: v for k, v in os.environ.items() if k not in UNSET_FOR_BOT}
    env.update(
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=api_url,
        TELEGRAM_RATE_LIMIT="false",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


# ---------------------------------------------------------------- one load phase


async def run_phase(
    name: str,
    command: list[str],
    extra_env: dict[str, str],
    script: Callable[[str, str, str], list[Step]],
    args: argparse.Namespace,
    workdir: Path,
    cwd: Path | None = None,
) -> Result:
    """Start a fake and the bot, drive every person to the end, then measure and stop."""
    result = Result(name=name, users=args.users)
    fake = FakeBotAPI(TOKEN, max_poll_wait=args.poll_wait)
    url = await fake.start()
    collector = Collector(fake)
    collecting = asyncio.create_task(collector.run(), name="collector")
    limits = {"TELEGRAM_RATE_LIMIT": "true"} if args.rate_limit else {}
    env = bot_env(url, extra_env | limits)
    bot = BotProcess(name, command, env, workdir / f"{name}.log", cwd)
    people: list[asyncio.Task[None]] = []
    profiler: asyncio.subprocess.Process | None = None
    try:
        await bot.start(fake)
        users = []
        for number in range(args.users):
            lang = "fa" if number % 2 else "en"
            first, last = ("Sara", "Ahmadi") if lang == "fa" else ("Alex", "Moradi")
            user = fake.user(FIRST_USER_ID + number, first, language_code=lang)
            user["last_name"] = f"{last}{number}"
            phone = f"98912{number:07d}"
            steps = script(lang, f"{first} {last}{number}", phone)
            collector.queues[user["id"]] = asyncio.Queue()
            users.append((user, steps))
        if args.py_spy:
            profiler = await start_py_spy(bot.pid, Path(args.py_spy) / f"{name}.txt")
        cpu_before, driver_before = bot.cpu_seconds(), driver_cpu_seconds()
        started = time.monotonic()
        people = [
            asyncio.create_task(
                run_person(
                    fake, collector, user, steps, result, args.reply_timeout, args.think_ms / 1000
                )
            )
            for user, steps in users
        ]
        done, pending = await asyncio.wait(people, timeout=args.load_timeout)
        result.wall = time.monotonic() - started
        cpu_after = bot.cpu_seconds()
        result.driver_cpu = driver_cpu_seconds() - driver_before
        if cpu_before is not None and cpu_after is not None:
            result.bot_cpu = cpu_after[0] - cpu_before[0]
            result.child_cpu = cpu_after[1] - cpu_before[1]
        await stop_py_spy(profiler)
        if pending:
            result.failures[f"unfinished after {args.load_timeout:.0f}s"] = len(pending)
        for task in done:
            if task.exception() is not None:
                key = f"driver error: {task.exception()!r}"[:120]
                result.failures[key] = result.failures.get(key, 0) + 1
        result.peak_rss_kb = bot.peak_rss_kb()
    finally:
        for task in people:
            task.cancel()
        collecting.cancel()
        await asyncio.gather(*people, collecting, return_exceptions=True)
        await stop_py_spy(profiler)
        result.exit_code = await bot.stop()
        result.failed_calls = collector.failed_calls
        result.calls = dict(collector.calls)
        await fake.stop()
    if result.failures or result.exit_code not in (0, None):
        result.log_tail = bot.tail(25)
    if fake.internal_errors:
        result.failures[f"fake internal errors: {fake.internal_errors[:2]!r}"] = len(
            fake.internal_errors
        )
    return result


# ---------------------------------------------------------------- databases


async def create_postgres(url: str) -> tuple[str, Callable[[], Any]]:
    """A fresh database next to the one named in url; returns its URL and a dropper."""
    import asyncpg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = f"dadres_bench_{secrets.token_hex(4)}"
    admin_dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(admin_dsn, timeout=10)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()

    async def drop() -> None:
        connection = await asyncpg.connect(admin_dsn, timeout=10)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()

    return parsed.set(database=name).render_as_string(hide_password=False), drop


# ---------------------------------------------------------------- report


def fmt(value: float | None, digits: int = 1) -> str:
    """A number for the table, or a dash."""
    return "-" if value is None else f"{value:,.{digits}f}"


def report(results: list[Result], database: str, args: argparse.Namespace) -> None:
    """The table, the targets next to it, and whatever went wrong."""
    print()
    print(
        f"intake_vs_echo: {args.users} users x 10 updates, database {database}, "
        f"think {args.think_ms:.0f} ms, max_poll_wait {args.poll_wait}s, {os.cpu_count()} CPUs"
    )
    header = (
        f"{'bot':<8} {'done':>9} {'intakes/s':>10} {'updates/s':>10} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'RSS MB':>7} {'bot CPU':>8} {'child':>6} "
        f"{'drv CPU':>8} "
        f"{'wall s':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        worst = max(r.latencies) * 1000 if r.latencies else None
        cpu = f"{r.bot_cpu / r.wall * 100:.0f}%" if r.bot_cpu is not None and r.wall else "-"
        drv = f"{r.driver_cpu / r.wall * 100:.0f}%" if r.driver_cpu is not None and r.wall else "-"
        child = f"{r.child_cpu / r.wall * 100:.0f}%" if r.child_cpu and r.wall else "-"
        rss = r.peak_rss_kb / 1024 if r.peak_rss_kb is not None else None
        print(
            f"{r.name:<8} {f'{r.completed}/{r.users}':>9} {fmt(r.rate(r.completed), 2):>10} "
            f"{fmt(r.rate(r.updates)):>10} {fmt(r.percentile(50)):>8} "
            f"{fmt(r.percentile(95)):>8} {fmt(r.percentile(99)):>8} {fmt(worst):>8} "
            f"{fmt(rss):>7} {cpu:>8} {child:>6} {drv:>8} {fmt(r.wall):>7}"
        )
    print(
        "(echo: intakes/s = sessions of the same 10 round trips per second; CPU = % of one core "
        "during the load phase: the bot's process, its child processes, the driver+fake; "
        "RSS = bot + children)"
    )
    by_name = {r.name: r for r in results}
    dadres, echo = by_name.get("dadres"), by_name.get("echo")
    if dadres and echo and echo.rate(echo.updates):
        ratio = dadres.rate(dadres.updates) / echo.rate(echo.updates)
        if args.think_ms > 0:
            print("(with --think-ms both rates follow the offered load: the ratio says little)")
        print(
            f"Dadres/echo updates/s = {ratio:.2f}   "
            f"target >= 0.5 (issue 2): {'met' if ratio >= 0.5 else 'NOT met'};  "
            f"target >= 0.7 (issue 5): {'met' if ratio >= 0.7 else 'NOT met'}"
        )
    for r in results:
        if r.whole and r.name != "echo":
            print(
                f"{r.name} to the whole reply (the message waited for): "
                f"p50 {fmt(r.percentile(50, whole=True))} ms, "
                f"p95 {fmt(r.percentile(95, whole=True))} ms, "
                f"p99 {fmt(r.percentile(99, whole=True))} ms"
            )
    if dadres:
        p95 = dadres.percentile(95)
        verdict = "-" if p95 is None else ("met" if p95 < 50 else "NOT met")
        scope = "" if database == "sqlite" else " (the target is stated for SQLite)"
        print(f"Dadres p95 = {fmt(p95)} ms   target < 50 ms on SQLite: {verdict}{scope}")
    for r in results:
        if r.updates:
            calls = ", ".join(
                f"{method} {count / r.updates:.2f}"
                for method, count in sorted(r.calls.items(), key=lambda kv: -kv[1])
            )
            print(f"{r.name} Bot API calls per update: {calls}")
    for r in results:
        extra = []
        if r.failed_calls:
            extra.append(f"{r.failed_calls} failed Bot API calls")
        if r.stray:
            extra.append(f"{r.stray} unexpected extra messages")
        if r.exit_code not in (0, None):
            extra.append(f"exit code {r.exit_code}")
        extra.extend(f"{count} x {reason}" for reason, count in r.failures.items())
        if extra:
            print(f"{r.name}: " + "; ".join(extra))
        if r.log_tail.strip():
            print(f"{r.name} log (last lines):{r.log_tail}")


# ---------------------------------------------------------------- main


async def run(args: argparse.Namespace) -> list[Result]:
    """Both phases (or one), each with its own fake and subprocess, inside the global limit."""
    results: list[Result] = []
    drop: Callable[[], Any] | None = None
    with tempfile.TemporaryDirectory(prefix="dadres-bench-") as tmp:
        workdir = Path(tmp)
        try:
            async with asyncio.timeout(args.timeout):
                if args.only in (None, "dadres"):
                    if args.database_url:
                        database_url, drop = await create_postgres(args.database_url)
                    else:
                        database_url = f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}"
                    results.append(
                        await run_phase(
                            "dadres",
                            [sys.executable, "-m", "bot", "run"],
                            {"DATABASE_URL": database_url},
                            intake_script,
                            args,
                            workdir,
                        )
                    )
                if args.baseline and args.only in (None, "dadres"):
                    results.append(await run_baseline(args, workdir))
                if args.only in (None, "echo"):
                    results.append(
                        await run_phase(
                            "echo",
                            [sys.executable, "-m", "bench.echo_bot"],
                            {},
                            echo_script,
                            args,
                            workdir,
                        )
                    )
        except TimeoutError:
            print(f"global limit of {args.timeout:.0f}s reached; partial results", file=sys.stderr)
        except Exception as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
        finally:
            if drop is not None:
                try:
                    await asyncio.wait_for(drop(), 30)
                except Exception as error:
                    print(f"could not drop the benchmark database: {error}", file=sys.stderr)
    return results


async def run_baseline(args: argparse.Namespace, workdir: Path) -> Result:
    """Another checkout of Dadres (its own `.venv`), in the same sitting: before and after."""
    root: Path = args.baseline
    drop: Callable[[], Any] | None = None
    if args.database_url:
        database_url, drop = await create_postgres(args.database_url)
    else:
        database_url = f"sqlite+aiosqlite:///{workdir / 'baseline.sqlite3'}"
    try:
        return await run_phase(
            "baseline",
            [str(root / ".venv" / "bin" / "python"), "-m", "bot", "run"],
            {"DATABASE_URL": database_url},
            partial(intake_script, words=Translator(root / "locales")),
            args,
            workdir,
            cwd=root,
        )
    finally:
        if drop is not None:
            await drop()


def main(argv: list[str] | None = None) -> int:
    """Parse options, run, print; always exit 0, since these are numbers, not a test."""
    parser = argparse.ArgumentParser(prog="bench.intake_vs_echo", description=__doc__)
    parser.add_argument("--users", type=int, default=200, help="simulated people (default 200)")
    parser.add_argument(
        "--database-url",
        help="postgresql+asyncpg://… server to use: a fresh database is made and dropped "
        "(default: a temporary SQLite file)",
    )
    parser.add_argument("--only", choices=("dadres", "echo"), help="run one phase only")
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="also run the Dadres of another checkout (with its own .venv), e.g. a git "
        "worktree of an older commit, as a third bot in the same run",
    )
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0,
        help="mean pause between a reply and the next action (uniform 0.5-1.5x; default 0)",
    )
    parser.add_argument(
        "--rate-limit",
        action="store_true",
        help="keep Dadres's own pacing inside Telegram's limits on (about 1 message a second "
        "per chat after a short burst), to see what people wait for a whole reply",
    )
    parser.add_argument("--poll-wait", type=float, default=0.5, help="fake's max long poll, s")
    parser.add_argument("--timeout", type=float, default=300, help="global limit, s")
    parser.add_argument("--load-timeout", type=float, default=120, help="per load phase, s")
    parser.add_argument("--py-spy", metavar="DIR", help="py-spy record the bot into DIR/<bot>.txt")
    parser.add_argument("--reply-timeout", type=float, default=60, help="per reply, s")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run both bots this many times, back to back, and sum up the medians: on a "
        "shared machine one run's ratio can be off by a fifth (default 1)",
    )
    args = parser.parse_args(argv)
    if args.baseline:
        args.baseline = Path(args.baseline).resolve()
    database = "postgresql" if args.database_url else "sqlite"
    rounds: list[list[Result]] = []
    for _ in range(max(1, args.rounds)):
        rounds.append(asyncio.run(run(args)))
        report(rounds[-1], database, args)
    if len(rounds) > 1:
        summarise(rounds)
    return 0


def summarise(rounds: list[list[Result]]) -> None:
    """Medians over the rounds, and each round's ratio (its two bots ran minutes apart)."""
    rates: dict[str, list[float]] = {}
    costs: dict[str, list[float]] = {}
    ratios: dict[str, list[float]] = {}
    for results in rounds:
        by_name = {r.name: r.rate(r.updates) for r in results}
        for name, rate in by_name.items():
            rates.setdefault(name, []).append(rate)
        for r in results:
            if r.bot_cpu is not None and r.updates:
                costs.setdefault(r.name, []).append(r.bot_cpu / r.updates * 1000)
                if r.child_cpu:
                    total = (r.bot_cpu + r.child_cpu) / r.updates * 1000
                    costs.setdefault(f"{r.name} + children", []).append(total)
        if by_name.get("echo"):
            for name in ("dadres", "baseline"):
                if name in by_name:
                    ratios.setdefault(name, []).append(by_name[name] / by_name["echo"])
    print()
    print(f"over {len(rounds)} rounds (median, then each round):")
    for name, values in rates.items():
        each = ", ".join(f"{v:,.0f}" for v in values)
        print(f"  {name:<7} updates/s {statistics.median(values):,.0f}   ({each})")
    for name, values in costs.items():
        each = ", ".join(f"{v:.2f}" for v in values)
        label = f"{name}: bot CPU" if "children" not in name else f"{name} CPU"
        print(f"  {label:<21} ms/update {statistics.median(values):.2f}   ({each})")
    for name, values in ratios.items():
        each = ", ".join(f"{r:.2f}" for r in values)
        print(f"  {name}/echo {statistics.median(values):.2f}   ({each})")


if __name__ == "__main__":
    sys.exit(main())
