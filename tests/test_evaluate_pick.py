"""``pick``: the mask of a code column equals the plain gather, whatever path it takes."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from bbic_su.expr._evaluate_frame import pick


@given(
    table=st.lists(st.booleans(), min_size=1, max_size=12),
    data=st.data(),
    dtype=st.sampled_from([np.int8, np.int16, np.int32, np.intp]),
)
def test_pick_equals_gather(table: list[bool], data: st.DataObject, dtype: type) -> None:
    k = len(table)
    rows = data.draw(st.lists(st.integers(-1, k - 1), max_size=60))
    index = np.array(rows, dtype=dtype)
    expected = np.array(table, dtype=bool)[index]
    got = pick(np.array(table, dtype=bool), index)
    assert got.dtype == bool
    assert got.tolist() == expected.tolist()
