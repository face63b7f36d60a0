"""The bulk path's internals do not change the findings: threads, and short or long keys.

Long frames run their independent steps in a thread pool (:mod:`bbic_su.frames._threads`);
the threshold is lowered here so a small synthetic dataset takes the threaded path,
with two workers even on a one-CPU machine, and its report must equal the inline
one exactly. Key columns whose keys all fit in eight bytes are linked through their
bytes as words (:mod:`bbic_su.frames._keyids`), longer ones through factorisation codes:
the same dataset with its keys renamed short or long must give the same findings.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
import pytest

import bbic_su
from bbic_su import synth
from bbic_su.frames import _threads
from bbic_su.frames._keyids import key_ids
from bbic_su.frames._parse import key_failures
from bbic_su.validation.issues import Issue

CAT = bbic_su.catalog()
CHILDREN = 3000
THRESHOLD = 1000
"""Lowered threshold: most record types of the dataset exceed it, one (uppfoljning) does not."""


@functools.cache
def dataset() -> bbic_su.Dataset:
    return synth.generate(children=CHILDREN, seed=3, error_rate=0.02)


CALLERS = {"build_view", "_record_type_issues"}
"""The steps of the bulk path that run in threads on long frames."""


class _Spy:
    """Counts the thread pools opened (by which caller) and the threads their steps ran in.

    Spies on :mod:`bbic_su.frames._threads` alone, so the call sites may use any of its helpers.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.callers: list[str] = []
        self.step_threads: set[str] = set()
        spy = self

        class CountingPool(ThreadPoolExecutor):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                frame = sys._getframe(1)
                while frame is not None and frame.f_code.co_name not in CALLERS:
                    frame = frame.f_back  # type: ignore[assignment]
                spy.callers.append(frame.f_code.co_name if frame is not None else "?")
                super().__init__(*args, **kwargs)

            def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
                def run() -> Any:
                    spy.step_threads.add(threading.current_thread().name)
                    return fn(*args, **kwargs)

                return super().submit(run)

        monkeypatch.setattr(_threads, "ThreadPoolExecutor", CountingPool)
        monkeypatch.setattr(_threads, "workers", lambda: 2)  # threads even on one CPU

    @property
    def pools(self) -> int:
        return len(self.callers)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> _Spy:
    return _Spy(monkeypatch)


def test_threaded_report_equals_inline_report(spy: _Spy, monkeypatch: pytest.MonkeyPatch) -> None:
    ds = dataset()
    longest = max(ds.n_rows(rt) for rt in ds.record_types)
    assert min(ds.n_rows(rt) for rt in ds.record_types) < THRESHOLD <= longest
    monkeypatch.setattr(_threads, "THREADED_ROWS", longest + 1)
    inline = bbic_su.validate(ds)
    assert spy.pools == 0
    assert not spy.step_threads

    monkeypatch.setattr(_threads, "THREADED_ROWS", THRESHOLD)
    threaded = bbic_su.validate(ds)
    # both threaded steps opened pools, and their steps ran in the pools' threads
    assert set(spy.callers) == CALLERS
    assert spy.step_threads
    assert all(name.startswith("bbic-su") for name in spy.step_threads)
    assert threading.current_thread().name not in spy.step_threads

    assert threaded.rows == inline.rows
    assert threaded.issues == inline.issues
    assert len(inline.issues) > 100
    assert {i.record_type for i in inline.issues if i.row is not None} >= {
        "barn",
        "aktualisering",
        "utredning",
        "insats",
        "uppfoljning",
    }


def test_threaded_report_is_stable_across_runs(spy: _Spy, monkeypatch: pytest.MonkeyPatch) -> None:
    ds = dataset()
    monkeypatch.setattr(_threads, "THREADED_ROWS", THRESHOLD)
    some = bbic_su.validate(ds)
    partly = spy.pools
    monkeypatch.setattr(_threads, "THREADED_ROWS", 1)  # every frame with a row
    first = bbic_su.validate(ds)
    every = spy.pools - partly
    second = bbic_su.validate(ds)
    assert 0 < partly < every  # the threshold decides, frame by frame
    assert spy.pools == partly + 2 * every
    assert first.issues == some.issues
    assert second.issues == first.issues
    assert second.rows == first.rows == some.rows


# ------------------------------------------------------------------- short and long keys

LONG_PREFIX = "uuid-0f8fad5b-d9cb-469f-a165-b0867728c50e:"
"""Makes every key far longer than a word, yet safe (no ten-digit run) and under 64 bytes."""


def _id_columns(rt: str) -> set[str]:
    return {k.field for k in CAT.record_type(rt).keys if k.role != "organisation"}


def _key_texts(ds: bbic_su.Dataset) -> set[str]:
    texts: set[str] = set()
    for rt in ds.record_types:
        frame = ds[rt]
        for i, name in enumerate(frame.columns):
            if name in _id_columns(rt):
                texts.update(v for v in frame.iloc[:, i].dropna().tolist())
    return texts


def _renamed(ds: bbic_su.Dataset, rename: dict[str, str]) -> bbic_su.Dataset:
    """``ds`` with every id column's keys renamed (columns kept in place, dtype "str")."""
    frames: dict[str, pd.DataFrame] = {}
    for name, frame in ds.frames.items():
        out = frame.copy()
        if name in ds.record_types:
            for i, col in enumerate(frame.columns):
                if col in _id_columns(name):
                    series = frame.iloc[:, i]
                    renamed = [None if pd.isna(v) else rename[v] for v in series.tolist()]
                    out.isetitem(i, pd.array(renamed, dtype="str"))
        frames[name] = out
    return bbic_su.Dataset(frames)


def _short_names(texts: set[str]) -> dict[str, str]:
    """An injective renaming to keys of at most eight bytes, unsafe keys staying unsafe."""
    ordered = sorted(texts)
    unsafe = key_failures(pd.Series(ordered, dtype="str")).tolist()
    return {
        t: (f"\x01{n:x}" if bad else f"k{n:x}")
        for n, (t, bad) in enumerate(zip(ordered, unsafe, strict=True))
    }


def _shape(issues: tuple[Issue, ...]) -> list[tuple[object, ...]]:
    return sorted(
        (
            (
                i.code.value,
                i.rule or "",
                i.record_type or "",
                i.row or 0,
                i.variable or "",
                repr(i.value),
            )
            for i in issues
        ),
        key=repr,
    )


def _words(ds: bbic_su.Dataset) -> dict[tuple[str, str], bool]:
    out = {}
    for rt in ds.record_types:
        frame = ds[rt]
        for i, col in enumerate(frame.columns):
            if col in _id_columns(rt):
                out[rt, col] = key_ids(frame.iloc[:, i]).words
    return out


def _failures(ds: bbic_su.Dataset) -> dict[tuple[str, int], list[bool]]:
    out = {}
    for rt in ds.record_types:
        frame = ds[rt]
        for i, col in enumerate(frame.columns):
            if col in _id_columns(rt):
                out[rt, i] = key_failures(frame.iloc[:, i].astype("str")).tolist()
    return out


def test_short_and_long_keys_give_the_same_findings() -> None:
    ds = synth.generate(children=600, seed=3, error_rate=0.02)
    texts = _key_texts(ds)
    short = _renamed(ds, _short_names(texts))
    long = _renamed(ds, {t: LONG_PREFIX + t for t in texts})
    for renamed in (short, long):  # the renaming keeps every key's (un)safety
        assert _failures(renamed) == _failures(ds)

    # the short keys take the word path, the long ones the factorised one
    short_words, long_words = _words(short), _words(long)
    assert short_words
    assert all(short_words.values()), short_words
    assert not any(long_words.values()), long_words

    base = bbic_su.validate(ds)
    found_short = bbic_su.validate(short)
    found_long = bbic_su.validate(long)
    codes = {i.code.value for i in base.issues}
    assert {"duplicate-key", "missing-parent", "parent-child-mismatch", "invalid-key"} <= codes
    assert _shape(found_short.issues) == _shape(base.issues)
    assert _shape(found_long.issues) == _shape(base.issues)
    assert found_short.rows == base.rows
    assert found_long.rows == base.rows


def test_threads_env_caps_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """``BBIC_SU_THREADS`` caps the pool; junk or zero is ignored."""
    import bbic_su.frames._threads as threads

    monkeypatch.delenv("BBIC_SU_THREADS", raising=False)
    free = threads.workers()
    assert 1 <= free <= 8
    monkeypatch.setenv("BBIC_SU_THREADS", "1")
    assert threads.workers() == 1
    calls: list[int] = []
    monkeypatch.setattr(threads, "ThreadPoolExecutor", lambda *a, **k: calls.append(1))
    assert threads.run_all([lambda: 1, lambda: 2], rows=10**9) == [1, 2]
    assert calls == []  # one thread: no pool at all
    for junk in ("", "zero", "0", "-2"):
        monkeypatch.setenv("BBIC_SU_THREADS", junk)
        assert threads.workers() == free


def _reader(items: list[int], fail_at: int | None = None) -> Any:
    for i, item in enumerate(items):
        if i == fail_at:
            raise ValueError(f"unreadable block {i}")
        yield item


@pytest.mark.parametrize("threads", ["1", "2"])
def test_read_ahead_keeps_order_and_errors(monkeypatch: pytest.MonkeyPatch, threads: str) -> None:
    monkeypatch.setattr(_threads, "workers", lambda: int(threads))
    assert list(_threads.read_ahead(_reader(list(range(50))))) == list(range(50))
    failing = _threads.read_ahead(_reader(list(range(10)), fail_at=3))
    assert [next(failing) for _ in range(3)] == [0, 1, 2]  # every item before the failure
    with pytest.raises(ValueError, match="unreadable block 3"):
        next(failing)
    early = _threads.read_ahead(_reader(list(range(10))))
    assert next(early) == 0
    early.close()  # closing waits for the item being read; no thread is left behind
    assert not [t for t in threading.enumerate() if t.name.startswith("bbic-su-read")]
