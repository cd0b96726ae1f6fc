"""Pagefind's own binary as a service: records in, an index folder out.

Pagefind's Python API (``pagefind.index``) speaks to the same binary (``pagefind_extended
--service``) but reads each answer after a 0.1 s sleep: 100,000 records would take three
hours. This client speaks the service's protocol itself — base64 JSON messages, each
ended by a comma, on stdin and stdout — sending records without waiting and reading the
answers on a thread, and it owns the child process, whose peak memory it reports
(``/proc/<pid>/status`` VmHWM): one index is held in memory whole until it is written.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from newsmirror.errors import NewsmirrorError


class SearchIndexError(NewsmirrorError):
    """Pagefind could not build an index (not installed, refused a record, stopped)."""


def pagefind_binary() -> Path:
    """The Pagefind binary: ``$PAGEFIND_BINARY_PATH``, else the extended build that the
    ``pagefind[extended]`` package installs (it segments Chinese and Japanese)."""
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise SearchIndexError("Pagefind is not installed: pip install 'pagefind[extended]'"
                               ) from exc
    found = get_executable()
    if found is None:
        raise SearchIndexError("no Pagefind binary: pip install 'pagefind[extended]' "
                               "(or set PAGEFIND_BINARY_PATH)")
    return found


class PagefindService:
    """One ``pagefind --service`` process building one index. Use as a context
    manager: records are sent as they come (:meth:`add`), :meth:`write` waits for the
    index to be on disk, and any record Pagefind refused is raised there."""

    def __init__(self, language: str, binary: Path | None = None) -> None:
        self._log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        try:
            self._process = subprocess.Popen(
                [str(binary or pagefind_binary()), "--service"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=self._log)
        except OSError as exc:
            self._log.close()
            raise SearchIndexError(f"Pagefind could not start: {exc}") from exc
        self._sent = 0
        self._waiting: dict[int, dict[str, Any] | None] = {}
        self._errors: list[str] = []
        self._ended = False
        self._answers = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._index = int(self._ask({"type": "NewIndex",
                                     "config": {"force_language": language}})["index_id"])

    def add(self, url: str, content: str, language: str, meta: dict[str, str]) -> None:
        self._send({"type": "AddRecord", "index_id": self._index, "url": url,
                    "content": content, "language": language, "meta": meta,
                    "filters": None, "sort": None})

    def write(self, folder: Path) -> None:
        """Write the index into ``folder`` (a whole Pagefind bundle)."""
        self._ask({"type": "WriteFiles", "index_id": self._index,
                   "output_path": str(folder)})
        with self._answers:
            if self._errors:
                raise SearchIndexError(f"Pagefind refused a record: {self._errors[0]}")

    def peak_mb(self) -> float | None:
        """The process's peak resident memory so far (Linux), in MB."""
        try:
            status = Path(f"/proc/{self._process.pid}/status").read_text(encoding="ascii")
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None

    def close(self) -> None:
        if self._process.stdin is not None and not self._process.stdin.closed:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout=5)
        self._log.close()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    # The protocol.

    def _send(self, payload: dict[str, Any], *, answer: bool = False) -> int:
        self._sent += 1
        if answer:
            with self._answers:
                self._waiting[self._sent] = None
        message = json.dumps({"message_id": self._sent, "payload": payload})
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        except (BrokenPipeError, ValueError) as exc:
            raise SearchIndexError(f"Pagefind stopped: {self._stopped()}") from exc
        return self._sent

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        number = self._send(payload, answer=True)
        assert self._process.stdin is not None
        try:
            self._process.stdin.flush()
        except BrokenPipeError as exc:
            raise SearchIndexError(f"Pagefind stopped: {self._stopped()}") from exc
        with self._answers:
            self._answers.wait_for(lambda: self._waiting[number] is not None or self._ended)
            found = self._waiting.pop(number)
        if found is None:
            raise SearchIndexError(f"Pagefind stopped: {self._stopped()}")
        if found.get("type") == "Error":
            raise SearchIndexError(f"Pagefind: {found.get('message')}")
        return found

    def _read(self) -> None:
        assert self._process.stdout is not None
        pending = b""
        answers = self._process.stdout.fileno()
        while chunk := os.read(answers, 1 << 16):
            *messages, pending = (pending + chunk).split(b",")
            for message in messages:
                self._take(json.loads(base64.b64decode(message)))
        with self._answers:
            self._ended = True
            self._answers.notify_all()

    def _take(self, message: dict[str, Any]) -> None:
        number, payload = message.get("message_id"), message.get("payload") or {}
        with self._answers:
            if number in self._waiting:
                self._waiting[number] = payload
                self._answers.notify_all()
            elif payload.get("type") == "Error":
                self._errors.append(str(payload.get("message")))

    def _stopped(self) -> str:
        code = self._process.poll()
        self._log.seek(0)
        said = self._log.read()[-500:].decode("utf-8", "replace").strip()
        return f"exit code {code}" + (f": {said}" if said else "")
