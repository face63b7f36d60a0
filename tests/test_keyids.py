"""Properties of the exact key identifiers: equal iff equal keys, word path, duplicates, links.

Keys are drawn to straddle the eight-byte word boundary (ASCII and multi-byte
UTF-8, exactly 7, 8 and 9 bytes), with empty strings, missing keys and NUL bytes,
and put into Arrow-backed series built every way the bulk path meets them: plain,
sliced (chunk offsets), several chunks, ``large_string`` and object dtype.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import example, given
from hypothesis import strategies as st

from bbic_su.frames._keyids import MISSING, KeyIds, duplicated, first_positions, key_ids

Keys = list[str | None]

BOUNDARY = [
    "",
    "a",
    "u1",
    "u12",
    "åä",  # 4 bytes
    "ä",
    "abcdefgh",  # 8 bytes
    "abcdefghi",  # 9 bytes
    "12345678",
    "123456789",
    "åäöa",  # 7 bytes
    "åäöab",  # 8 bytes
    "åäöabc",  # 9 bytes
    "€€a",  # 7 bytes
    "€€ab",  # 8 bytes
    "€€€",  # 9 bytes
    "a€€å",  # 9 bytes
]
NUL = ["\x00", "a\x00", "\x00a", "u1\x00", "abcdefg\x00"]

short_text = st.one_of(
    st.sampled_from([k for k in BOUNDARY if len(k.encode()) <= 8]),
    st.builds(lambda i: f"u{i}", st.integers(0, 30)),
    st.text(alphabet="abå€", max_size=4).filter(lambda t: len(t.encode()) <= 8),
)
any_text = st.one_of(
    short_text,
    st.sampled_from(BOUNDARY),
    st.text(alphabet="abå€\U0001f600", max_size=6),
    st.sampled_from(NUL),
)
short_keys = st.lists(st.one_of(short_text, st.none()), max_size=40)
any_keys = st.lists(st.one_of(any_text, st.none()), max_size=40)
key_lists = st.one_of(short_keys, any_keys)

FORMS = ("str", "object", "slice", "chunks", "concat", "large", "offset-chunks")


STRING = pa.string()


def _arrow(keys: Sequence[str | None], kind: pa.DataType = STRING) -> pa.Array:
    return pa.array(list(keys), type=kind)


def _series(form: str, keys: Keys, cut: int, junk: Keys) -> tuple[Keys, pd.Series]:
    """``keys`` (or the part of them the series holds) and a series of them in ``form``."""
    if form == "str":
        return keys, pd.Series(keys, dtype="str")
    if form == "object":
        return keys, pd.Series(keys, dtype=object)
    if form == "slice":  # a view into a longer array: the chunk has an offset
        held = pd.Series([*junk, *keys, *junk], dtype="str")
        return keys, held.iloc[len(junk) : len(junk) + len(keys)]
    if form == "chunks":
        chunks = pa.chunked_array([_arrow(keys[:cut]), _arrow(keys[cut:])], type=pa.string())
        return keys, pd.Series(pd.arrays.ArrowStringArray(chunks))
    if form == "concat":
        parts = [pd.Series(keys[:cut], dtype="str"), pd.Series(keys[cut:], dtype="str")]
        return keys, pd.concat(parts, ignore_index=True)
    if form == "large":
        chunks = pa.chunked_array(
            [_arrow(keys[:cut], pa.large_string()), _arrow(keys[cut:], pa.large_string())]
        )
        return keys, pd.Series(pd.arrays.ArrowStringArray(chunks))
    assert form == "offset-chunks"  # chunks that are slices of longer arrays, junk outside
    first = _arrow([*junk, *keys[:cut]]).slice(len(junk))
    second = _arrow([*keys[cut:], *junk]).slice(0, len(keys) - cut)
    chunks = pa.chunked_array([first, second], type=pa.string())
    return keys, pd.Series(pd.arrays.ArrowStringArray(chunks))


@st.composite
def keyed(draw: st.DrawFn, keys: st.SearchStrategy[Keys] = key_lists) -> tuple[Keys, pd.Series]:
    """Keys and a series holding them, in one of :data:`FORMS`."""
    values = draw(keys)
    form = draw(st.sampled_from(FORMS))
    cut = draw(st.integers(0, len(values)))
    junk = draw(st.lists(st.sampled_from(["abcdefghijkl", "\x00", "x\x00y", None]), max_size=3))
    held, series = _series(form, values, cut, junk)
    assert len(series) == len(held)
    if form in ("chunks", "large", "offset-chunks") and 0 < cut < len(values):
        assert series.array.__arrow_array__().num_chunks == 2
    return held, series


def _arrow_backed(series: pd.Series) -> bool:
    return getattr(series.dtype, "storage", None) == "pyarrow"


def _fits_words(keys: Keys) -> bool:
    return all(len(k.encode()) <= 8 and "\x00" not in k for k in keys if k is not None)


def _check_equality(keys: Keys, ids: KeyIds) -> None:
    values = ids.values
    assert values.dtype == np.int64
    assert len(values) == len(keys)
    missing = np.array([k is None for k in keys], dtype=bool)
    np.testing.assert_array_equal(values == MISSING, missing)
    for i, a in enumerate(keys):
        for j, b in enumerate(keys):
            if a is not None and b is not None:
                assert (values[i] == values[j]) == (a == b), (a, b, values[i], values[j])


def _naive_duplicated(keys: Sequence[object]) -> list[bool]:
    seen: set[object] = set()
    out = []
    for k in keys:
        out.append(k is not None and k in seen)
        if k is not None:
            seen.add(k)
    return out


# ------------------------------------------------------------------------ identifiers


@given(keyed())
@example((["u1", "u2", None, "u1"], pd.Series(["u1", "u2", None, "u1"], dtype="str")))
@example((["a", "a\x00", "a"], pd.Series(["a", "a\x00", "a"], dtype="str")))
@example((["", None, ""], pd.Series(["", None, ""], dtype="str")))
@example((["åäöab", "åäöabc"], pd.Series(["åäöab", "åäöabc"], dtype="str")))
def test_ids_equal_iff_keys_equal(case: tuple[Keys, pd.Series]) -> None:
    keys, series = case
    _check_equality(keys, key_ids(series))


@given(keyed())
@example((["abcdefgh", "€€ab", "", None], pd.Series(["abcdefgh", "€€ab", "", None], dtype="str")))
@example((["abcdefghi"], pd.Series(["abcdefghi"], dtype="str")))
@example((["€€€"], pd.Series(["€€€"], dtype="str")))
@example((["u1", "\x00"], pd.Series(["u1", "\x00"], dtype="str")))
@example(([], pd.Series([], dtype="str")))
def test_words_exactly_for_short_nul_free_arrow_keys(case: tuple[Keys, pd.Series]) -> None:
    keys, series = case
    ids = key_ids(series)
    assert ids.words == (_arrow_backed(series) and _fits_words(keys))


@given(key_lists)
def test_object_dtype_is_never_words_but_exact(keys: Keys) -> None:
    ids = key_ids(pd.Series(keys, dtype=object))
    assert not ids.words
    _check_equality(keys, ids)


@given(short_keys, short_keys)
def test_words_are_comparable_across_columns(left: Keys, right: Keys) -> None:
    a, b = key_ids(pd.Series(left, dtype="str")), key_ids(pd.Series(right, dtype="str"))
    assert a.words
    assert b.words
    for x, u in zip(left, a.values, strict=True):
        for y, v in zip(right, b.values, strict=True):
            if x is not None and y is not None:
                assert (u == v) == (x == y), (x, y)


@given(keyed(), st.data())
def test_any_slice_has_the_same_equality_structure(
    case: tuple[Keys, pd.Series], data: st.DataObject
) -> None:
    keys, series = case
    start = data.draw(st.integers(0, len(keys)))
    stop = data.draw(st.integers(start, len(keys)))
    part = series.iloc[start:stop]
    ids = key_ids(part)
    _check_equality(keys[start:stop], ids)
    if _arrow_backed(series):
        assert ids.words == _fits_words(keys[start:stop])


# ------------------------------------------------------------------------- duplicates


@given(keyed())
@example((["u1", None, None, "u1", "u2", "u1"], pd.Series(["u1", None, None, "u1", "u2", "u1"])))
def test_duplicated_matches_seen_set(case: tuple[Keys, pd.Series]) -> None:
    keys, series = case
    found = duplicated(key_ids(series).values)
    assert found.dtype == np.bool_
    assert found.tolist() == _naive_duplicated(keys)


@given(
    st.lists(
        st.one_of(st.integers(-1, 4), st.integers(np.iinfo(np.int64).min, np.iinfo(np.int64).max)),
        max_size=40,
    )
)
def test_duplicated_on_any_identifiers(values: list[int]) -> None:
    found = duplicated(np.array(values, dtype=np.int64))
    expected = _naive_duplicated([None if v == MISSING else v for v in values])
    assert found.tolist() == expected


# ---------------------------------------------------------------------- first positions


@given(keyed(), keyed())
@example(
    (["p1", "p2", "p1", None], pd.Series(["p1", "p2", "p1", None], dtype="str")),
    (["p1", None, "p3", "p2", ""], pd.Series(["p1", None, "p3", "p2", ""], dtype="str")),
)
@example(
    (["", "a"], pd.Series(["", "a"], dtype="str")),
    (["a\x00", ""], pd.Series(["a\x00", ""], dtype="str")),
)
def test_first_positions_matches_first_occurrence(
    parent_case: tuple[Keys, pd.Series], refs_case: tuple[Keys, pd.Series]
) -> None:
    parent_keys, parent_series = parent_case
    ref_keys, ref_series = refs_case
    parent, refs = key_ids(parent_series), key_ids(ref_series)
    found = first_positions(parent, refs)
    if not (parent.words and refs.words):
        assert found is None
        return
    assert found is not None
    first: dict[str, int] = {}
    for pos, key in enumerate(parent_keys):
        if key is not None:
            first.setdefault(key, pos)
    expected = [-1 if key is None else first.get(key, -1) for key in ref_keys]
    assert found.tolist() == expected


@given(short_keys, short_keys)
def test_first_positions_none_unless_both_are_words(parent_keys: Keys, ref_keys: Keys) -> None:
    words_parent = key_ids(pd.Series(parent_keys, dtype="str"))
    words_refs = key_ids(pd.Series(ref_keys, dtype="str"))
    codes_parent = key_ids(pd.Series(parent_keys, dtype=object))
    codes_refs = key_ids(pd.Series(ref_keys, dtype=object))
    assert words_parent.words
    assert words_refs.words
    assert first_positions(words_parent, words_refs) is not None
    assert first_positions(codes_parent, words_refs) is None
    assert first_positions(words_parent, codes_refs) is None
    assert first_positions(codes_parent, codes_refs) is None
