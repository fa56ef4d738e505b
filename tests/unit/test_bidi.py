"""Every Persian message, formatted with realistic values, laid out by the Unicode
bidirectional algorithm (UAX #9, with isolates) the way a phone lays out each line: commands,
codes, phone numbers, dates and Latin text must come out in reading order, every line that
holds Persian or a variable must run right to left, commands must stay tappable, and digits
follow one rule (Persian for what is read; Latin only for tracking codes, ids and what a
person wrote)."""

import html
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bidi import get_base_level, get_display
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor as FluentVisitor

from bot.domain.dates import format_both, format_date, format_datetime
from bot.messages.i18n import LOCALES, Translator
from bot.messages.notifier import duration_text

translator = Translator()
fa = translator.bind("fa")
ZONE = ZoneInfo("Asia/Tehran")
MOMENT = datetime(2026, 12, 8, 11, 30, tzinfo=UTC)
WHEN = format_datetime(MOMENT, "fa", ZONE)
CODE = "1234-5678-9012"
PHONE = "+98 912 123 4567"

CONTROLS = re.compile("[\u200e\u200f\u061c\u2066-\u2069]")
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
# A run that must read left to right as a whole: a command, a code, a phone number, a date,
# Latin words. Words join across separators, single spaces and direction marks.
_WORD = "[+/@]?[\u2066-\u2068]?[A-Za-z0-9_\u06f0-\u06f9]+"
_SEP = "[-_=+/@.:'’,\u200e\u200f\u061c\u2066-\u2069]*"
LTR_RUN = re.compile(rf"{_WORD}(?:{_SEP} ?{_SEP}{_WORD})*(?:(?<=[A-Za-z]):)?")
BETWEEN_ISOLATES = re.compile("\u2069[^\u2066-\u2068]*[\u2066-\u2068]")
COMMAND = re.compile(r"/[a-z_]+")
CODE_SHAPE = re.compile(r"[0-9\u06f0-\u06f9]{4}-[0-9\u06f0-\u06f9]{4}-[0-9\u06f0-\u06f9]{4}")

# What the code passes in, as the code formats it; words people type are Latin on purpose,
# the hardest case for a right-to-left line.
VALUES: dict[str, object] = {
    "answered": "۳",
    "first": format_date(MOMENT.date(), "fa"),
    "last": format_date(MOMENT.date(), "fa"),
    "list": "تأخیر: ۲، صورت‌حساب: ۱",
    "median": "۴ ساعت",
    "p90": "۲۰ ساعت",
    "percent": "۲۵",
    "sent": "۴",
    "at": WHEN,
    "codes": f"<code>{CODE}</code>، <code>{CODE}</code>",
    "fairness": "۴",
    "informed": "۵",
    "overall": "۳",
    "timeliness": "۲",
    "actor": "Sara Ahmadi",
    "assignee": "John Smith",
    "attachments": 2,
    "at_risk": 3,
    "breached": 1,
    "category": "تأخیر",
    "code": f"<code>{CODE}</code>",
    "command": "open",
    "count": 2,
    "date": format_date(MOMENT.date(), "fa"),
    "days": 2,
    "description": "The parcel arrived two weeks late, order ABC-123.",
    "detail": "Bad Request: message is too long",
    "due": WHEN,
    "filed": WHEN,
    "grace": duration_text(fa, timedelta(days=7, hours=3)),
    "history": "\n".join(fa("history-line", when=WHEN, what=w) for w in ("Withdrawn", "ثبت")),
    "hours": 4,
    "id": "<code>-1001234567890</code>",
    "late": duration_text(fa, timedelta(hours=5, minutes=20)),
    "left": duration_text(fa, timedelta(hours=1)),
    "length": 4200,
    "location": "Branch 12, Main St.",
    "max": 10,
    "min": 10,
    "minutes": 30,
    "name": "John Smith",
    "next": fa("card-next-first-response", due=WHEN),
    "number": 1,
    "occurred": format_date(MOMENT.date(), "fa"),
    "organisation": "Dadres Co.",
    "page": 1,
    "pages": 3,
    "phone": f"<code>{PHONE}</code>",
    "priority": fa("priority-normal"),
    "reachable": fa("staff-card-reachable"),
    "remedy": fa("remedy-refund"),
    "reopened": 1,
    "response_time": fa("time-working-days", days=2),
    "shown": 5,
    "since": WHEN,
    "status": fa("status-name-in-progress"),
    "text": "Order ABC-123 came broken",
    "time": "۱۵:۰۰",
    "topic": f"{CODE} · تأخیر",
    "total": 8,
    "unassigned": 2,
    "username": "dadres_staff",
    "what": fa("history-filed"),
    "when": WHEN,
    "why": fa("delivery-why", reason="too-long"),
}
# Where a message is given something other than its variable's usual value.
OVERRIDES: dict[str, dict[str, object]] = {
    "staff-card": {"filed": format_both(MOMENT, ZONE, "fa"), "phone": fa("staff-card-no-phone")},
    "supervisor-low-score": {"text": "2"},  # a score: a number to read, not words to quote
}
# Variables that carry a number the code passes as text.
NUMBERS_AS_TEXT = {"supervisor-low-score": {"text"}}
# Values that are copied or quoted as they are, so may hold Latin digits.
VERBATIM = (
    "code",
    "id",
    "username",
    "phone",
    "text",
    "detail",
    "description",
    "location",
    "name",
    "actor",
    "assignee",
    "organisation",
    "topic",
    "history",
    "what",
)


class _Shape(FluentVisitor):
    """A message's variables, and the variants each selector chooses among."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.variants: dict[str, list[str]] = {}

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)

    def visit_SelectExpression(self, node: ast.SelectExpression) -> None:
        if isinstance(node.selector, ast.VariableReference):
            keys = [v.key.name for v in node.variants if isinstance(v.key, ast.Identifier)]
            self.variants[node.selector.id.name] = keys
        self.generic_visit(node)


def persian_messages() -> list[tuple[str, dict[str, object]]]:
    """Every Persian message with the arguments it is formatted with, once per variant."""
    cases = []
    for path in sorted((LOCALES / "fa").glob("*.ftl")):
        for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(entry, ast.Message):
                continue
            shape = _Shape()
            shape.visit(entry)
            key = entry.id.name
            given = VALUES | OVERRIDES.get(key, {})
            args = {n: given[n] for n in shape.names - set(shape.variants)}
            choices = [(s, v) for s, keys in shape.variants.items() for v in keys]
            for selector, variant in choices or [("", "")]:
                cases.append((key, args | ({selector: variant} if selector else {})))
    return cases


CASES = persian_messages()


def shown(text: str) -> str:
    """What Telegram shows of an HTML message: tags become formatting, entities characters."""
    return html.unescape(re.sub(r"</?(b|i|code)>", "", text))


def problems(key: str, args: dict[str, object]) -> list[str]:
    """Everything wrong with how one formatted message reads on a phone."""
    text = shown(translator("fa", key, **args))
    found = []
    for line in text.split("\n"):
        logical = CONTROLS.sub("", line)
        if not logical.strip():
            continue
        holds_variable = "\u2068" in line
        if (ARABIC_SCRIPT.search(line) or holds_variable) and get_base_level(line) != 1:
            found.append(f"runs left to right: {logical!r}")
        visual = CONTROLS.sub("", get_display(line))
        for match in LTR_RUN.finditer(line):
            # Two variables side by side are two runs, each in its own isolate.
            for piece in BETWEEN_ISOLATES.split(match.group()):
                run = CONTROLS.sub("", piece).strip()
                if run not in visual:
                    found.append(f"{run!r} shows out of order in {visual!r}")
    for match in re.finditer("/[\u2066-\u2068][a-z]", text):
        found.append(f"a command split from its slash by an isolate: {match.group()!r}")
    for match in COMMAND.finditer(text):
        before = text[match.start() - 1] if match.start() else " "
        if before.isalnum() or before in "_/<>":
            found.append(f"{match.group()} is not a tappable command after {before!r}")
    return found


def stray_latin_digits(key: str, args: dict[str, object]) -> list[str]:
    """Latin digits a Persian reader should not see, and codes written in Persian digits."""
    text = CONTROLS.sub("", shown(translator("fa", key, **args)))
    numbers = NUMBERS_AS_TEXT.get(key, set())
    quoted = [shown(str(args[n])) for n in VERBATIM if n in args and n not in numbers]
    for value in quoted:
        text = text.replace(CONTROLS.sub("", value), "")
    found = []
    for match in CODE_SHAPE.finditer(text):
        if re.search("[\u06f0-\u06f9]", match.group()):
            found.append(f"a tracking code in Persian digits: {match.group()}")
    rest = CODE_SHAPE.sub("", text)
    if re.search("[0-9]", rest):
        found.append(f"Latin digits for a Persian reader: {rest!r}")
    return found


IDS = [f"{key}-{index}" for index, (key, _) in enumerate(CASES)]


@pytest.mark.parametrize(("key", "args"), CASES, ids=IDS)
def test_persian_message_reads_right_to_left_in_order(key: str, args: dict[str, object]) -> None:
    assert problems(key, args) == []


@pytest.mark.parametrize(("key", "args"), CASES, ids=IDS)
def test_persian_message_follows_the_digits_rule(key: str, args: dict[str, object]) -> None:
    assert stray_latin_digits(key, args) == []


def test_the_checks_see_what_a_phone_would_get_wrong() -> None:
    """The layout library applies isolates, and the checks catch each kind of fault."""
    assert get_base_level("\u2068abc\u2069 — \u2068def\u2069") == 0
    assert get_base_level("\u200f\u2068abc\u2069 — \u2068def\u2069") == 1
    assert "cancel/" in get_display("با /cancel متوقف کنید")
    assert "/cancel" in get_display("با \u200e/cancel متوقف کنید")
    digits = "۱۲۳۴-۵۶۷۸-۹۰۱۲"
    assert digits not in get_display(f"مثل {digits} بنویسید")
    assert digits in get_display(f"مثل \u2066{digits}\u2069 بنویسید")
