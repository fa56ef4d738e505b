"""Webhook mode: the HTTP handler stores the update and answers; the same lanes handle it."""

import socket

import aiohttp

from tests.e2e.conversation import TRANSLATOR, plain
from tests.e2e.harness import running_bot

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
            plain(TRANSLATOR("en", "privacy-text")),
        ]
