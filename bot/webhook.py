"""Webhook mode: the HTTP handler only stores the update and answers; lanes do the rest."""

import asyncio
import hmac
import logging
import secrets

from aiohttp import web

from bot.app import App
from bot.pipeline.inbox import Inbox
from bot.polling import ALLOWED_UPDATES
from bot.settings import WEBHOOK_URL_NEEDED, SettingsError
from storage import json_codec

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
GENERATED_SECRET_BYTES = 32  # token_urlsafe: 43 characters of A-Z a-z 0-9 _ -


def webhook_secret(configured: str | None) -> str:
    """The configured secret, or a fresh random one: a webhook without one admits anybody."""
    if configured:
        return configured
    log.info(
        "WEBHOOK_SECRET is not set: a random secret was generated for this run and registered "
        "with Telegram; calls without it get 401. Set WEBHOOK_SECRET when several processes "
        "share one webhook URL."
    )
    return secrets.token_urlsafe(GENERATED_SECRET_BYTES)


def is_from_telegram(header: str | None, expected: bytes) -> bool:
    """Compare the secret header in constant time, as bytes, so any header is just a mismatch."""
    given = (header or "").encode("utf-8", "surrogatepass")
    return hmac.compare_digest(given, expected)


def webhook_app(inbox: Inbox, path: str, secret: str) -> web.Application:
    """An aiohttp app with one route that accepts Telegram's POSTs, and nobody else's."""
    expected = secret.encode("ascii")

    async def receive(request: web.Request) -> web.Response:
        if not is_from_telegram(request.headers.get(SECRET_HEADER), expected):
            return web.Response(status=401)
        try:
            payload = json_codec.loads(await request.read())
            if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
                raise ValueError("not an update")
        except ValueError:
            return web.Response(status=400)
        try:
            await inbox.accept([payload], wait=False)
        except Exception:
            log.exception("could not store update %s; Telegram will retry", payload["update_id"])
            return web.Response(status=503)
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post(path, receive)
    return app


async def serve_webhook(app: App, stop: asyncio.Event) -> None:
    """Listen for Telegram's POSTs and register the webhook, until stop."""
    settings = app.settings
    if not settings.webhook_url:
        raise SettingsError(WEBHOOK_URL_NEEDED)
    configured = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    secret = webhook_secret(configured)
    runner = web.AppRunner(webhook_app(app.inbox, settings.webhook_path, secret))
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    try:
        await app.bot.set_webhook(
            url=settings.webhook_url.rstrip("/") + settings.webhook_path,
            secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
        )
        await stop.wait()
    finally:
        await runner.cleanup()
