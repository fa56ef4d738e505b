"""Many accounts cannot share the guessing of one code's phone digits: failures count per
code as well as per account, and the owner is never locked out of their own complaint."""

from datetime import timedelta

from bot.domain.dates import format_time
from bot.domain.tracking_code import format_code
from bot.services.status_lookup import MAX_CODE_FAILURES, WINDOW
from tests.e2e.conversation import Person, texts
from tests.e2e.harness import RunningBot
from tests.e2e.test_intake import file_complaint

OTHER_CODE = "100000000001"  # well formed, filed by nobody


async def test_failures_on_one_code_from_many_strangers_lock_that_code(bot: RunningBot) -> None:
    assert MAX_CODE_FAILURES == 5
    owner = Person(bot, 3200, "en")
    code = await file_complaint(owner)  # the phone ends in 4567
    assert bot.app is not None
    zone = bot.app.settings.zone
    until = bot.clock.now() + timedelta(minutes=1) + WINDOW  # the first failure's + 15 min
    late = Person(bot, 3299, "fa")
    assert late.t("status-ask-digits") in texts(await late.send(f"/status {code}"))
    for n, guess in enumerate(("0000", "1111", "2222", "3333", "5555"), 1):
        bot.clock.advance(minutes=1)
        stranger = Person(bot, 3200 + n, "en")  # each account fails only once
        assert stranger.t("status-ask-digits") in texts(await stranger.send(f"/status {code}"))
        answer = texts(await stranger.send(guess))
        if n < MAX_CODE_FAILURES:
            assert stranger.t("status-no-match") in answer
        else:
            assert stranger.t("status-locked", time=format_time(until, "en", zone)) in answer

    newcomer = Person(bot, 3210, "en")
    replies = await newcomer.send(f"/status {format_code(code)}")
    assert newcomer.t("status-locked", time=format_time(until, "en", zone)) in texts(replies)
    replies = await late.send("۴۵۶۷")  # the right digits, too late
    assert late.t("status-locked", time=format_time(until, "fa", zone)) in texts(replies)
    assert late.t("status-name-received") not in texts(replies)

    replies = await owner.send(f"/status {code}")
    assert format_code(code) in texts(replies) and owner.t("history-filed") in texts(replies)
    replies = await newcomer.send(f"/status {OTHER_CODE}")  # other codes are not locked
    assert newcomer.t("status-ask-digits") in texts(replies)
    await newcomer.send("/cancel")

    bot.clock.set(until + timedelta(minutes=1))
    replies = await newcomer.send(f"/status {code}")
    assert newcomer.t("status-ask-digits") in texts(replies)
    replies = await newcomer.send("4567")
    assert newcomer.t("status-name-received") in texts(replies)
