"""What /proc says about the processes a test or a benchmark started, and their children."""

from pathlib import Path


def children_of(pid: int) -> list[int]:
    """The process's children, from every one of its threads."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(child) for child in (task / "children").read_text().split())
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's new parent may not have reaped it yet)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status
