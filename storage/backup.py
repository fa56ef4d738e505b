"""An online copy of a SQLite database, safe while the bot writes to it."""

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


def sqlite_path(database_url: str) -> Path | None:
    """The file a SQLite URL names; None for other databases."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    return Path(url.database)


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy `source` to `target` with SQLite's online backup API (a plain copy of a live
    file can be torn); returns the pages copied."""
    if target.exists():
        raise FileExistsError(f"{target} exists; choose a new name")
    if not source.exists():
        raise FileNotFoundError(f"{source} does not exist")
    live = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)
        return int(copy.execute("PRAGMA page_count").fetchone()[0])
    finally:
        copy.close()
        live.close()
