"""The bot's end of the relay process (`bot.http_relay_worker`), which makes its HTTP calls.

A Bot API call through aiohttp cost the bot's process 300-450 µs of CPU; through the relay,
165-200 µs (aiogram's own path and the body), and the HTTP runs on the machine's other core.
The relay is started on the first call and again after it dies; a call it never answered
fails as a network error, which the callers already retry."""

import asyncio
import itertools
import logging
import sys

from bot.http_relay_worker import NETWORK_ERROR, TIMED_OUT

__all__ = ["NETWORK_ERROR", "TIMED_OUT", "Relay", "RelayError", "RelayUnavailable"]

log = logging.getLogger(__name__)


class RelayError(Exception):
    """The relay did not answer: it died, was closed, or took too long."""


class RelayUnavailable(RelayError):
    """The relay process cannot be started here at all."""


class Relay:
    """Starts the relay process, hands it calls, matches its answers; one per bot."""

    def __init__(self, python: str = sys.executable, grace: float = 5.0) -> None:
        self._python = python
        # Beyond a call's own timeout, which the relay enforces: time for its answer to come
        # back. A relay that lets it pass is stuck, and is replaced.
        self._grace = grace
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._starting = asyncio.Lock()
        self._waiting: dict[bytes, asyncio.Future[tuple[int, bytes]]] = {}
        self._ids = itertools.count(1)
        self._closed = False

    @property
    def pid(self) -> int | None:
        """The relay's process id while it runs (tests, benchmarks)."""
        process = self._usable()
        return None if process is None else process.pid

    async def post(self, url: str, body: bytes, timeout: float) -> tuple[int, bytes]:  # noqa: ASYNC109
        """POST `body` (JSON) to `url`: the HTTP status and the response body, or status
        `NETWORK_ERROR` / `TIMED_OUT` with the reason as the body."""
        process = await self._running()
        call_id = b"%d" % next(self._ids)
        answer: asyncio.Future[tuple[int, bytes]] = asyncio.get_running_loop().create_future()
        self._waiting[call_id] = answer
        try:
            assert process.stdin is not None
            process.stdin.write(
                b"R %s %g %d %s\n%s" % (call_id, timeout, len(body), url.encode(), body)
            )
            async with asyncio.timeout(timeout + self._grace):
                return await answer
        except TimeoutError as error:
            if process.returncode is None:
                log.warning("the relay let a call go unanswered past its deadline; replacing it")
                process.kill()
            raise RelayError("the relay did not answer in time") from error
        except asyncio.CancelledError:
            stdin = process.stdin
            if process.returncode is None and stdin is not None and not stdin.is_closing():
                stdin.write(b"C %s\n" % call_id)
            raise
        finally:
            self._waiting.pop(call_id, None)

    async def close(self, grace: float = 5.0) -> None:
        """Let the relay go for good: it drops what is in flight and exits; it is killed if
        it lingers, and calls from now on fail."""
        self._closed = True
        await self._stop(grace)

    async def _stop(self, grace: float) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.returncode is None:
            assert process.stdin is not None
            process.stdin.close()
            try:
                async with asyncio.timeout(grace):
                    await process.wait()
            except TimeoutError:
                process.kill()
                await process.wait()
        if self._reader is not None:
            await asyncio.wait([self._reader])
            self._reader = None

    def _usable(self) -> asyncio.subprocess.Process | None:
        process, reader = self._process, self._reader
        if process is None or process.returncode is not None or reader is None or reader.done():
            return None
        return process

    async def _running(self) -> asyncio.subprocess.Process:
        process = self._usable()
        if process is not None:
            return process
        async with self._starting:
            if self._closed:
                raise RelayError("the relay is closed")
            return self._usable() or await self._start()

    async def _start(self) -> asyncio.subprocess.Process:
        if self._process is not None:
            await self._stop(grace=0.5)
        try:
            process = await asyncio.create_subprocess_exec(
                self._python,
                "-m",
                "bot.http_relay_worker",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                limit=1 << 20,
            )
        except OSError as error:
            raise RelayUnavailable(f"could not start the relay: {error}") from error
        self._process = process
        self._reader = asyncio.create_task(self._read(process), name="http-relay-reader")
        return process

    async def _read(self, process: asyncio.subprocess.Process) -> None:
        """Hand each answer to the call waiting for it; when the relay goes, fail the rest."""
        stream = process.stdout
        assert stream is not None
        try:
            while header := await stream.readline():
                call_id, status, length = header.split()
                content = await stream.readexactly(int(length))
                answer = self._waiting.get(call_id)
                if answer is not None and not answer.done():
                    answer.set_result((int(status), content))
        except (asyncio.IncompleteReadError, ValueError) as error:
            log.error("the relay's answer could not be read (%s)", error)
        finally:
            if process.returncode is None and process is self._process:
                log.warning("the relay stopped answering; it will be started again")
            for answer in list(self._waiting.values()):
                if not answer.done():
                    answer.set_exception(RelayError("the relay stopped"))
