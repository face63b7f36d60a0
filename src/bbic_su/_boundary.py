"""The error boundary of the public API: only :class:`~bbic_su.errors.BbicSuError` leaves it.

>>> from bbic_su._boundary import boundary
>>> @boundary
... def parse(text: str) -> int:
...     return int(text)
>>> parse("12")
12
>>> parse("x" * 80)
Traceback (most recent call last):
...
bbic_su.errors.InternalError: internal error in parse (ValueError)

Every public function that reads user input or computes on user data is
wrapped. An exception bbic-su raised on purpose passes unchanged. A file that
cannot be opened or written (:class:`OSError`) becomes :class:`FileAccessError`
(naming the file's base name and the system's reason, never its contents).
Anything else was not foreseen: it becomes
:class:`~bbic_su.errors.InternalError`, whose message names the function and
the exception type only, with the original exception kept as ``__cause__``
so a developer still sees where it came from. ``KeyboardInterrupt`` and
``SystemExit`` pass untouched.

Options are keyword-only. :func:`keywords` keeps the positional calls of 0.2
working for one minor release, with a :class:`DeprecationWarning`:

>>> import warnings
>>> from bbic_su._boundary import keywords
>>> @keywords("plan")
... def check(data: str, *, plan: str | None = None) -> str:
...     return f"{data}/{plan}"
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     check("d", "p")
'd/p'
>>> str(caught[0].message)
'check(): pass plan by keyword (plan=...); positional options go in 0.4'
"""

from __future__ import annotations

import functools
import os
import warnings
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from bbic_su.errors import BbicSuError, InternalError

__all__ = ["FileAccessError", "boundary", "keywords"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


class FileAccessError(BbicSuError, OSError):
    """A file or folder cannot be opened, read or written (the reason comes from the system)."""


def _file_error(exc: OSError) -> FileAccessError:
    name = os.path.basename(os.fspath(exc.filename)) if exc.filename is not None else ""
    reason = exc.strerror or type(exc).__name__
    return FileAccessError(f"{name}: {reason}" if name else reason)


def boundary(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Wrap ``fn`` so that every exception leaving it is a :class:`BbicSuError`."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return fn(*args, **kwargs)
        except BbicSuError:
            raise
        except OSError as exc:
            raise _file_error(exc) from exc
        except Exception as exc:
            raise InternalError(fn.__name__, exc) from exc

    return wrapper


def keywords(*names: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Accept the keyword-only options ``names`` positionally too, deprecated (see above).

    Args:
        names: The options that were positional in 0.2, in their old order.
    """

    def wrap(fn: Callable[_P, _R]) -> Callable[_P, _R]:
        inner: Any = fn
        while hasattr(inner, "__wrapped__"):
            inner = inner.__wrapped__
        n = inner.__code__.co_argcount  # the parameters that are still positional

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> _R:
            extra = args[n:]
            if extra:
                if len(extra) > len(names):
                    raise TypeError(f"{fn.__name__}() takes {n + len(names)} positional arguments")
                old = names[: len(extra)]
                for name, value in zip(old, extra, strict=True):
                    if name in kwargs:
                        raise TypeError(f"{fn.__name__}() got multiple values for {name!r}")
                    kwargs[name] = value
                warnings.warn(
                    f"{fn.__name__}(): pass {', '.join(old)} by keyword"
                    f" ({', '.join(f'{o}=...' for o in old)}); positional options go in 0.4",
                    DeprecationWarning,
                    stacklevel=2,
                )
            return fn(*args[:n], **kwargs)

        return wrapper  # the same parameters, as type checkers see them

    return wrap
