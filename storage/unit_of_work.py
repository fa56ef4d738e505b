"""One transaction, its repositories, and a rollback unless someone says commit.

`UnitOfWork` is the plain one: one SQLAlchemy `AsyncSession` does everything. PostgreSQL runs
it, and it is the reference the SQLite fast path (`storage.sqlite.unit_of_work`, a subclass
that runs the hot statements on the driver) is tested against. `UnitOfWorkFactory` picks
between them by the engine's database."""

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Select, select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
)
from sqlalchemy.sql import Executable

from storage.repositories.complainants import ComplainantRepository
from storage.repositories.complaints import ComplaintRepository
from storage.repositories.dialogue_states import DialogueStateRepository
from storage.repositories.digests import DigestRepository
from storage.repositories.erasure import ErasureRepository
from storage.repositories.inbox import InboxRepository
from storage.repositories.lookups import LookupRepository
from storage.repositories.message_refs import MessageRefRepository
from storage.repositories.outbox import OutboxRepository, QueuedCall
from storage.repositories.reports import ReportRepository
from storage.repositories.staff import StaffRepository
from storage.repositories.surveys import SurveyRepository
from storage.sqlite.mapped_rows import settle_new
from storage.transaction import Params

Handover = Callable[[list[QueuedCall]], None]


class UnitOfWork:
    """One transaction through one ORM session; repositories ask it for the session, or
    hand it the few statements and new rows it can run its own way (`Transaction`)."""

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
    erasure: ErasureRepository
    reports: ReportRepository

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], handover: Handover | None = None
    ) -> None:
        self._session_factory = session_factory
        self._handover = handover
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        self.complainants = ComplainantRepository(self)
        self.complaints = ComplaintRepository(self)
        self.lookups = LookupRepository(self)
        self.inbox = InboxRepository(self)
        self.outbox = OutboxRepository(self)
        self.dialogue_states = DialogueStateRepository(self)
        self.message_refs = MessageRefRepository(self)
        self.staff = StaffRepository(self)
        self.surveys = SurveyRepository(self)
        self.digests = DigestRepository(self)
        self.erasure = ErasureRepository(self)
        self.reports = ReportRepository(self)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._close()

    async def commit(self) -> None:
        """Make everything done through this unit permanent, then hand the outbox rows it
        queued to the sender (senders on a shared database read the table as well)."""
        await self.dialogue_states.flush()
        await self._commit()
        queued, self.outbox.queued = self.outbox.queued, []
        if queued and self._handover is not None:
            self._handover(queued)
        await self._release()

    async def rollback(self) -> None:
        """Throw away everything since the last commit."""
        await self._rollback()
        self.dialogue_states = DialogueStateRepository(self)
        self.outbox.queued = []

    @property
    def dialect(self) -> Dialect:
        """The database's dialect, for the few statements spelled differently per database."""
        engine: AsyncEngine = self._session_factory.kw["bind"]
        return engine.dialect

    async def session(self) -> AsyncSession:
        """The ORM session of this unit, begun at its first statement."""
        if self._session is None:
            self._session = self._session_factory()
        return self._session

    async def _connection(self) -> AsyncConnection:
        """The session's connection, in its transaction: a Core statement run there skips
        the ORM's execution layer (about a tenth of the statement's cost)."""
        return await (await self.session()).connection()

    async def rows(
        self, statement: Executable, params: Params | Sequence[Params]
    ) -> list[tuple[Any, ...]]:
        """What a prebuilt statement selects or returns; a list of parameter sets runs it
        once each (as one statement where the driver can), in order."""
        result = await (await self._connection()).execute(statement, params)
        return [tuple(row) for row in result]

    async def count(self, statement: Executable, params: Params | Sequence[Params]) -> int:
        """Run a prebuilt statement that returns nothing; how many rows it changed."""
        if not isinstance(params, Mapping) and not params:
            return 0
        result = await (await self._connection()).execute(statement, params)
        return int(getattr(result, "rowcount", 0) or 0)

    async def load[T](self, model: type[T], statement: Select[Any], params: Params) -> T | None:
        """The one `model` object that `statement` (a prebuilt select of all its table's
        columns, in their order) finds."""
        session = await self.session()
        return (await session.execute(_of(model, statement), params)).scalar_one_or_none()

    async def insert(self, instance: object, *, flush: bool = True) -> None:
        """Add a new object and, unless told not to, write it now to give it its id; what
        it holds is known afterwards without reading it back."""
        session = await self.session()
        session.add(instance)
        if flush:
            await session.flush()
            settle_new(instance)

    def holds(self, instance: object) -> bool:
        """Whether the object stands for a row as this unit's transaction has it (one it
        wrote and then rolled back does not)."""
        return self._session is not None and instance in self._session

    async def _commit(self) -> None:
        if self._session is not None:
            await self._session.commit()

    async def _rollback(self) -> None:
        if self._session is not None:
            await self._session.rollback()

    async def _release(self) -> None:
        """After a commit; the session gave its connection back already."""

    async def _close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()  # rolls back whatever was not committed


@cache
def _of[T](model: type[T], statement: Select[Any]) -> Select[tuple[T]]:
    """`statement` as a select of `model` objects, built once (so compiled once)."""
    return select(model).from_statement(statement)  # type: ignore[return-value]


class UnitOfWorkFactory:
    """Hands out fresh units of work over one session factory: on SQLite the fast path's
    (they take turns on one connection and run the hot statements on its driver), on any
    other database the plain one."""

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, sqlite_fast_path: bool = True
    ) -> None:
        """`sqlite_fast_path=False` runs the plain unit on SQLite too (the contract tests
        compare the two)."""
        self._handover: Handover | None = None
        self._make: Callable[[Handover | None], UnitOfWork]
        engine = session_factory.kw.get("bind")
        if (
            sqlite_fast_path
            and isinstance(engine, AsyncEngine)
            and engine.dialect.name == "sqlite"
        ):
            from storage.sqlite.unit_of_work import SQLiteUnits  # only SQLite needs it

            self._make = SQLiteUnits(session_factory, engine)
        else:
            self._make = lambda handover: UnitOfWork(session_factory, handover)

    def hand_committed_calls_to(self, receiver: Handover) -> None:
        """From now on, every unit gives `receiver` the outbox rows it committed."""
        self._handover = receiver

    def __call__(self) -> UnitOfWork:
        return self._make(self._handover)


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
