"""PostgreSQL's transaction-scoped advisory lock on a name, as one statement built once (so its
cache key and compiled form are worked out once, not for every update)."""

from sqlalchemy import bindparam, func, select

# Held until the transaction ends; another transaction asking for the same name waits.
HOLD = select(func.pg_advisory_xact_lock(func.hashtextextended(bindparam("name"), 0)))
