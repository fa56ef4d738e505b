"""Load benchmarks that drive the real bot through the fake Telegram Bot API."""
