"""SYNTHETIC ASSUMPTIONS: the generator's numbers and code strings not read from the catalogue.

>>> from bbic_su.synth._assumptions import WEIGHTS, RATES
>>> round(sum(WEIGHTS["aktualiseringssatt"].values()), 6)
1.0
>>> 0 < RATES["uppgift_saknas"] < 0.2
True

None of these figures is an official statistic. They are rough, plausible shapes
chosen so that the synthetic data *look* like a municipal child and youth care
register: more reports (anmälan) than applications, most reports not leading to an
investigation, more boys than girls among children with interventions (Webbkollen
reported this), most legal deadlines kept, some placement breakdowns
(sammanbrott). Never use the synthetic data to say anything about real children.

Variables, value sets and codes named here are checked against the catalogue by
``tests/test_synth.py``: a code that is renamed in the spec data fails that test
instead of silently producing junk. Everything else (which variables exist, their
datatypes, value sets, ranges and conditions) is read from the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "AGE_WEIGHTS",
    "CODES",
    "DAYS",
    "EXCLUSIVE_CODES",
    "FILL_WHEN",
    "FLOOR_WHEN",
    "LAGRUM",
    "MULTI_SELECT",
    "POISSON_MEAN",
    "RATES",
    "REVIEW_TYPE",
    "WEIGHTS",
    "WEIGHT_VALUE_SETS",
]

# fmt: off
WEIGHTS: Mapping[str, Mapping[str, float]] = {
    # variable id -> code -> relative weight (normalised by the generator); codes not
    # listed get weight 0 for that variable. Variables not listed are drawn uniformly
    # from their value set.
    "kon": {"pojke": 0.52, "flicka": 0.47, "uppgift_saknas": 0.01},
    "aktualiseringssatt": {"anmalan": 0.78, "ansokan": 0.12, "information_annat_satt": 0.10},
    "anmalare": {
        "polis": 0.24, "skola": 0.17, "forskola": 0.04, "halso_sjukvard": 0.09, "bup": 0.04,
        "socialtjanst": 0.11, "annan_myndighet": 0.06, "foralder_vardnadshavare": 0.07,
        "barnet_sjalvt": 0.02, "anhorig_privatperson": 0.07, "anonym": 0.04, "annan": 0.03,
        "uppgift_saknas": 0.02,
    },
    "beslut_om_utredning": {"inleda_utredning": 0.42, "inte_inleda_utredning": 0.58},
    "utredningens_resultat": {
        "insats_beslutad": 0.55, "ingen_insats_behov_saknas": 0.2,
        "ingen_insats_samtycke_saknas": 0.07, "hanvisning": 0.06, "ansokan_lvu": 0.04,
        "overflyttad": 0.03, "annat": 0.05,
    },
    "insatstyp": {  # interventions after an investigation
        "vard_placering_sol": 0.17, "vard_placering_lvu": 0.04,
        "omedelbart_omhandertagande_lvu": 0.03, "strukturerat_oppenvardsprogram": 0.08,
        "personligt_stod": 0.05, "kontaktperson_kontaktfamilj": 0.15,
        "sarskilt_kvalificerad_kontaktperson": 0.04, "lvu_oppen_behandling": 0.01,
        "familjebehandling": 0.22, "individuella_stodsamtal": 0.11, "annan_oppenvard": 0.1,
    },
    "insatstyp_utan_utredning": {  # open care offered without an investigation
        "individuella_stodsamtal": 0.5, "foraldraskapsstod_grupp": 0.3, "barn_ungdomsgrupp": 0.2,
    },
    "placeringsform": {
        "familjehem": 0.45, "natverkshem": 0.12, "jourhem": 0.1, "hvb": 0.2, "stodboende": 0.06,
        "skyddat_boende": 0.02, "sarskilt_ungdomshem": 0.03, "eget_hem_annat": 0.02,
    },
    "avslutsorsak": {  # "sammanbrott" is set from the breakdown draw, never from here
        "enligt_plan": 0.55, "avbojd": 0.1, "annan_insats": 0.12, "flytt": 0.08,
        "aldersgrans": 0.04, "vardnadsoverflyttning": 0.01, "annat": 0.1,
    },
    "maluppfyllelse": {
        "helt": 0.35, "delvis": 0.35, "inte_alls": 0.12, "kan_inte_bedomas": 0.13,
        "uppgift_saknas": 0.05,
    },
    # participation (delaktighet): the BBIC-SU project found low shares
    "barnet_delaktigt_aktualisering": {"ja": 0.45, "nej": 0.45, "uppgift_saknas": 0.1},
    "barnet_delaktigt_utredning": {"ja": 0.6, "nej": 0.3, "uppgift_saknas": 0.1},
    "barnet_delaktigt_planering": {"ja": 0.5, "nej": 0.4, "uppgift_saknas": 0.1},
    "barnet_delaktigt_uppfoljning": {"ja": 0.5, "nej": 0.4, "uppgift_saknas": 0.1},
    "barnet_traffat_enskilt": {"ja": 0.75, "nej": 0.2, "uppgift_saknas": 0.05},
    "genomforandeplan_upprattad": {"ja": 0.8, "nej": 0.15, "uppgift_saknas": 0.05},
    "lakarundersokning_infor_placering": {
        "genomford": 0.7, "begard_ej_genomford": 0.2, "avbojd": 0.05, "uppgift_saknas": 0.05,
    },
    "fodelseland_barn": {"sverige": 0.82, "utrikes": 0.16, "uppgift_saknas": 0.02},
    "ensamkommande": {"ja": 0.03, "nej": 0.95, "uppgift_saknas": 0.02},
}

AGE_WEIGHTS: tuple[float, ...] = (
    # relative weight of each age 0..20 (completed years) at the child's last actualisation
    5, 4, 4, 4, 5, 5, 5, 5, 5, 5, 6, 6, 7, 9, 11, 12, 12, 10, 4, 2, 1,
)

# fmt: on
WEIGHT_VALUE_SETS: Mapping[str, str] = {
    # WEIGHTS keys that are not variable ids -> the value set their codes come from
    "insatstyp_utan_utredning": "insatstyp",
}

LAGRUM: Mapping[str, Mapping[str, float]] = {
    # insatstyp -> legal basis weights (must agree with rule R19); others: sol_bistand
    "vard_placering_lvu": {"lvu_2": 0.55, "lvu_3": 0.3, "lvu_2_och_3": 0.15},
    "omedelbart_omhandertagande_lvu": {"lvu_6": 1.0},
    "lvu_oppen_behandling": {"lvu_22": 1.0},
    "kontaktperson_kontaktfamilj": {"sol_kontaktperson": 0.9, "sol_bistand": 0.1},
    "strukturerat_oppenvardsprogram": {"sol_bistand": 0.8, "sol_oppen_insats_15": 0.2},
    "familjebehandling": {"sol_bistand": 0.95, "annat_lagrum": 0.05},
}

REVIEW_TYPE: Mapping[str, str] = {
    # lagrum of a placement -> the periodic review type (must agree with rule R23)
    "lvu_3": "omprovning",
    "lvu_2_och_3": "omprovning",
}

CODES: Mapping[str, tuple[str, str]] = {
    # role in the simulated case flow -> (value set, code)
    "boy": ("kon", "pojke"),
    "report": ("aktualiseringssatt", "anmalan"),
    "open_investigation": ("beslut_om_utredning", "inleda_utredning"),
    "no_investigation": ("beslut_om_utredning", "inte_inleda_utredning"),
    "added_to_ongoing": ("beslut_om_utredning", "pafors_pagaende_utredning"),
    "intervention_decided": ("utredning_utfall", "insats_beslutad"),
    "lvu_application": ("utredning_utfall", "ansokan_lvu"),
    "lvu_care": ("insatstyp", "vard_placering_lvu"),
    "emergency_lvu": ("insatstyp", "omedelbart_omhandertagande_lvu"),
    "without_investigation": ("lagrum", "sol_utan_behovsprovning"),
    "default_lagrum": ("lagrum", "sol_bistand"),
    "yes": ("ja_nej_uppgift_saknas", "ja"),
    "no": ("ja_nej_uppgift_saknas", "nej"),
    "missing": ("ja_nej_uppgift_saknas", "uppgift_saknas"),
    "follow_up_open": ("uppfoljningstyp", "uppfoljning_oppenvard"),
    "follow_up_care": ("uppfoljningstyp", "uppfoljning_vard"),
    "review": ("uppfoljningstyp", "overvagande"),
    "closure": ("uppfoljningstyp", "avslut"),
    "breakdown_reason": ("avslutsorsak", "sammanbrott"),
    "not_needed": ("halsoundersokning_status", "uppenbart_obehovlig"),
}
"""Codes the simulated case flow branches on (``group:heldygn`` of insatstyp is read
from the catalogue's value-set groups)."""

EXCLUSIVE_CODES: tuple[str, ...] = ("ingen", "uppgift_saknas")
"""Multi-select codes that stand alone (``ingen`` = none used, ``uppgift_saknas``)."""

MULTI_SELECT: Mapping[str, float] = {
    # multi-select variable -> share of records whose answer is the lone "ingen"
    "standardiserad_bedomningsmetod": 0.55,
    "standardiserad_bedomningsmetod_uppfoljning": 0.6,
    "samverkan_utredning": 0.08,
    "samverkan_insats": 0.15,
}

FILL_WHEN: Mapping[str, str] = {
    # variable -> condition (catalogue expression) under which it is always answered,
    # so that warning rules R26 and R28 hold in clean data
    "maluppfyllelse": 'uppfoljningstyp == "avslut"',
    "antal_samtal_med_barnet": 'barnet_traffat_enskilt == "ja"',
}
FLOOR_WHEN: Mapping[str, tuple[str, int]] = {
    # integer variable -> (condition, minimum) (rule R26: met alone means >= 1 talk)
    "antal_samtal_med_barnet": ('barnet_traffat_enskilt == "ja"', 1),
}
POISSON_MEAN: Mapping[str, float] = {
    # integer counts -> mean of the (range-clipped) Poisson draw; others: 1.5
    "antal_samtal_med_barnet": 3.0,
    "enskilda_samtal_med_barnet": 2.0,
    "antal_placeringsbyten": 0.3,
}

RATES: Mapping[str, float] = {
    "uppgift_saknas": 0.04,  # optional answers recorded as uppgift_saknas
    "empty": 0.02,  # optional answers left empty where the variable applies
    "extra_actualisations": 0.45,  # Poisson mean of further actualisations per child
    "boys_intervention_factor": 1.25,  # boys' odds of an intervention after investigation
    "second_intervention": 0.2,  # investigations leading to two interventions
    "without_investigation": 0.05,  # no-investigation reports given open care anyway
    "added_to_ongoing": 0.8,  # later reports while an investigation is open
    "protection_late": 0.06,  # protection assessment after 2-6 days (R07 warning)
    "protection_next_day": 0.14,
    "decision_late": 0.08,  # decision to investigate after 15-45 days (R09)
    "decision_late_excused": 0.4,  # of those, extraordinary reasons documented
    "investigation_late": 0.15,  # investigations longer than four months (R12)
    "investigation_late_extended": 0.5,  # of those, extension decided
    "health_exam_requested": 0.85,  # placements with a requested health examination
    "extra_care_follow_up": 0.5,  # placements with an early uppfoljning_vard
    "review_late": 0.06,  # reviews more than six months apart
    "breakdown": 0.15,  # placements ending in sammanbrott
}

DAYS: Mapping[str, tuple[int, int]] = {
    # inclusive ranges of days drawn uniformly
    "decision": (0, 14),
    "decision_late": (15, 45),
    "investigation_start": (0, 3),
    "investigation": (20, 125),
    "investigation_over": (1, 60),
    "intervention_decision": (0, 10),
    "start": (0, 21),
    "open_care": (60, 540),
    "placement": (60, 900),
    "emergency": (5, 42),
    "open_care_follow_up": (90, 180),
    "review": (120, 182),
    "review_late": (185, 230),
    "care_follow_up": (20, 60),
    "closure_record": (0, 14),
}
