"""What services want people to be told, as plain data; the notifier turns it into messages.

Services never speak Telegram: they append notices, and the update's commit carries them."""

from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class FileRef:
    kind: str
    file_id: str
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class NewComplaint:
    """Post the staff card (in a new topic in forum mode)."""

    complaint_id: int


@dataclass(frozen=True, slots=True)
class CardChanged:
    """Edit the staff card in place."""

    complaint_id: int


@dataclass(frozen=True, slots=True)
class TellComplainant:
    """A message to the complainant: a staff message, a question, a decision, a stage change."""

    complaint_id: int
    kind: str
    text: str | None = None
    files: tuple[FileRef, ...] = ()
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class TellStaff:
    """Something for the complaint's thread in the staff group (relayed or a notice)."""

    complaint_id: int
    kind: str
    text: str | None = None
    files: tuple[FileRef, ...] = ()
    actor: str | None = None
    duration: timedelta | None = None


@dataclass(frozen=True, slots=True)
class TellSupervisors:
    """A private message to every supervisor."""

    complaint_id: int
    kind: str
    text: str | None = None
    actor: str | None = None
    duration: timedelta | None = None


@dataclass(frozen=True, slots=True)
class TellAssignee:
    """A private message to the staff member handling the complaint."""

    complaint_id: int
    kind: str
    duration: timedelta | None = None


Notice = NewComplaint | CardChanged | TellComplainant | TellStaff | TellSupervisors | TellAssignee


@dataclass
class Notices:
    """The notices of one update (or one timer run), in order."""

    items: list[Notice] = field(default_factory=list)

    def add(self, notice: Notice) -> None:
        """Ask for someone to be told something."""
        self.items.append(notice)
