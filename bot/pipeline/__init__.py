"""The durable path of an update: inbox, processing, outbox, per-chat lanes and timers."""
