"""One transaction, its repositories, and a rollback unless someone says commit."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories.complainants import ComplainantRepository
from storage.repositories.complaints import ComplaintRepository
from storage.repositories.dialogue_states import DialogueStateRepository
from storage.repositories.digests import DigestRepository
from storage.repositories.inbox import InboxRepository
from storage.repositories.lookups import LookupRepository
from storage.repositories.message_refs import MessageRefRepository
from storage.repositories.outbox import OutboxRepository, QueuedCall
from storage.repositories.staff import StaffRepository
from storage.repositories.surveys import SurveyRepository


class UnitOfWork:
    complainants: ComplainantRepository
    complaints: ComplaintRepository
    lookups: LookupRepository
    inbox: InboxRepository
    outbox: OutboxRepository
    dialogue_states: DialogueStateRepository
    message_refs: MessageRefRepository
    staff: StaffRepository
    surveys: SurveyRepository
    digests: DigestRepository

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        handover: Callable[[list[QueuedCall]], None] | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._handover = handover
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        session = self._session = self._session_factory()
        self.complainants = ComplainantRepository(session)
        self.complaints = ComplaintRepository(session)
        self.lookups = LookupRepository(session)
        self.inbox = InboxRepository(session)
        self.outbox = OutboxRepository(session)
        self.dialogue_states = DialogueStateRepository(session)
        self.message_refs = MessageRefRepository(session)
        self.staff = StaffRepository(session)
        self.surveys = SurveyRepository(session)
        self.digests = DigestRepository(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            await self._session.close()  # rolls back whatever was not committed
        finally:
            self._session = None

    async def commit(self) -> None:
        """Make everything done through this unit permanent, and hand the outbox rows it
        queued to the sender at once. On SQLite nothing else can commit in between (one
        connection, no await after the commit), so each chat's rows reach the sender in the
        order of their ids; senders on a shared database read the table instead."""
        assert self._session is not None
        await self.dialogue_states.flush()
        await self._session.commit()
        queued, self.outbox.queued = self.outbox.queued, []
        if queued and self._handover is not None:
            self._handover(queued)

    async def rollback(self) -> None:
        """Throw away everything since the last commit."""
        assert self._session is not None
        await self._session.rollback()
        self.dialogue_states = DialogueStateRepository(self._session)
        self.outbox.queued = []


class UnitOfWorkFactory:
    """Hands out fresh units of work over one session factory."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._handover: Callable[[list[QueuedCall]], None] | None = None

    def hand_committed_calls_to(self, receiver: Callable[[list[QueuedCall]], None]) -> None:
        """From now on, every unit gives `receiver` the outbox rows it committed."""
        self._handover = receiver

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._session_factory, self._handover)


_ambient: ContextVar[UnitOfWork | None] = ContextVar("dadres_ambient_unit", default=None)


@contextmanager
def ambient(unit: UnitOfWork) -> Iterator[None]:
    """Make `unit` the transaction that code deep inside an update (the FSM storage) joins."""
    token = _ambient.set(unit)
    try:
        yield
    finally:
        _ambient.reset(token)


def ambient_unit() -> UnitOfWork | None:
    """The unit of work of the update being handled, if any."""
    return _ambient.get()
