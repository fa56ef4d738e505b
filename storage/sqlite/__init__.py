"""SQLite's fast path, fenced here: the driver on the event loop's thread (driver.py), units of
work taking turns on one connection (gate.py), the hot statements prebuilt and run on the
driver (prepared.py, mapped_rows.py), tied together by `SQLiteUnitOfWork` (unit_of_work.py),
a subclass of the plain unit of work that PostgreSQL runs (storage/unit_of_work.py)."""
