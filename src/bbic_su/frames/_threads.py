"""Running independent steps of the bulk path in threads, for long frames only.

>>> from bbic_su.frames._threads import thread_map
>>> thread_map(lambda x: x * x, [1, 2, 3], rows=10)  # short: run in this thread
[1, 4, 9]

The hot paths are Arrow hash passes and numpy kernels over whole columns, which release
the GIL, so on a machine with several cores parsing columns, or evaluating the rule
checks while the sibling-record rules run, overlaps. Results come back in the order of
the inputs, so the findings do not depend on scheduling. The environment variable
``BBIC_SU_THREADS`` caps the number of threads (``1``: everything in the calling
thread), e.g. for a server that runs several validations side by side. Steps run in
threads share caches only where a race can do no more than compute the same value
twice.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import TypeVar, cast

__all__ = ["THREADED_ROWS", "read_ahead", "run_all", "start_all", "thread_map", "workers"]

T = TypeVar("T")
R = TypeVar("R")

THREADED_ROWS = 200_000
"""Frames with fewer rows run every step in the calling thread (threads would cost more
than they save)."""

_MAX_WORKERS = 8


def workers() -> int:
    """The number of CPUs this process may run on (at most 8, or ``BBIC_SU_THREADS``)."""
    affinity = getattr(os, "sched_getaffinity", None)  # not on macOS and Windows
    cpus = len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)
    cap = os.environ.get("BBIC_SU_THREADS", "").strip()
    limit = int(cap) if cap.isdigit() and int(cap) > 0 else _MAX_WORKERS
    return max(1, min(cpus, limit))


def _pool_size(steps: int, rows: int) -> int:
    """Threads for ``steps`` steps over a frame of ``rows`` rows (0: run them inline)."""
    count = min(steps, workers())
    return count if rows >= THREADED_ROWS and count >= 2 else 0


def thread_map(fn: Callable[[T], R], items: Sequence[T], *, rows: int) -> list[R]:
    """``[fn(i) for i in items]``, in a thread pool when ``rows`` is large (same order).

    Args:
        fn: The step; must not depend on the others' side effects.
        items: Its inputs.
        rows: The frame's length, which decides whether threads pay off.
    """
    with start_all([partial(fn, i) for i in items], rows=rows) as running:
        return [f.result() for f in running]


def run_all(steps: Sequence[Callable[[], R]], *, rows: int) -> list[R]:
    """``[step() for step in steps]``, in a thread pool when ``rows`` is large (same order)."""
    with start_all(steps, rows=rows) as running:
        return [f.result() for f in running]


@contextmanager
def start_all(steps: Sequence[Callable[[], R]], *, rows: int) -> Iterator[list[Future[R]]]:
    """Start ``steps`` (in a thread pool when ``rows`` is large) and yield their futures.

    The caller can use the first results while later steps still run; leaving the
    block waits for all of them. For short frames every step has run, in order, before
    the futures are yielded.
    """
    count = _pool_size(len(steps), rows)
    if not count:
        done: list[Future[R]] = []
        for step in steps:
            future: Future[R] = Future()
            future.set_result(step())
            done.append(future)
        yield done
        return
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="bbic-su") as pool:
        yield [pool.submit(step) for step in steps]


_END = object()


def read_ahead(items: Iterable[T]) -> Iterator[T]:
    """The items of ``items``, each next one taken in a worker thread while this one is used.

    For a producer that spends its time in code that releases the GIL (the columnar
    reader: Arrow parsing, trimming and testing a block of a file): the next chunk is
    read while the caller maps the one before. Items come in order,
    an exception of the reader is raised here, at the item it replaces; with one CPU
    (or ``BBIC_SU_THREADS=1``) it is plain iteration. Closing the generator waits for
    the item being read.

    >>> list(read_ahead(iter([1, 2, 3])))
    [1, 2, 3]
    """
    source = iter(items)
    if workers() < 2:
        yield from source
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bbic-su-read") as pool:
        pending = pool.submit(next, source, _END)
        while True:
            item = pending.result()
            if item is _END:
                return
            pending = pool.submit(next, source, _END)
            yield cast(T, item)
