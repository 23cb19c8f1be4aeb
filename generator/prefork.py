"""Worker processes forked before they are needed, so that slow imports overlap the parent's own work.

datamodel-code-generator takes over half a second to import: as long as loading, overlaying and analysing a
small spec. A command forks the model worker first thing; it imports its library while the parent does those
stages, then the parent hands it the prepared schemas as JSON text and validates the spec while the models are
built (one more worker for validation only competed with this one for the cores). Requests are served in
order, one at a time, so the same worker serves every target of a command.

Where fork is unavailable, on a single core, or if the child dies (out of memory, killed), `run` returns
None and the caller does the work itself: the worker only ever changes how long a run takes, never its output.

The tasks are named by import path (`"generator.models:run_serialized"`) and imported by the child, so that
the console entry point (`generator.entry`) can fork the worker before it imports click or any stage.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ClientgenError

_OK, _ERROR = b"k", b"e"
# A function, or its import path as "package.module:function" (imported in the child).
Task = Callable[..., Any] | str

MODEL_TASKS = ("generator.models:import_datamodel_codegen", "generator.models:run_serialized")


class Worker:
    """One forked child that warms up, then runs `task` on each payload the parent submits, in order."""

    def __init__(self, warm: Task, task: Task) -> None:
        import multiprocessing

        self._process: Any = None
        self._unanswered: list[str] = []
        if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        # Two one-way pipes, so that the child sees end-of-file on its requests when the parent goes away.
        request_receive, self._request_send = context.Pipe(duplex=False)
        self._reply_receive, reply_send = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_serve,
            args=(warm, task, request_receive, reply_send, self._request_send, self._reply_receive),
            daemon=True,
        )
        self._process.start()
        request_receive.close()
        reply_send.close()

    def submit(self, payload: str) -> bool:
        """Hand `payload` to the child without waiting for it; False when there is no child to ask.

        The payload goes through a temporary file and only its name through the pipe: a pipe write larger
        than the pipe's buffer would block the parent until the child, perhaps still importing, reads it.
        """
        if self._process is None:
            return False
        handle, name = tempfile.mkstemp(prefix="clientgen-request-")
        with os.fdopen(handle, "wb") as file:
            file.write(payload.encode("utf-8"))
        self._unanswered.append(name)
        try:
            self._request_send.send_bytes(name.encode())
        except OSError:
            self.close()
            return False
        return True

    def result(self) -> str | None:
        """The child's answer to the oldest submitted payload; None if the child died (run it yourself)."""
        if self._process is None:
            return None
        try:
            reply = self._reply_receive.recv_bytes()
        except (EOFError, OSError):
            self.close()
            return None
        self._unanswered.pop(0)
        if reply[:1] == _ERROR:
            what, where, fix = json.loads(reply[1:])
            raise ClientgenError(what, where=where, fix=fix)
        return reply[1:].decode("utf-8")

    def run(self, payload: str) -> str | None:
        """`task(payload)` in the child; None when there is no child to ask (the caller runs it itself)."""
        return self.result() if self.submit(payload) else None

    def close(self) -> None:
        """End the child at once: between requests it holds nothing worth waiting for (perhaps a warm-up)."""
        if self._process is None:
            return
        process, self._process = self._process, None
        self._request_send.close()
        self._reply_receive.close()
        process.kill()
        process.join()
        for name in self._unanswered:
            with contextlib.suppress(OSError):
                os.unlink(name)
        self._unanswered.clear()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@dataclass
class Workers:
    """The workers a command starts first thing, before it imports the pipeline's heavier modules."""

    models: Worker | None = None

    def close(self) -> None:
        if self.models is not None:
            self.models.close()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def start_workers() -> Workers:
    """The model worker, taking the one started early by the entry point if there is one."""
    global _early
    if _early is not None:
        workers, _early = _early, None
        return workers
    return Workers(models=Worker(*MODEL_TASKS))


_early: Workers | None = None


def start_early() -> None:
    """Fork the workers now, for the next `start_workers` (a command that turns out not to need them closes them)."""
    global _early
    if _early is None:
        _early = start_workers()


def discard_early() -> None:
    global _early
    if _early is not None:
        workers, _early = _early, None
        workers.close()


def _resolve(task: Task) -> Callable[..., Any]:
    if callable(task):
        return task
    module, _, name = task.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function


def _serve(
    warm_task: Task,
    run_task: Task,
    requests: Any,
    replies: Any,
    *parent_ends: Any,
) -> None:
    # Ctrl-C reaches the whole process group; the parent handles it, and a daemon child is ended with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for end in parent_ends:
        end.close()
    task: Callable[[str], str] | None = None
    with contextlib.suppress(Exception):  # the task itself will report what is wrong, with a location
        task = _resolve(run_task)
        _resolve(warm_task)()
    while True:
        try:
            name = requests.recv_bytes().decode()
        except (EOFError, OSError):
            return
        try:
            payload = Path(name).read_text(encoding="utf-8")
            os.unlink(name)
            if task is None:
                task = _resolve(run_task)
            reply = _OK + task(payload).encode("utf-8")
        except ClientgenError as exc:
            reply = _ERROR + json.dumps([exc.what, exc.where, exc.fix]).encode("utf-8")
        except BaseException:
            # Quietly: the parent sees the pipe close and runs the task itself, where the failure is reported.
            os._exit(1)
        replies.send_bytes(reply)
