"""One transaction, its repositories, and a rollback unless someone says commit."""

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Any, Self, cast

from sqlalchemy import Select, inspect, select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
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
from storage.sqlite.gate import SQLiteGate, Turn
from storage.sqlite.mapped_rows import (
    changed_row,
    inserting,
    loaded,
    new_row,
    settle_new,
    updating,
)
from storage.sqlite.prepared import Params, Prepared, PreparedCache


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
    erasure: ErasureRepository
    reports: ReportRepository

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        handover: Callable[[list[QueuedCall]], None] | None = None,
        gate: SQLiteGate | None = None,
        prepared: PreparedCache | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._handover = handover
        self._gate = gate
        self._prepared = prepared
        self._session: AsyncSession | None = None
        self._turn: Turn | None = None
        self._adding: list[object] = []
        self._loaded: dict[tuple[type, Any], Any] = {}
        self._inserted: list[object] = []

    async def __aenter__(self) -> Self:
        session: Any = self._session_factory() if self._gate is None else GatedSession(self)
        self._session = session if self._gate is None else None
        self.complainants = ComplainantRepository(session, self)
        self.complaints = ComplaintRepository(session, self)
        self.lookups = LookupRepository(session)
        self.inbox = InboxRepository(session, self)
        self.outbox = OutboxRepository(session, self)
        self.dialogue_states = DialogueStateRepository(self)
        self.message_refs = MessageRefRepository(session, self)
        self.staff = StaffRepository(session)
        self.surveys = SurveyRepository(session)
        self.digests = DigestRepository(session, self)
        self.erasure = ErasureRepository(session, self)
        self.reports = ReportRepository(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._session is not None:
                await self._session.close()  # rolls back whatever was not committed
        finally:
            self._session = None
            await self._end_turn()

    async def commit(self) -> None:
        """Make everything done through this unit permanent, and hand the outbox rows it
        queued to the sender at once. On SQLite nothing else can commit in between (one
        connection, no await after the commit), so each chat's rows reach the sender in the
        order of their ids; senders on a shared database read the table instead."""
        await self.dialogue_states.flush()
        await self._write_changes()
        if self._adding or any(inspect(o).committed_state for o in self._loaded.values()):
            await self.orm()
        if self._session is not None:
            await self._session.commit()
        if self._turn is not None and self._turn.driver.sqlite.in_transaction:
            self._turn.driver.sqlite.commit()
        self._inserted.clear()
        queued, self.outbox.queued = self.outbox.queued, []
        if queued and self._handover is not None:
            self._handover(queued)
        await self._end_turn()

    async def rollback(self) -> None:
        """Throw away everything since the last commit."""
        self._adding.clear()
        self._loaded.clear()
        if self._session is not None:
            await self._session.rollback()
            for instance in self._inserted:
                if instance in self._session:
                    self._session.expunge(instance)  # its row is gone with the transaction
        self._inserted.clear()
        await self._end_turn()
        self.dialogue_states = DialogueStateRepository(self)
        self.outbox.queued = []

    @property
    def dialect(self) -> Dialect:
        """The database's dialect, for the few statements spelled differently per database."""
        engine = self._gate.engine if self._gate is not None else self._session_factory.kw["bind"]
        return engine.dialect

    async def rows(
        self, statement: Executable, params: Params | Sequence[Params]
    ) -> list[tuple[Any, ...]]:
        """What a prebuilt statement selects or returns; a list of parameter sets runs it
        once each, in order. SQLite runs it on the driver, other databases in the session."""
        if self._gate is None:
            assert self._session is not None
            result = await self._session.execute(statement, params)
            return [tuple(row) for row in result]
        driver = await self._sqlite()
        if isinstance(params, Mapping):
            return self._prepare(statement, params).rows(driver, params)
        found: list[tuple[Any, ...]] = []
        for one in params:
            found.extend(self._prepare(statement, one).rows(driver, one))
        return found

    async def count(self, statement: Executable, params: Params | Sequence[Params]) -> int:
        """Run a prebuilt statement that returns nothing; how many rows it changed."""
        if self._gate is None:
            assert self._session is not None
            result = await self._session.execute(statement, params)
            return int(getattr(result, "rowcount", 0) or 0)
        driver = await self._sqlite()
        many = [params] if isinstance(params, Mapping) else list(params)
        if not many:
            return 0
        return self._prepare(statement, many[0]).count(driver, many)

    async def load[T](self, model: type[T], statement: Select[Any], params: Params) -> T | None:
        """The one `model` object that `statement` (a prebuilt select of all its table's
        columns) finds. On SQLite, before anything needs the ORM session, it is read on the
        driver and handed to the session only once one starts; changes to it are kept."""
        if self._gate is None or self._session is not None:
            session = await self.orm()
            orm_statement = select(model).from_statement(statement)
            return (await session.execute(orm_statement, params)).scalar_one_or_none()
        found = self._prepare(statement, params).rows(await self._sqlite(), params)
        if not found:
            return None
        names = [column.key for column in statement.selected_columns]
        values = dict(zip(names, found[0], strict=True))
        mapper = inspect(model)
        key = (model, tuple(values[c.key] for c in mapper.primary_key))
        known = self._loaded.get(key)
        if known is None:
            known = self._loaded[key] = loaded(mapper, values)
        return cast(T, known)

    async def insert(self, instance: object, *, flush: bool = True) -> None:
        """Write a new object and give it its id. On SQLite, while the ORM session has not
        started, one prebuilt INSERT on the driver, after which the object is held like one
        read there; otherwise the session adds it (and flushes, unless told not to). Either
        way what it holds is known afterwards without reading it back."""
        mapper = inspect(type(instance))
        values = None if self._session is not None else new_row(mapper, instance)
        if self._gate is None or values is None:
            session = await self.orm()
            session.add(instance)
            if flush:
                await session.flush()
                settle_new(mapper, instance, set(inspect(instance).unloaded))
            return
        statement = inserting(mapper.local_table)
        (key,) = self._prepare(statement, values).rows(await self._sqlite(), values)
        for column, value in zip(mapper.primary_key, key, strict=True):
            setattr(instance, mapper.get_property_by_column(column).key, value)
        make_transient_to_detached(instance)
        settle_new(mapper, instance, set(inspect(instance).unloaded))
        self._loaded[(type(instance), tuple(key))] = instance
        self._inserted.append(instance)

    def holds(self, instance: object) -> bool:
        """Whether the object stands for a row as this unit's transaction has it."""
        identity = inspect(instance).identity
        if self._loaded.get((type(instance), identity)) is instance:
            return True
        return self._session is not None and instance in self._session

    def add(self, instance: object) -> None:
        """Keep a new object for the session, which starts at the next statement."""
        if self._session is not None:
            self._session.add(instance)
        else:
            self._adding.append(instance)

    async def orm(self) -> AsyncSession:
        """The ORM session, on SQLite started only when something needs it, in the same
        transaction as the prebuilt statements."""
        if self._gate is None:
            assert self._session is not None
            return self._session
        await self._sqlite()
        assert self._turn is not None
        connection = self._turn.connection()
        if self._session is None:
            self._session = self._session_factory(bind=connection)
        elif self._session.sync_session.bind is not connection.sync_connection:
            # Each turn comes with its own connection; between transactions the session
            # simply moves to the new one.
            self._session.sync_session.bind = connection.sync_connection
        if self._loaded:
            self._session.add_all(self._loaded.values())  # read on the driver, now tracked
            self._loaded = {}
        if self._adding:
            self._session.add_all(self._adding)
            self._adding = []
        return self._session

    async def _write_changes(self) -> None:
        """On SQLite without a session, write the changed columns of objects read or
        written on the driver with prebuilt UPDATEs; what those cannot express (a hook, a
        relationship) is left for the session."""
        if self._session is not None or self._gate is None:
            return
        for instance in self._loaded.values():
            state = inspect(instance)
            if not state.committed_state:
                continue
            values = changed_row(state)
            if values is None:
                continue
            changed = list(state.committed_state)
            statement = updating(state.mapper.local_table)
            self._prepare(statement, values).count(await self._sqlite(), [values])
            for key in changed:
                set_committed_value(instance, key, state.dict.get(key))

    async def _sqlite(self) -> sqlite3.Connection:
        """The driver connection, this unit's turn taken and its transaction begun."""
        if self._turn is None:
            assert self._gate is not None
            self._turn = await self._gate.enter()
        driver = self._turn.driver
        if not driver.sqlite.in_transaction:
            await driver.begin()
        elif self._session is not None and (self._session.new or self._session.dirty):
            await self._session.flush()  # so that prebuilt statements see the ORM's changes
        return driver.sqlite

    async def _end_turn(self) -> None:
        """Between transactions a unit holds nothing, as a session would give its connection
        back; the next statement waits for a new turn (and rolls back what is left)."""
        if self._turn is not None:
            assert self._gate is not None
            turn, self._turn = self._turn, None
            await self._gate.leave(turn)

    def _prepare(self, statement: Executable, params: Params) -> Prepared:
        assert self._prepared is not None
        return self._prepared(statement, params)


class GatedSession:
    """Stands in for the ORM session on SQLite until a repository really uses it."""

    __slots__ = ("_unit",)

    def __init__(self, unit: UnitOfWork) -> None:
        self._unit = unit

    @property
    def identity_map(self) -> Any:
        """What the session holds; nothing while there is no session yet."""
        session = self._unit._session
        return session.identity_map if session is not None else {}

    def add(self, instance: object) -> None:
        self._unit.add(instance)

    def add_all(self, instances: Iterable[object]) -> None:
        for instance in instances:
            self._unit.add(instance)

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._unit.orm()).execute(*args, **kwargs)

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._unit.orm()).scalar(*args, **kwargs)

    async def scalars(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._unit.orm()).scalars(*args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._unit.orm()).get(*args, **kwargs)

    async def flush(self, *args: Any, **kwargs: Any) -> None:
        await (await self._unit.orm()).flush(*args, **kwargs)


class UnitOfWorkFactory:
    """Hands out fresh units of work over one session factory; on SQLite they take turns on
    one connection and run the hot statements on its driver."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._handover: Callable[[list[QueuedCall]], None] | None = None
        engine = session_factory.kw.get("bind")
        self._gate: SQLiteGate | None = None
        self._prepared: PreparedCache | None = None
        if isinstance(engine, AsyncEngine) and engine.dialect.name == "sqlite":
            self._gate = SQLiteGate(engine)
            self._prepared = PreparedCache(engine.dialect)

    def hand_committed_calls_to(self, receiver: Callable[[list[QueuedCall]], None]) -> None:
        """From now on, every unit gives `receiver` the outbox rows it committed."""
        self._handover = receiver

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._session_factory, self._handover, self._gate, self._prepared)


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
