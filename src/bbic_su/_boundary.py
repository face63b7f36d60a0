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
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from bbic_su.errors import BbicSuError, InternalError

__all__ = ["FileAccessError", "boundary"]

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
