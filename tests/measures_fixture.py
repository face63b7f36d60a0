"""A small hand-made dataset on which every catalogue measure has hand-computed results.

Identifiers are made up. The expected numbers in ``EXPECTED`` were worked out by hand
from the rows below (see the comments in ``tests/test_measures.py``).
"""

from __future__ import annotations

import pandas as pd

import bbic_su

N = None


def _frame(columns: str, rows: list[tuple[object, ...]]) -> pd.DataFrame:
    names = columns.split()
    return pd.DataFrame([dict(zip(names, r, strict=True)) for r in rows], dtype="str")


BARN = _frame(
    "barn_id kommunkod kon fodelsear ensamkommande senaste_avslut_datum ny_utredning_inom_12_man",
    [
        ("b1", "0180", "flicka", "2012", "nej", "2023-05-01", "nej"),  # age 11: out of 13–20
        ("b2", "0180", "pojke", "2008", "nej", "2023-03-01", "nej"),  # 15: den, num
        ("b3", "0180", "flicka", "2007", "ja", "2023-06-01", "ja"),  # 16: excluded (filter)
        ("b4", "0180", "pojke", "2009", "nej", "2023-02-01", "ja"),  # 14: den
        ("b5", "0180", "uppgift_saknas", "2006", "nej", "2023-01-01", N),  # 17: excluded (missing)
        ("b6", "0180", "flicka", "junk", N, N, N),  # invalid birth year
    ],
)
AKTUALISERING = _frame(
    "aktualisering_id barn_id aktualiseringsdatum aktualiseringssatt skyddsbedomning_datum "
    "beslut_om_utredning_datum barnet_delaktigt_aktualisering ateraktualisering",
    [
        ("a1", "b1", "2024-01-10", "anmalan", "2024-01-10", "2024-01-20", "ja", "nej"),
        ("a2", "b2", "2024-03-01", "anmalan", "2024-03-03", "2024-03-20", "nej", "ja"),
        ("a3", "b3", "2024-06-30", "ansokan", N, "2024-07-05", "uppgift_saknas", "ja"),
        ("a4", "b4", "2024-12-31", "anmalan", N, N, "ja", "nej"),
        ("a5", "b5", "2025-01-01", "anmalan", "2025-01-02", "2025-01-15", "ja", N),
        ("a6", "b1", "2024-02-30", "anmalan", "2024-03-01", N, N, "ja"),  # invalid date
    ],
)
UTREDNING = _frame(
    "utredning_id barn_id aktualisering_id utredning_inledd_datum utredning_avslutad_datum "
    "barnet_traffat_enskilt barnet_delaktigt_utredning standardiserad_bedomningsmetod",
    [
        ("u1", "b1", "a1", "2024-01-20", "2024-05-20", "ja", "ja", "cbcl|adad"),
        ("u2", "b2", "a2", "2024-03-20", "2024-08-01", "nej", "nej", N),
        ("u3", "b2", "a2", "2024-04-01", "2024-06-01", "uppgift_saknas", "uppgift_saknas", "ingen"),
        ("u4", "b3", "a3", "2024-07-05", N, "ja", "ja", "adad"),  # still open
        ("u5", "b1", "a1", "2024-06-01", "2024-09-01", "nej", "nej", "uppgift_saknas"),
    ],
)
INSATS = _frame(
    "insats_id barn_id utredning_id insatstyp placeringsform insats_startdatum "
    "lakarundersokning_infor_placering genomforandeplan_upprattad uppfoljningsbara_mal "
    "sip_upprattad",
    [
        (
            "i1",
            "b1",
            "u1",
            "vard_placering_sol",
            "familjehem",
            "2024-06-01",
            "genomford",
            "ja",
            "ja",
            "ja",
        ),
        ("i2", "b1", "u5", "kontaktperson_kontaktfamilj", N, "2024-10-01", N, "ja", "nej", "nej"),
        (
            "i3",
            "b2",
            "u2",
            "vard_placering_lvu",
            "hvb",
            "2024-08-15",
            "uppenbart_obehovlig",
            "nej",
            N,
            "uppgift_saknas",
        ),
        ("i4", "b3", N, "vard_placering_sol", N, "2024-09-01", N, "ja", N, N),
        ("i5", "b2", "u3", "familjebehandling", N, "2024-07-01", N, "uppgift_saknas", N, "ja"),
        ("i6", "b4", N, "Fritext här", N, "2024-05-01", N, N, N, "ja"),  # junk insatstyp
    ],
)
UPPFOLJNING = _frame(
    "uppfoljning_id barn_id insats_id uppfoljningsdatum uppfoljningstyp enskilda_samtal_med_barnet "
    "barnet_delaktigt_uppfoljning barnet_delgett_synpunkter_insats barnets_uppfattning_insats "
    "maluppfyllelse riskbedomning_genomford samverkan_insats antal_placeringsbyten "
    "overvagande_i_tid insats_avslutad_datum sammanbrott",
    [
        (
            "f1",
            "b1",
            "i1",
            "2024-07-01",
            "uppfoljning_vard",
            "2",
            "ja",
            "ja",
            "mycket_bra",
            N,
            "ja",
            "skola|bup",
            "0",
            N,
            N,
            N,
        ),
        (
            "f2",
            "b1",
            "i1",
            "2024-12-01",
            "overvagande",
            "0",
            "nej",
            "nej",
            N,
            N,
            N,
            "ingen",
            "1",
            "ja",
            N,
            N,
        ),
        (
            "f3",
            "b2",
            "i3",
            "2024-10-01",
            "avslut",
            N,
            "uppgift_saknas",
            "ja",
            "vill_inte_svara",
            "helt",
            N,
            "forskola",
            N,
            N,
            "2024-10-01",
            "nej",
        ),
        (
            "f4",
            "b1",
            "i2",
            "2025-01-10",
            "avslut",
            N,
            "ja",
            "uppgift_saknas",
            N,
            "kan_inte_bedomas",
            "nej",
            N,
            N,
            N,
            "2025-01-10",
            N,
        ),
        (
            "f5",
            "b3",
            "i4",
            "2024-11-01",
            "avslut",
            "1",
            "ja",
            "ja",
            "ganska_dalig",
            "delvis",
            "ja",
            N,
            "2",
            N,
            "2024-11-01",
            "ja",
        ),
        ("f6", "b2", "i5", "2024-12-15", "omprovning", N, "nej", "nej", N, N, N, N, N, "nej", N, N),
        (
            "f7",
            "b9",
            "i99",
            "2024-05-01",
            "uppfoljning_oppenvard",
            N,
            "ja",
            "nej",
            N,
            N,
            N,
            "skola",
            N,
            N,
            N,
            N,
        ),
    ],
)

# The guardians' view, one value per follow-up f1..f7 (positive, negative, declined,
# empty, neutral, empty, not known).
UPPFOLJNING["vardnadshavares_uppfattning_insats"] = pd.Series(
    ["mycket_bra", "ganska_dalig", "vill_inte_svara", N, "varken_eller", N, "uppgift_saknas"],
    dtype="str",
)


#: After every limit in the fixture: no record is pending.
EXTRACTION_DATE = "2025-01-31"


def dataset() -> bbic_su.Dataset:
    """The fixture dataset (all text, as read from CSV)."""
    return bbic_su.Dataset(
        {
            "barn": BARN,
            "aktualisering": AKTUALISERING,
            "utredning": UTREDNING,
            "insats": INSATS,
            "uppfoljning": UPPFOLJNING,
        }
    )


# measure -> (numerator, denominator, excluded) over all records, no breakdown
EXPECTED: dict[str, tuple[int, int, int]] = {
    "m_enskilda_samtal_utredning": (1, 2, 0),  # children b1 (u1 ja), b2 (u2 nej, u3 saknas)
    "m_enskilda_samtal_placerade": (2, 3, 0),  # b1 (f1: 2), b2 (f3: empty), b3 (f5: 1)
    "m_lakarundersokning_infor_placering": (1, 2, 1),  # b1 done, b3 empty; b2 obehövlig
    "m_samarbete_forskola_skola": (2, 3, 0),  # b1 skola, b2 forskola, b3 none; b9 no age
    "m_synpunkter_insats": (3, 4, 0),  # b1, b2, b3 ja; b9 nej
    "m_mal_uppnatt": (1, 2, 1),  # f3 helt, f5 delvis; f4 kan_inte_bedomas excluded
    "m_delaktighet_aktualisering": (2, 4, 0),  # a1 a2 a3 a5 decided; a1, a5 ja
    "m_delaktighet_utredning": (1, 2, 0),  # b1 yes; b2 nej/uppgift_saknas
    "m_delaktighet_uppfoljning": (4, 7, 0),  # f1 f4 f5 f7
    "m_skyddsbedomning_i_tid": (2, 5, 0),  # a1 (0 d), a5 (1 d); a2 2 d, a4 none, a6 bad date
    "m_forhandsbedomning_14_dagar": (2, 5, 0),  # a1 (10 d), a5 (14 d)
    # by opening date: u1 (exactly 4 months), u3, u5; late: u2 (closed after), u4 (open, past)
    "m_utredning_4_manader": (3, 5, 0),
    "m_overvagande_i_tid": (1, 2, 0),  # f2 ja, f6 nej
    "m_mal_helt_eller_delvis": (2, 2, 1),
    "m_sammanbrott": (1, 2, 0),  # f3 nej, f5 ja (f4 is open care)
    "m_ateraktualisering_12_man": (1, 2, 2),  # b2 nej, b4 ja; b3 unaccompanied, b5 unknown
    "m_ateraktualiseringar_andel": (2, 5, 0),  # a2, a3 of a1..a5 (a6 has no valid date)
    "m_uppfoljningsbara_mal": (1, 3, 0),  # i1 ja, i2 nej, i4 empty
    "m_sip": (2, 3, 0),  # b1 (i1), b2 (i5); b3 none; i6 invalid type
    "m_standardiserad_bedomning": (1, 4, 0),  # u1 only (ingen, saknas, empty)
    "m_riskbedomning_uppfoljning": (2, 7, 0),  # f1, f5
    "m_barnets_uppfattning_positiv": (1, 2, 1),  # f1 positive, f5 not; f3 vill_inte_svara
    "m_vardnadshavares_uppfattning_positiv": (1, 3, 4),  # f1 of f1 f2 f5; f3 f4 f6 f7 left out
    "m_placeringsstabilitet": (1, 4, 0),  # f1 0 moves; f2 1, f3 empty, f5 2
    "m_datakvalitet_fullstandighet[kon]": (5, 6, 0),  # b5 uppgift_saknas
    "m_datakvalitet_fullstandighet[placeringsform]": (2, 3, 3),  # i1 i3 i4 apply; i4 empty
}
