"""``python -m bbic_su``: the same as the ``bbic-su`` command.

>>> from bbic_su.cli import main
>>> main(["--version"])  # doctest: +ELLIPSIS
bbic-su ... (spec ...)
0
"""

from __future__ import annotations

import sys

from bbic_su.cli import main

if __name__ == "__main__":
    sys.exit(main())
