"""Webhook mode: the HTTP handler stores the update and answers; the same lanes handle it."""

import asyncio
import json
import logging
import re
import socket

import aiohttp
import pytest

from tests.e2e.conversation import TRANSLATOR, plain
from tests.e2e.harness import RunningBot, running_bot

SECRET = "s3cret-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def update(update_id: int, user_id: int, text: str) -> dict[str, object]:
    user = {"id": user_id, "is_bot": False, "first_name": "Sara", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1796112000,
            "chat": {"id": user_id, "type": "private", "first_name": "Sara"},
            "from": user,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_webhook_stores_answers_and_handles_once(sqlite_url: str) -> None:
    port = free_port()
    async with running_bot(
        sqlite_url,
        webhook=True,
        webhook_url="https://bot.example.org",
        webhook_port=port,
        webhook_secret=SECRET,
    ) as bot:
        fake = bot.fake
        fake.user(4001, "Sara", "en")
        await fake.wait_for(lambda request: request.method == "setWebhook")
        assert fake.webhook_url == "https://bot.example.org/telegram/webhook"
        url = f"http://127.0.0.1:{port}/telegram/webhook"
        good = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with aiohttp.ClientSession() as http:
            wrong = await http.post(url, json=update(1, 4001, "/help"), headers={})
            assert wrong.status == 401
            junk = await http.post(url, data=b"not json", headers=good)
            assert junk.status == 400
            for _ in range(2):
                response = await http.post(url, json=update(7, 4001, "/help"), headers=good)
                assert response.status == 200
            response = await http.post(url, json=update(8, 4001, "/privacy"), headers=good)
            assert response.status == 200
        await bot.settle()
        replies = [m["text"] for m in fake.drain(4001)]
        assert replies == [
            plain(
                TRANSLATOR(
                    "en",
                    "help-text",
                    organisation="Dadres",
                    response_time=TRANSLATOR("en", "time-working-days", days=1),
                )
            ),
            plain(TRANSLATOR("en", "privacy-text"))
            + "\n\n"
            + plain(TRANSLATOR("en", "privacy-retention", days=730)),
        ]


SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,256}")


async def stored_updates(bot: RunningBot) -> int:
    assert bot.app is not None
    async with bot.app.units() as uow:
        return await uow.inbox.count()


async def post_raw(port: int, secret_header: bytes | None, body: bytes) -> int:
    """POST with a header written byte for byte, as a stranger's client could."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = [
        b"POST /telegram/webhook HTTP/1.1",
        b"Host: 127.0.0.1",
        b"Content-Type: application/json",
        b"Content-Length: " + str(len(body)).encode(),
        b"Connection: close",
    ]
    if secret_header is not None:
        head.append(b"X-Telegram-Bot-Api-Secret-Token: " + secret_header)
    writer.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return int(status_line.split()[1])


async def test_without_a_configured_secret_only_telegram_gets_in(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    caplog.set_level(logging.INFO)
    async with running_bot(
        sqlite_url, webhook=True, webhook_url="https://bot.example.org", webhook_port=port
    ) as bot:
        fake = bot.fake
        fake.user(4002, "Sara", "en")
        registered = await fake.wait_for(lambda request: request.method == "setWebhook")
        secret = str(registered.params.get("secret_token") or "")
        assert SECRET_SHAPE.fullmatch(secret), "a strong secret in Telegram's alphabet"
        body = json.dumps(update(11, 4002, "/help")).encode()
        for header in (None, b"", b"guess", secret[:-1].encode(), "é".encode() + secret.encode()):
            assert await post_raw(port, header, body) == 401
        assert await post_raw(port, b"\xff\xfe", body) == 401
        assert await stored_updates(bot) == 0
        assert await post_raw(port, secret.encode(), body) == 200
        await bot.settle()
        assert [m["text"] for m in fake.drain(4002)] != []
        assert await stored_updates(bot) == 1
    generated = [r.getMessage() for r in caplog.records if "WEBHOOK_SECRET" in r.getMessage()]
    assert generated, "the log says a secret was generated"
    assert all(secret not in r.getMessage() for r in caplog.records)


async def test_a_configured_secret_refuses_non_ascii_headers_cleanly(sqlite_url: str) -> None:
    port = free_port()
    async with running_bot(
        sqlite_url,
        webhook=True,
        webhook_url="https://bot.example.org",
        webhook_port=port,
        webhook_secret=SECRET,
    ) as bot:
        await bot.fake.wait_for(lambda request: request.method == "setWebhook")
        assert bot.fake.calls("setWebhook")[-1].params["secret_token"] == SECRET
        body = json.dumps(update(12, 4003, "/help")).encode()
        assert await post_raw(port, "s3cret-tokén".encode(), body) == 401
        assert await post_raw(port, b"s3cret-tok\xe9n", body) == 401
        assert await post_raw(port, None, body) == 401
        assert await stored_updates(bot) == 0
        assert await post_raw(port, SECRET.encode(), body) == 200
        await bot.settle()
        assert await stored_updates(bot) == 1
