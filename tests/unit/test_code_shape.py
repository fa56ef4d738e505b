"""The shape the code promises in docs/architecture.md, checked so that it stays true.

Each rule reads the source with `ast`; nothing is imported, so a failure names a file and line.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "storage")
FENCED = ("bot/messenger/", "storage/sqlite/")
LIBRARIES = {"aiogram", "pydantic", "pydantic_core", "sqlalchemy", "aiosqlite", "fluent"}
DUNDERS_IN_PUBLIC_USE = {
    "__init__",
    "__init_subclass__",
    "__name__",
    "__qualname__",
    "__module__",
    "__doc__",
    "__class__",
    "__members__",
    "__dict__",
    "__table__",
    "__tablename__",
}
MAX_FUNCTION_LINES = 80

# Lower layers never import higher ones: a rule can be read without the code that uses it.
LAYERS = {
    "bot.domain": 0,
    "bot.settings": 1,
    "bot.telemetry": 1,
    "storage": 2,
    "bot.services": 3,
    "bot.messenger": 3,
    "bot.messages": 4,
    "bot.pipeline": 5,
    "handlers": 6,
    "bot": 7,
}


def _sources(*roots: str) -> Iterator[Path]:
    for root in roots:
        for path in sorted((ROOT / root).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _layer(module: str) -> str | None:
    for name in sorted(LAYERS, key=len, reverse=True):
        if module == name or module.startswith(name + "."):
            return name
    return None


def _imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def _private_reaches(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Attributes named private or dunder on something other than the code's own object."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            if node.attr in DUNDERS_IN_PUBLIC_USE:
                continue
            dunder = node.attr.startswith("__") and node.attr.endswith("__")
            own = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            if dunder or not own:
                yield node.lineno, ast.unparse(node)
        elif isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[0] in LIBRARIES and (
                any(part.startswith("_") for part in parts)
                or any(alias.name.startswith("_") for alias in node.names)
            ):
                yield node.lineno, f"from {node.module} import …"


def test_no_reach_into_private_parts_outside_the_fenced_ports() -> None:
    found = [
        f"{_relative(path)}:{line}: {what}"
        for path in _sources(*PACKAGES)
        if not _relative(path).startswith(FENCED)
        for line, what in _private_reaches(ast.parse(path.read_text()))
    ]
    where = "outside bot/messenger and storage/sqlite"
    assert not found, f"private or dunder attributes {where}:\n" + "\n".join(found)


def test_no_function_longer_than_a_screen() -> None:
    found = [
        f"{_relative(path)}:{node.lineno}: {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path in _sources(*PACKAGES, "tests", "bench")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not found, "functions over 80 lines:\n" + "\n".join(found)


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_imports_go_only_downward() -> None:
    found = []
    for path in _sources(*PACKAGES):
        own = _layer(_module_name(path))
        assert own is not None, path
        for line, module in _imports(ast.parse(path.read_text())):
            target = _layer(module)
            if target is not None and LAYERS[target] > LAYERS[own]:
                found.append(f"{_relative(path)}:{line}: {own} imports {module}")
    assert not found, "imports that go up a layer:\n" + "\n".join(found)


@pytest.mark.parametrize("root", ["bot/domain"])
def test_the_domain_does_no_io(root: str) -> None:
    io = {"sqlalchemy", "aiogram", "aiohttp", "asyncio", "redis", "storage"}
    found = [
        f"{_relative(path)}:{line}: {module}"
        for path in _sources(root)
        for line, module in _imports(ast.parse(path.read_text()))
        if module.split(".")[0] in io
    ]
    assert not found, "the domain imports I/O:\n" + "\n".join(found)
