"""The only code that knows the Bot API's wire details: how a call is serialised and sent, how
a call kept in the outbox is rebuilt, and how results are read."""
