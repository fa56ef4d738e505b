"""A bare aiogram echo bot: the floor any real bot's throughput is compared against."""

import asyncio
import logging
import os

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

BUTTON = "Again"


def keyboard() -> InlineKeyboardMarkup:
    """One button, so the driver can press something after every reply, as in the intake."""
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=BUTTON, callback_data="again")]]
    )


def build_dispatcher() -> Dispatcher:
    """Handlers that do the least a bot can: echo the text, answer the press and say so."""
    dispatcher = Dispatcher()

    @dispatcher.message(F.text)
    async def echo_text(message: Message) -> None:
        await message.answer(message.text or "", parse_mode=None, reply_markup=keyboard())

    @dispatcher.message()
    async def echo_other(message: Message) -> None:
        kind = getattr(message.content_type, "value", message.content_type)
        await message.answer(f"got a {kind}", parse_mode=None, reply_markup=keyboard())

    @dispatcher.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer()
        if query.message is not None:
            await query.message.answer(
                f"pressed {query.data}", parse_mode=None, reply_markup=keyboard()
            )

    return dispatcher


async def main() -> None:
    """Poll the Bot API named by TELEGRAM_API_URL until SIGTERM or SIGINT."""
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING").upper())
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"]))
    bot = Bot(token=os.environ["BOT_TOKEN"], session=session)
    try:
        await build_dispatcher().start_polling(bot, polling_timeout=25, handle_signals=True)
    finally:
        await bot.session.close()


if __name__ == "__main__":
    asyncio.run(main())
