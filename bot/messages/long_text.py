"""Fits what goes out into Telegram's limits: a long text is split into parts, never refused.

Telegram counts what a person sees (UTF-16 units after HTML is parsed): 4096 for a text,
1024 for a caption. Parts are cut at a line break or a space where one is near, never inside
a tag or an entity, and tags open at a cut are closed there and opened again in the next part.
"""

import re
from html import unescape
from typing import Any

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
ELLIPSIS = "…"

_ATOM = re.compile(
    r"<[^<>]*>|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{0,31});|.", re.S
)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][\w-]*)")
_SPACES = frozenset(" \t\u00a0")
# A cut at a line break or space is taken only if it keeps a part at least this full.
_FULL_ENOUGH = 0.5
# Fields a continuation message keeps from the call it continues (where it goes, how it reads).
_CONTINUATION = (
    "chat_id",
    "message_thread_id",
    "business_connection_id",
    "direct_messages_topic_id",
    "reply_parameters",
    "reply_to_message_id",
    "parse_mode",
    "disable_notification",
    "protect_content",
)

Stack = tuple[tuple[str, str], ...]


def _width(text: str) -> int:
    """UTF-16 units, as Telegram counts."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _atoms(text: str, html: bool) -> list[str]:
    """Tags, entities and single characters: the pieces a cut may fall between."""
    return _ATOM.findall(text) if html else list(text)


def _atom_width(atom: str, html: bool) -> int:
    """What one atom adds to the shown length: a tag nothing, an entity its character."""
    if html and len(atom) > 1:
        return 0 if atom[0] == "<" else _width(unescape(atom))
    if html and atom == "<":
        return 1
    return _width(atom)


def visible_length(text: str, html: bool = True) -> int:
    """How long Telegram will count a text: tags take nothing, an entity one character."""
    if not html or ("<" not in text and "&" not in text):
        return _width(text)
    return sum(_atom_width(atom, html) for atom in _atoms(text, html))


def _after(stack: Stack, atom: str) -> Stack:
    """The open tags after an atom (only tags change them)."""
    if len(atom) < 3 or atom[0] != "<":
        return stack
    found = _TAG_NAME.match(atom)
    if found is None:
        return stack
    name = found.group(1).lower()
    if atom.startswith("</"):
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == name:
                return stack[:index] + stack[index + 1 :]
        return stack
    return (*stack, (name, atom))


def _cut(atoms: list[str], widths: list[int], start: int, limit: int) -> int:
    """Where the part starting at `start` ends: at a line break or space if one is near."""
    used, end = 0, start
    while end < len(atoms) and used + widths[end] <= limit:
        used += widths[end]
        end += 1
    if end >= len(atoms):
        return end
    if end == start:
        return start + 1
    floor = limit * _FULL_ENOUGH
    for wanted in ("\n", _SPACES):
        used_here = used
        for index in range(end - 1, start, -1):
            if used_here < floor:
                break
            if atoms[index] in wanted:
                return index + 1
            used_here -= widths[index]
    return end


def _render(atoms: list[str], start: int, end: int, before: Stack, after: Stack) -> str:
    """One part: the tags open at its start opened again, those open at its end closed."""
    opened = "".join(raw for _, raw in before)
    closed = "".join(f"</{name}>" for name, _ in reversed(after))
    return opened + "".join(atoms[start:end]).strip() + closed


def split_text(
    text: str, limit: int = TEXT_LIMIT, later_limit: int | None = None, html: bool = True
) -> list[str]:
    """Parts of `text` each within its limit (the first `limit`, the rest `later_limit`)."""
    later = later_limit or limit
    if visible_length(text, html) <= limit:
        return [text]
    atoms = _atoms(text, html)
    widths = [_atom_width(atom, html) for atom in atoms]
    stacks: list[Stack] = [()]
    for atom in atoms:
        stacks.append(_after(stacks[-1], atom) if html else ())
    parts: list[str] = []
    start = 0
    while start < len(atoms):
        end = _cut(atoms, widths, start, limit if not parts else later)
        if sum(widths[start:end]) and "".join(atoms[start:end]).strip():
            parts.append(_render(atoms, start, end, stacks[start], stacks[end]))
        start = end
    return parts or [text]


def shorten(text: str, limit: int = TEXT_LIMIT, html: bool = True) -> str:
    """`text` cut to fit one message (an edit cannot become two), marked as cut."""
    parts = split_text(text, limit - len(ELLIPSIS), html=html)
    return text if len(parts) == 1 else parts[0] + ELLIPSIS


def fit_call(method: str, data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """A call as stored data, as the calls within Telegram's limits that say the same:
    a long text in several messages, a long caption continued in text messages after the
    file, an edit shortened. The keyboard goes on the last part."""
    if data.get("entities") or data.get("caption_entities"):
        return [(method, data)]
    html = str(data.get("parse_mode") or "HTML").upper() == "HTML"
    if method == "sendMessage" and isinstance(data.get("text"), str):
        return _split_message(data, html)
    if method == "editMessageText" and isinstance(data.get("text"), str):
        return [(method, data | {"text": shorten(data["text"], TEXT_LIMIT, html)})]
    if method == "editMessageCaption" and isinstance(data.get("caption"), str):
        return [(method, data | {"caption": shorten(data["caption"], CAPTION_LIMIT, html)})]
    if method.startswith("send") and isinstance(data.get("caption"), str):
        return _split_caption(method, data, html)
    return [(method, data)]


def _quick_fit(text: str, limit: int) -> bool:
    """Surely within the limit without counting (a character is at most two units)."""
    return len(text) * 2 <= limit


def _split_message(data: dict[str, Any], html: bool) -> list[tuple[str, dict[str, Any]]]:
    """A text as several messages to the same place, each within 4096."""
    text: str = data["text"]
    if _quick_fit(text, TEXT_LIMIT):
        return [("sendMessage", data)]
    parts = split_text(text, TEXT_LIMIT, html=html)
    if len(parts) == 1:
        return [("sendMessage", data)]
    return _with_keyboard_last(
        [
            ("sendMessage", {k: v for k, v in data.items() if k != "reply_markup"} | {"text": p})
            for p in parts
        ],
        data.get("reply_markup"),
    )


def _split_caption(
    method: str, data: dict[str, Any], html: bool
) -> list[tuple[str, dict[str, Any]]]:
    """The file with as much caption as fits (1024), the rest as text messages after it."""
    caption: str = data["caption"]
    if _quick_fit(caption, CAPTION_LIMIT):
        return [(method, data)]
    parts = split_text(caption, CAPTION_LIMIT, TEXT_LIMIT, html=html)
    if len(parts) == 1:
        return [(method, data)]
    first = {k: v for k, v in data.items() if k != "reply_markup"} | {"caption": parts[0]}
    kept = {k: v for k, v in data.items() if k in _CONTINUATION}
    rest = [("sendMessage", kept | {"text": part}) for part in parts[1:]]
    return _with_keyboard_last([(method, first), *rest], data.get("reply_markup"))


def _with_keyboard_last(
    calls: list[tuple[str, dict[str, Any]]], markup: Any
) -> list[tuple[str, dict[str, Any]]]:
    """Buttons under the last part, where the whole has been read."""
    if markup is not None:
        method, data = calls[-1]
        calls[-1] = (method, data | {"reply_markup": markup})
    return calls
