"""SQLite's fast path, fenced here: the driver on the event loop's thread, units of work taking
turns on one connection, and the hot statements prebuilt and run on the driver. PostgreSQL runs
the same repositories through SQLAlchemy's session."""
