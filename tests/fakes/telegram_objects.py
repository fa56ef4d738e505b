"""Builders for Telegram Bot API objects and Telegram-like HTML parsing, kept apart from HTTP."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

TgObject = dict[str, Any]

BOT_USERNAME = "dadres_test_bot"
BOT_FIRST_NAME = "Dadres Test"
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
DEFAULT_TOPIC_COLOR = 0x6FB9F0
MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
MEDIA_KINDS = tuple("photo document voice video audio animation sticker video_note".split())
CONTENT_KEYS = (
    "text",
    "entities",
    "caption",
    "caption_entities",
    *MEDIA_KINDS,
    *"location contact poll venue dice".split(),
)
CHAT_ACTIONS = frozenset(
    (
        "typing upload_photo record_video upload_video record_voice upload_voice upload_document "
        "choose_sticker find_location record_video_note upload_video_note"
    ).split()
)
BUTTON_ACTIONS = frozenset(
    (
        "url callback_data web_app login_url switch_inline_query switch_inline_query_current_chat "
        "switch_inline_query_chosen_chat copy_text callback_game pay"
    ).split()
)


class ApiError(Exception):
    """Carries a Telegram error response out of a method handler."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after


def bad_request(detail: str) -> ApiError:
    """Builds the 400 error Telegram uses for invalid parameters."""
    return ApiError(400, f"Bad Request: {detail}")


def utf16_len(text: str) -> int:
    """Telegram measures offsets and limits in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def make_user(
    user_id: int,
    first_name: str = "Test",
    language_code: str | None = "en",
    username: str | None = None,
    *,
    is_bot: bool = False,
) -> TgObject:
    """Builds a User with only the fields Telegram would send for an ordinary account."""
    user: TgObject = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def make_bot_user(token: str) -> TgObject:
    """Derives the getMe answer from the token, as Telegram does."""
    return {
        "id": int(token.split(":", 1)[0]),
        "is_bot": True,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def private_chat(user: TgObject) -> TgObject:
    """Builds the private chat whose id equals the user's id."""
    chat: TgObject = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if key in user:
            chat[key] = user[key]
    return chat


def group_chat(
    chat_id: int, title: str, is_forum: bool = False, username: str | None = None
) -> TgObject:
    """Builds a group; forums and -100… ids are supergroups like on Telegram, and only a
    public supergroup has a username."""
    if chat_id >= 0:
        raise ValueError(f"group ids are negative, got {chat_id}")
    supergroup = is_forum or chat_id <= -1_000_000_000_000
    chat: TgObject = {"id": chat_id, "type": "supergroup" if supergroup else "group"}
    chat["title"] = title
    if username:
        if not supergroup:
            raise ValueError("only a supergroup can be public (have a username)")
        chat["username"] = username
    if is_forum:
        chat["is_forum"] = True
    return chat


def chat_full_info(chat: TgObject) -> TgObject:
    """Adds the fields getChat always returns on top of the short Chat."""
    gifts = dict.fromkeys(
        ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription"), False
    )
    gifts["gifts_from_channels"] = False
    return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}


def chat_member(user: TgObject, status: str, is_member: bool = True) -> TgObject:
    """Builds a ChatMember variant carrying every field aiogram requires for that status;
    `is_member` tells a restricted user still in the chat from one restricted after leaving."""
    member: TgObject = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member |= {"can_be_edited": False, "is_anonymous": False}
        member |= dict.fromkeys(_ADMIN_RIGHTS, True)
        member["can_promote_members"] = False
    elif status == "kicked":
        member["until_date"] = 0
    elif status == "restricted":
        member |= {"is_member": is_member, "until_date": 0}
        member |= dict.fromkeys(_RESTRICTED_RIGHTS, False)
    elif status not in ("member", "left"):
        raise ValueError(f"unsupported member status {status!r}")
    return member


def command_entities(text: str) -> list[TgObject]:
    """Marks /commands the way Telegram's client-side entity detection does."""
    entities: list[TgObject] = []
    for match in _COMMAND_RE.finditer(text):
        offset = utf16_len(text[: match.start()])
        entities.append({"type": "bot_command", "offset": offset, "length": len(match.group())})
    return entities


def media_object(kind: str, file_id: str, unique_id: str, **extra: Any) -> TgObject:
    """Builds the single-file media objects (document, voice, …) with realistic defaults."""
    obj: TgObject = {"file_id": file_id, "file_unique_id": unique_id}
    obj |= _MEDIA_DEFAULTS.get(kind, {})
    obj |= {key: value for key, value in extra.items() if value is not None}
    return obj


def photo_sizes(file_id: str, unique_id: str, size: int = 0) -> list[TgObject]:
    """Builds a thumbnail plus full size, because real photos never arrive as one size."""
    thumb = {"file_id": f"{file_id}-s", "file_unique_id": f"{unique_id}-s", "width": 90}
    thumb |= {"height": 67, "file_size": 1200}
    full = {"file_id": file_id, "file_unique_id": unique_id, "width": 1280, "height": 960}
    full["file_size"] = size or 98_304
    return [thumb, full]


def strip_reply(message: TgObject) -> TgObject:
    """Telegram never nests reply_to_message more than one level deep."""
    if "reply_to_message" not in message:
        return message
    return {key: value for key, value in message.items() if key != "reply_to_message"}


def inline_buttons(message: TgObject) -> list[list[TgObject]]:
    """Returns the rows of the message's inline keyboard, or none."""
    markup = message.get("reply_markup") or {}
    rows: list[list[TgObject]] = markup.get("inline_keyboard", [])
    return rows


def check_inline_markup(markup: TgObject) -> None:
    """Rejects buttons Telegram would refuse, e.g. callback_data over 64 bytes."""
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not BUTTON_ACTIONS & button.keys():
                raise bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")


def format_text(
    text: str,
    parse_mode: str | None,
    entities: list[TgObject] | None,
    *,
    limit: int,
    empty_error: str | None,
) -> tuple[str, list[TgObject]]:
    """Applies parse_mode, trimming and length limits so tests see what a user would see."""
    if parse_mode and parse_mode.upper() == "HTML" and not entities:
        text, entities = parse_html(text)
    text, entities = _trim(text, list(entities or []))
    if not text and empty_error:
        raise bad_request(empty_error)
    if utf16_len(text) > limit:
        raise bad_request("message is too long" if limit == TEXT_LIMIT else _LONG_CAPTION)
    return text, entities


def parse_html(source: str) -> tuple[str, list[TgObject]]:
    """Parses Telegram's HTML subset with the server's error messages for malformed markup."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, TgObject | None, int]] = []
    entities: list[TgObject] = []
    i, size = 0, len(source)
    while i < size:
        char = source[i]
        if char == "&":
            match = _HTML_ENTITY_RE.match(source, i)
            chunk = unescape(match.group()) if match else "&"
            i = match.end() if match else i + 1
        elif char != "<":
            end = _TEXT_RE.match(source, i).end()  # type: ignore[union-attr]
            chunk, i = source[i:end], end
        elif source.startswith("</", i):
            i = _close_tag(source, i, stack, entities, pos)
            continue
        else:
            i = _open_tag(source, i, stack, pos)
            continue
        out.append(chunk)
        pos += utf16_len(chunk)
    if stack:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(out), entities


def _open_tag(
    source: str, start: int, stack: list[tuple[str, TgObject | None, int]], pos: int
) -> int:
    end = start + 1
    while end < len(source) and not source[end].isspace() and source[end] != ">":
        end += 1
    offset = _byte_offset(source, start)
    close = source.find(">", end)
    if end >= len(source):
        raise _parse_error(f"Unclosed start tag at byte offset {offset}")
    name = source[start + 1 : end].lower()
    if name not in _TAG_TYPES:
        raise _parse_error(f'Unsupported start tag "{name}" at byte offset {offset}')
    if close == -1:
        raise _parse_error(f"Unclosed start tag at byte offset {offset}")
    found = _ATTR_RE.findall(source[end:close])
    attrs = {key.lower(): unescape(v1 or v2 or v3) for key, v1, v2, v3 in found}
    stack.append((name, _tag_entity(name, attrs, stack), pos))
    return close + 1


def _close_tag(
    source: str,
    start: int,
    stack: list[tuple[str, TgObject | None, int]],
    entities: list[TgObject],
    pos: int,
) -> int:
    offset = _byte_offset(source, start)
    if not stack:
        raise _parse_error(f"Unexpected end tag at byte offset {offset}")
    close = source.find(">", start)
    if close == -1:
        raise _parse_error(f"Unclosed end tag at byte offset {offset}")
    name = source[start + 2 : close].strip().lower()
    tag, entity, begin = stack.pop()
    if name != tag:
        raise _parse_error(
            f'Unmatched end tag at byte offset {offset}, expected "</{tag}>", found "</{name}>"'
        )
    if entity is not None and pos > begin:
        entities.append({**entity, "offset": begin, "length": pos - begin})
    return close + 1


def _tag_entity(
    name: str, attrs: dict[str, str], stack: list[tuple[str, TgObject | None, int]]
) -> TgObject | None:
    kind = _TAG_TYPES[name]
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise _parse_error('Tag "span" must have class "tg-spoiler"')
    if name == "a":
        return {"type": "text_link", "url": attrs["href"]} if attrs.get("href") else None
    if name == "tg-emoji":
        return {"type": kind, "custom_emoji_id": attrs.get("emoji-id", "")}
    if name == "blockquote" and "expandable" in attrs:
        return {"type": "expandable_blockquote"}
    if name == "code" and stack and stack[-1][0] == "pre" and stack[-1][1] is not None:
        language = attrs.get("class", "").removeprefix("language-")
        if language:
            stack[-1][1]["language"] = language
        return None
    return {"type": kind}


def _trim(text: str, entities: list[TgObject]) -> tuple[str, list[TgObject]]:
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    kept: list[TgObject] = []
    for entity in entities:
        start = min(max(entity["offset"] - lead, 0), size)
        end = min(max(entity["offset"] + entity["length"] - lead, 0), size)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


_LONG_CAPTION = "message caption is too long"


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode())


def _parse_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?=\s|$)")
_HTML_ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_TEXT_RE = re.compile(r"[^<&]+")
_ATTR_RE = re.compile(r"""([A-Za-z][\w-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_TAG_TYPES = {
    **dict.fromkeys(("b", "strong"), "bold"),
    **dict.fromkeys(("i", "em"), "italic"),
    **dict.fromkeys(("u", "ins"), "underline"),
    **dict.fromkeys(("s", "strike", "del"), "strikethrough"),
    **dict.fromkeys(("span", "tg-spoiler"), "spoiler"),
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_ADMIN_RIGHTS = (
    "can_manage_chat can_delete_messages can_manage_video_chats can_restrict_members "
    "can_change_info can_invite_users can_post_stories can_edit_stories can_delete_stories "
    "can_send_welcome_messages can_pin_messages can_manage_topics"
).split()
_RESTRICTED_RIGHTS = (
    "can_send_messages can_send_audios can_send_documents can_send_photos can_send_videos "
    "can_send_video_notes can_send_voice_notes can_send_polls can_send_other_messages "
    "can_add_web_page_previews can_react_to_messages can_edit_tag can_change_info "
    "can_invite_users can_pin_messages can_manage_topics"
).split()
_MEDIA_DEFAULTS: dict[str, TgObject] = {
    "document": {"file_name": "document.pdf", "mime_type": "application/pdf", "file_size": 20480},
    "voice": {"duration": 3, "mime_type": "audio/ogg", "file_size": 8192},
    "video": {"width": 640, "height": 360, "duration": 5, "mime_type": "video/mp4"},
    "audio": {"duration": 120, "mime_type": "audio/mpeg", "file_size": 1_900_000},
    "animation": {"width": 320, "height": 240, "duration": 2, "mime_type": "video/mp4"},
    "sticker": {"type": "regular", "width": 512, "height": 512, "is_animated": False},
    "video_note": {"length": 240, "duration": 4},
}
_MEDIA_DEFAULTS["sticker"] |= {"is_video": False, "emoji": "🙂"}
