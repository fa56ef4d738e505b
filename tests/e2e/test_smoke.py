from tests.e2e.harness import RunningBot


async def test_start_in_persian(bot: RunningBot) -> None:
    fake = bot.fake
    user = fake.user(1001, "Sara", language_code="fa")
    fake.send_text(user, "/start")
    await bot.settle()
    messages = fake.drain(1001)
    assert "سلام" in messages[0]["text"]
    assert "رایگان" in messages[0]["text"]
