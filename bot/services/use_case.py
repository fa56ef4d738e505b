"""What every use case that moves a complaint works with, given in one place."""

from bot.domain.clock import Clock
from bot.domain.notices import Notices
from bot.services.deadlines import Deadlines
from bot.services.unit_of_work import UnitOfWork


class UseCase:
    """One transaction, the time, the due dates, and the notices of who must be told what."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        deadlines: Deadlines,
        notices: Notices | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._deadlines = deadlines
        self._notices = notices if notices is not None else Notices()
