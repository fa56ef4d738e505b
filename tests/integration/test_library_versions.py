"""The SQLite fast path (storage/sqlite/) reaches into SQLAlchemy where the public API stops.
It was checked against the versions pyproject.toml allows; any other must fail here, by name,
rather than somewhere deep in a transaction."""

import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement
from sqlalchemy import bindparam, insert, select
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_dbapi
from sqlalchemy.orm import configure_mappers, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state

from storage.database import create_engine
from storage.models import Complainant, DialogueState

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def checked_range(name: str) -> Requirement:
    """The requirement pyproject.toml states for one distribution."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    found = [Requirement(line) for line in project["dependencies"]]
    [requirement] = [r for r in found if r.name.lower() == name]
    return requirement


def test_sqlalchemy_is_pinned_to_a_range_with_an_upper_bound() -> None:
    specifier = checked_range("sqlalchemy").specifier
    assert any(s.operator in ("<", "<=", "==", "~=") for s in specifier), (
        "pyproject.toml must bound SQLAlchemy from above: storage/sqlite/ uses its internals"
    )


def test_installed_sqlalchemy_is_one_the_fast_path_was_checked_against() -> None:
    installed = version("sqlalchemy")
    specifier = checked_range("sqlalchemy").specifier
    assert specifier.contains(installed, prereleases=True), (
        f"SQLAlchemy {installed} is installed, but storage/sqlite/ was checked against "
        f"{specifier} only: run tests/integration (the repository contract on the fast path "
        "and the plain unit of work) against it, fix what breaks, then widen the range in "
        "pyproject.toml"
    )


async def test_the_internals_the_fast_path_uses_are_there(sqlite_url: str) -> None:
    """What storage/sqlite/ touches beyond the public API, each named so a change is plain."""
    engine = create_engine(sqlite_url)
    dialect = engine.dialect
    await engine.dispose()
    assert callable(AsyncAdapt_aiosqlite_dbapi), "driver.py: the aiosqlite dialect's adapter"
    statement = select(DialogueState.__table__.c.state).where(
        DialogueState.__table__.c.key == bindparam("key")
    )
    compiled = statement.compile(dialect=dialect)
    assert compiled.positiontup == ["key"], "prepared.py: positional bind names"
    assert compiled.binds["key"].required, "prepared.py: binds by name"
    compiled_insert = insert(DialogueState.__table__).compile(dialect=dialect, column_keys=["key"])
    names = compiled_insert.positiontup or []
    assert names[0] == "key" and "state" not in names, "prepared.py: column_keys narrow it"
    configure_mappers()
    mapper = Complainant.__mapper__
    instance = mapper.class_manager.new_instance()
    instance_state(instance).dict.update({"id": 1})
    make_transient_to_detached(instance)
    assert instance_state(instance).identity == (1,), "mapped_rows.loaded: an object unbuilt"
