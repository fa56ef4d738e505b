"""The relay process: makes the bot's Bot API calls over HTTP, so that HTTP (and TLS, against
the real Telegram) run on a core of their own while the bot's process handles updates.

It knows nothing of Telegram: it reads framed requests on stdin and writes framed answers on
stdout (`bot.http_relay` is the other end, and the only one that starts it). When stdin
closes, the bot is gone or done, so whatever is still in flight is dropped and it exits.

    request:  R <id> <timeout s> <body length> <url>\\n<body, JSON>
    cancel:   C <id>\\n
    answer:   <id> <HTTP status, or 0 for a network error, -1 for a timeout> <length>\\n<body>
"""

import asyncio
import os
import signal
import sys

import aiohttp

NETWORK_ERROR = 0
TIMED_OUT = -1
JSON = {"Content-Type": "application/json"}


class Worker:
    """The calls in flight, each its own task, answered in the order they finish."""

    def __init__(self, session: aiohttp.ClientSession, out: asyncio.WriteTransport) -> None:
        self._session = session
        self._out = out
        self._calls: dict[bytes, asyncio.Task[None]] = {}
        self._timeouts: dict[bytes, aiohttp.ClientTimeout] = {}

    def start(self, call_id: bytes, seconds: bytes, url: str, body: bytes) -> None:
        task = asyncio.create_task(self._call(call_id, seconds, url, body))
        self._calls[call_id] = task
        task.add_done_callback(lambda _: self._calls.pop(call_id, None))

    def cancel(self, call_id: bytes) -> None:
        task = self._calls.get(call_id)
        if task is not None:
            task.cancel()

    def cancel_all(self) -> None:
        for task in list(self._calls.values()):
            task.cancel()

    async def _call(self, call_id: bytes, seconds: bytes, url: str, body: bytes) -> None:
        limit = self._timeouts.get(seconds)
        if limit is None:
            limit = self._timeouts[seconds] = aiohttp.ClientTimeout(total=float(seconds))
        try:
            async with self._session.post(url, data=body, headers=JSON, timeout=limit) as resp:
                status, content = resp.status, await resp.read()
        except TimeoutError:
            status, content = TIMED_OUT, b"Request timeout error"
        except aiohttp.ClientError as error:
            status, content = NETWORK_ERROR, f"{type(error).__name__}: {error}".encode()
        if not self._out.is_closing():
            self._out.write(b"%s %d %d\n%s" % (call_id, status, len(content), content))


async def serve(stdin: int = 0, stdout: int = 1) -> None:
    """Relay until stdin closes."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(stdin, "rb", buffering=0)
    )
    out, _ = await loop.connect_write_pipe(asyncio.Protocol, os.fdopen(stdout, "wb", buffering=0))
    connector = aiohttp.TCPConnector(limit=100)
    async with aiohttp.ClientSession(connector=connector) as session:
        worker = Worker(session, out)  # type: ignore[arg-type]
        while line := await reader.readline():
            kind, call_id, *rest = line.split(b" ", 4)
            if kind == b"R":
                timeout, length, url = rest
                body = await reader.readexactly(int(length))
                worker.start(call_id, timeout, url.rstrip(b"\n").decode(), body)
            elif kind == b"C":
                worker.cancel(call_id.rstrip(b"\n"))
        worker.cancel_all()
        await asyncio.sleep(0)
    out.close()


def main() -> None:
    # Ctrl-C in a terminal and a service manager's SIGTERM reach the whole process group: the
    # bot then shuts down gracefully and still needs its calls made; it closes stdin when done.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        asyncio.run(serve())
    except (asyncio.IncompleteReadError, BrokenPipeError):
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
