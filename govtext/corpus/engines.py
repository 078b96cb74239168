"""Where batches run: local worker processes, or a Dask cluster.

An engine is a context manager giving ``submit(fn, *args) -> future`` and
``wait_first(futures) -> (done, pending)``; the runner streams batches through it
with a bounded number in flight, so the corpus is never held in memory.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from ..errors import MissingTool

ENGINES = ("local", "dask")
_PR_SET_PDEATHSIG = 1


@dataclass(slots=True)
class Engine:
    submit: Callable[..., Any]
    wait_first: Callable[[set], tuple[set, set]]
    workers: int


@contextmanager
def local_engine(workers: int) -> Iterator[Engine]:
    """Forked worker processes that share the parent's warmed libraries copy-on-write.

    The workers are forked here, before the caller starts threads of its own (the
    progress bar), so no lock held by another thread is copied into them.  fork needs
    no ``__main__`` guard; a script that switches this to spawn or forkserver must
    guard its entry point, or every worker re-runs it.
    """
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        gc.freeze()  # the parent's objects: never scanned, nor their pages copied, by a worker's GC
        try:
            pool.submit(int).result()  # forks all workers now
        finally:
            gc.unfreeze()              # the parent's own collections go on as before
        yield Engine(submit=pool.submit, wait_first=_wait_first, workers=workers)


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the run's process dies (Linux), so a killed
    run leaves no worker behind still writing parts (elsewhere the run's lock waits)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _wait_first(futures: set) -> tuple[set, set]:
    done, pending = wait(futures, return_when=FIRST_COMPLETED)
    return set(done), set(pending)


@contextmanager
def dask_engine(scheduler: str | None, workers: int) -> Iterator[Engine]:
    """A dask.distributed cluster at ``scheduler``, or a local one of ``workers`` processes.

    Workers write their parts straight into the output folder, so on a real cluster
    that folder must be on storage every worker and the client share, at the same path.
    """
    try:
        from distributed import Client, LocalCluster
        from distributed import wait as dask_wait
    except ImportError:
        raise MissingTool(None, "the dask engine needs dask.distributed: pip install 'govtext[dask]'") from None
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1,
                                                  dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        n = sum(client.nthreads().values()) or workers

        def wait_first(futures: set) -> tuple[set, set]:
            done, pending = dask_wait(list(futures), return_when="FIRST_COMPLETED")
            return set(done), set(pending)

        def submit(fn: Callable[..., Any], *args: Any) -> Any:
            return client.submit(fn, *args, pure=False)

        yield Engine(submit=submit, wait_first=wait_first, workers=n)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
