"""`python -m bot run` does what `dadres run` does."""

import sys

from bot.cli import main

sys.exit(main())
