"""The unit of work of every engine: parse a batch of files and write its parts.

``process_batch`` runs in a worker (a forked process, or a thread of a Dask worker),
never holds more than one batch, and never raises for a bad file: the failure, or a
file that runs over the time limit, becomes a row of ``errors``.
"""
from __future__ import annotations

import ctypes
import math
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa

from ..errors import GovtextError
from ..pipeline import parse_or_error
from .schema import TABLES, Rows, empty_rows, error_to_rows, report_to_rows, rows_to_table
from .store import write_parts


class FileTimeout(BaseException):
    """Raised inside the worker thread when one file runs over the time limit.

    A BaseException, like KeyboardInterrupt, so no ``except Exception`` in a stage
    swallows it."""


@dataclass(slots=True)
class BatchDone:
    """What a worker sends back: small, whatever the batch held."""
    part: str
    sources: list[str]
    rows: dict[str, int]
    #: (format or None for a failed file, CPU seconds of this thread) per file: the
    #: per-core cost of parsing, whatever else shares the machine.
    timings: list[tuple[str | None, float]] = field(default_factory=list)
    errors: int = 0


def process_batch(out: str, part: str, paths: list[str], timeout: float) -> BatchDone:
    """Parse ``paths`` and write their rows as part ``part`` of each table under ``out``."""
    done = BatchDone(part=part, sources=list(paths), rows={})
    per_file: list[tuple[str, Rows]] = []
    for path in paths:
        t0 = time.thread_time()
        fmt, rows = _parse(path, timeout)
        done.timings.append((fmt, time.thread_time() - t0))
        per_file.append((path, rows))
    try:
        merged = _merge(rows for _, rows in per_file)
        done.rows = write_parts(Path(out), part, merged)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        merged = _merge(_conforming(path, rows) for path, rows in per_file)
        done.rows = write_parts(Path(out), part, merged)
    done.errors = len(merged["errors"])
    return done


def _parse(path: str, timeout: float) -> tuple[str | None, Rows]:
    """One file's rows, and its format (None when the file became an error row)."""
    rows = empty_rows()
    try:
        with time_limit(timeout):
            report = parse_or_error(path)
    except FileTimeout:
        error_to_rows(path, "Timeout", f"{path}: parsing took longer than {timeout:g} s", rows)
        return None, rows
    if isinstance(report, GovtextError):
        error_to_rows(path, type(report).__name__, str(report), rows)
        return None, rows
    report_to_rows(report, path, rows)
    return report.format, rows


def _merge(parts: Iterable[Rows]) -> Rows:
    merged = empty_rows()
    for rows in parts:
        for name in TABLES:
            merged[name].extend(rows[name])
    return merged


def _conforming(path: str, rows: Rows) -> Rows:
    """The file's rows if they fit the schemas, else an error row saying what does not
    (a stage returned a value of the wrong type: the batch is kept, the file is not)."""
    for name in TABLES:
        try:
            rows_to_table(name, rows[name])
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
            bad = empty_rows()
            error_to_rows(path, "SchemaError", f"{path}: a {name} row does not fit the "
                                               f"table's schema ({exc})", bad)
            return bad
    return rows


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`FileTimeout` in this thread when the block runs over ``seconds``.

    The process's one watchdog thread injects the exception into the running thread,
    which works in a forked worker's main thread and in a Dask worker's task thread alike
    (SIGALRM only reaches a main thread).  Like a signal handler, it takes effect between
    Python bytecodes, so it cannot cut short one long call into C.  One limit per thread
    at a time: limits do not nest.
    """
    dog = _watchdog()
    target = threading.get_ident()
    dog.arm(target, time.monotonic() + seconds)
    try:
        yield
    finally:
        dog.disarm(target)


class _Watchdog:
    """Deadlines of the threads under a limit, and the one thread that enforces them.

    Arming is a dict write under a lock, not a timer thread per file: the watchdog is
    woken only when a deadline comes earlier than the one it sleeps until, so a worker
    parsing file after file costs it about one wake-up per time limit.
    """

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.deadlines: dict[int, float] = {}
        self.wake = math.inf
        threading.Thread(target=self._run, name="govtext-time-limit", daemon=True).start()

    def arm(self, thread_id: int, deadline: float) -> None:
        with self.cond:
            self.deadlines[thread_id] = deadline
            if deadline < self.wake:
                self.wake = deadline
                self.cond.notify()

    def disarm(self, thread_id: int) -> None:
        with self.cond:
            self.deadlines.pop(thread_id, None)
            _async_raise(thread_id, None)  # drop a timeout that fired but was not delivered yet

    def _run(self) -> None:
        with self.cond:
            while True:
                now = time.monotonic()
                for thread_id, deadline in list(self.deadlines.items()):
                    if deadline <= now:
                        del self.deadlines[thread_id]
                        _async_raise(thread_id, FileTimeout)
                self.wake = min(self.deadlines.values(), default=math.inf)
                self.cond.wait(None if self.wake == math.inf else self.wake - now)


_dog: _Watchdog | None = None
_dog_lock = threading.Lock()


def _watchdog() -> _Watchdog:
    global _dog
    if _dog is None:
        with _dog_lock:
            if _dog is None:
                _dog = _Watchdog()
    return _dog


def _forget_watchdog() -> None:
    """A forked child has no copy of the parent's watchdog thread: it starts its own."""
    global _dog, _dog_lock
    _dog, _dog_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_watchdog)


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else ctypes.c_void_p())
