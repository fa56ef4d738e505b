"""The guided intake: one question at a time, Back and Cancel everywhere, a summary to confirm.

Read `flow.py` for the steps, `questions.py` for how each is asked and `router.py` for the
handlers that take the answers."""

from handlers.intake.questions import reask_if_in_intake
from handlers.intake.router import router

__all__ = ["reask_if_in_intake", "router"]
