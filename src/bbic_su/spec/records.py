# GENERATED FILE - DO NOT EDIT. Generated from spec data by tools/generate.py.
# Spec version: 0.2.0
# Input sha256: 75ed569e62155fdafb71b258dd7f0a78f65bcf1aebc3dc3861c07c72c6583b14
"""Typed records: one frozen attrs class per record type of the catalogue.

>>> from bbic_su.spec.records import RECORDS, Barn
>>> r = Barn(barn_id="b1")
>>> r.barn_id, r.RECORD_TYPE, RECORDS['barn'] is Barn
('b1', 'barn', True)
>>> Barn.KEY_FIELDS
('barn_id', 'kommunkod')

Fields are keyword-only: first the key fields (the primary key and the parent
references are required strings; optional references and the organisation are
``str | None``), then every variable of the record type in catalogue order. A
single-select variable holds a member of its value set's enum from
:mod:`bbic_su.spec.codes`, a multi-select variable a ``frozenset`` of them (empty by
default), dates are :class:`datetime.date`, integers ``int`` and text ``str``.

Required variables: every variable field is optional (default ``None``) even
when the spec requires it, because vendors and imports meet records that are
incomplete and the validator, not the constructor, reports what is missing.
``REQUIRED`` lists the variables the spec marks ``required: true``; ``KEY_FIELDS``
the key columns; ``RECORD_TYPE`` the record-type id.

Local (``x_``) variables from ``load_catalog(extra=...)`` are not generated:
this module describes the national catalogue only.
"""

import datetime
from typing import ClassVar, TypeAlias

import attrs

from bbic_su.spec import codes

__all__ = ["RECORDS", "Aktualisering", "Barn", "Insats", "Record", "Uppfoljning", "Utredning"]


@attrs.frozen(kw_only=True)
class Barn:
    """Barn — Child (basic data).

    Record type ``barn`` (status provisional). One record per child and municipality.

    Attributes:
        barn_id: Primary key. Pseudonymous child id: keyed hash of the personal identity number, co-ordination number or the municipality's temporary id; stable within one municipality.
        kommunkod: Organisation. Municipality (or city district) that owns the case; used for comparisons between municipalities.
        kon: Kön — Sex. Value set ``kon``.
        fodelsear: Födelseår — Year of birth. Datatype integer. Range 1990–2100.
        fodelseland_barn: Barnets födelseland — Child's country of birth. Value set ``fodelseland``.
        fodelseland_foraldrar: Föräldrarnas födelseland — Parents' country of birth. Value set ``foraldrars_fodelseland``.
        ensamkommande: Ensamkommande barn — Unaccompanied minor. Value set ``ja_nej_uppgift_saknas``.
        vardnadshavare: Vårdnadshavare — Legal custodian(s). Value set ``vardnadshavare``.
        boende_barn: Barnets boende — Child's living arrangement. Value set ``boende_barn``.
        kand_funktionsnedsattning: Känd funktionsnedsättning — Known disability. Value set ``ja_nej_uppgift_saknas``.
        senaste_avslut_datum: Datum då alla utredningar och insatser avslutats — Date all investigations and interventions were closed. Datatype date.
        ny_utredning_inom_12_man: Ny utredning inom tolv månader efter avslut — New investigation within twelve months of closure. Value set ``ja_nej_uppgift_saknas``.
    """

    RECORD_TYPE: ClassVar[str] = "barn"
    KEY_FIELDS: ClassVar[tuple[str, ...]] = ("barn_id", "kommunkod")
    REQUIRED: ClassVar[frozenset[str]] = frozenset()

    barn_id: str
    kommunkod: str | None = None
    kon: codes.Kon | None = None
    fodelsear: int | None = None
    fodelseland_barn: codes.Fodelseland | None = None
    fodelseland_foraldrar: codes.ForaldrarsFodelseland | None = None
    ensamkommande: codes.JaNejUppgiftSaknas | None = None
    vardnadshavare: codes.Vardnadshavare | None = None
    boende_barn: codes.BoendeBarn | None = None
    kand_funktionsnedsattning: codes.JaNejUppgiftSaknas | None = None
    senaste_avslut_datum: datetime.date | None = None
    ny_utredning_inom_12_man: codes.JaNejUppgiftSaknas | None = None


@attrs.frozen(kw_only=True)
class Aktualisering:
    """Aktualisering — Actualisation (report, application or other information).

    Record type ``aktualisering`` (status adjacent). One record per report, application or other information received.

    Attributes:
        aktualisering_id: Primary key. Record id, unique within the municipality.
        barn_id: Reference to a parent record. The child concerned.
        kopplad_utredning_id: Optional reference. Ongoing investigation that this actualisation was added to, if any.
        aktualiseringsdatum: Datum för aktualisering — Date of actualisation. Datatype date. Required by the spec.
        aktualiseringssatt: Aktualiseringssätt — Route of actualisation. Value set ``aktualiseringssatt``. Required by the spec.
        anmalare: Anmälare — Reporter category. Value set ``anmalare``.
        anledning_aktualisering: Anledning till aktualisering — Reason for actualisation. Value set ``grundproblematik`` (multi-select).
        tidigare_kand: Barnet tidigare känt av socialtjänsten — Child previously known to social services. Value set ``ja_nej_uppgift_saknas``.
        alder_vid_aktualisering: Ålder vid aktualisering — Age at actualisation. Datatype integer. Range 0–20.
        skyddsbedomning_datum: Datum för omedelbar skyddsbedömning — Date of immediate protection assessment. Datatype date.
        omedelbart_skyddsbehov: Behov av omedelbart skydd — Immediate protection needed. Value set ``ja_nej_uppgift_saknas``.
        barnet_delaktigt_aktualisering: Barnets delaktighet i förhandsbedömningen — Child's participation in the pre-assessment. Value set ``ja_nej_uppgift_saknas``.
        beslut_om_utredning: Beslut efter förhandsbedömning — Decision after pre-assessment. Value set ``beslut_om_utredning``.
        beslut_om_utredning_datum: Datum för beslut efter förhandsbedömning — Date of decision after pre-assessment. Datatype date.
        skal_ej_utredning: Skäl att inte inleda utredning — Reason for not opening an investigation. Value set ``skal_ej_utredning``.
        synnerliga_skal_forhandsbedomning: Synnerliga skäl för längre förhandsbedömning — Extraordinary reasons for a longer pre-assessment. Value set ``ja_nej_uppgift_saknas``.
        ateraktualisering: Återaktualisering — Re-actualisation. Value set ``ja_nej_uppgift_saknas``.
    """

    RECORD_TYPE: ClassVar[str] = "aktualisering"
    KEY_FIELDS: ClassVar[tuple[str, ...]] = ("aktualisering_id", "barn_id", "kopplad_utredning_id")
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"aktualiseringsdatum", "aktualiseringssatt"})

    aktualisering_id: str
    barn_id: str
    kopplad_utredning_id: str | None = None
    aktualiseringsdatum: datetime.date | None = None
    aktualiseringssatt: codes.Aktualiseringssatt | None = None
    anmalare: codes.Anmalare | None = None
    anledning_aktualisering: frozenset[codes.Grundproblematik] = frozenset()
    tidigare_kand: codes.JaNejUppgiftSaknas | None = None
    alder_vid_aktualisering: int | None = None
    skyddsbedomning_datum: datetime.date | None = None
    omedelbart_skyddsbehov: codes.JaNejUppgiftSaknas | None = None
    barnet_delaktigt_aktualisering: codes.JaNejUppgiftSaknas | None = None
    beslut_om_utredning: codes.BeslutOmUtredning | None = None
    beslut_om_utredning_datum: datetime.date | None = None
    skal_ej_utredning: codes.SkalEjUtredning | None = None
    synnerliga_skal_forhandsbedomning: codes.JaNejUppgiftSaknas | None = None
    ateraktualisering: codes.JaNejUppgiftSaknas | None = None


@attrs.frozen(kw_only=True)
class Utredning:
    """Utredning — Investigation.

    Record type ``utredning`` (status adjacent). One record per investigation of a child's need of protection or support.

    Attributes:
        utredning_id: Primary key. Record id.
        barn_id: Reference to a parent record. The child concerned.
        aktualisering_id: Reference to a parent record. The actualisation whose pre-assessment led to opening the investigation.
        utredning_inledd_datum: Datum då utredningen inleddes — Date the investigation was opened. Datatype date. Required by the spec.
        utredning_avslutad_datum: Datum då utredningen avslutades — Date the investigation was closed. Datatype date.
        beslut_forlangd_utredning: Beslut om förlängd utredningstid — Decision to extend the investigation. Value set ``ja_nej_uppgift_saknas``.
        barnet_traffat_enskilt: Barnet har träffats enskilt — Child met individually. Value set ``ja_nej_uppgift_saknas``.
        antal_samtal_med_barnet: Antal samtal med barnet — Number of conversations with the child. Datatype integer. Range 0–200.
        barnet_delaktigt_utredning: Barnets delaktighet i utredningen — Child's participation in the investigation. Value set ``ja_nej_uppgift_saknas``.
        barnet_informerat: Barnet har fått information — Child has been informed. Value set ``ja_nej_uppgift_saknas``.
        barnets_asikt_klarlagd: Barnets åsikt och inställning klarlagd — Child's views and position clarified. Value set ``ja_nej_uppgift_saknas``.
        standardiserad_bedomningsmetod: Standardiserad bedömningsmetod i utredningen — Standardised assessment method in the investigation. Value set ``bedomningsmetod`` (multi-select).
        samverkan_utredning: Samverkan under utredningen — Collaboration during the investigation. Value set ``samverkanspart`` (multi-select).
        grundproblematik: Grundproblematik — Underlying problems. Value set ``grundproblematik`` (multi-select).
        utredningens_resultat: Vad utredningen resulterade i — Outcome of the investigation. Value set ``utredning_utfall``.
        uppfoljning_barnets_situation_beslutad: Beslut om uppföljning av barnets situation — Decision to follow up the child's situation. Value set ``ja_nej_uppgift_saknas``.
    """

    RECORD_TYPE: ClassVar[str] = "utredning"
    KEY_FIELDS: ClassVar[tuple[str, ...]] = ("utredning_id", "barn_id", "aktualisering_id")
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"utredning_inledd_datum"})

    utredning_id: str
    barn_id: str
    aktualisering_id: str
    utredning_inledd_datum: datetime.date | None = None
    utredning_avslutad_datum: datetime.date | None = None
    beslut_forlangd_utredning: codes.JaNejUppgiftSaknas | None = None
    barnet_traffat_enskilt: codes.JaNejUppgiftSaknas | None = None
    antal_samtal_med_barnet: int | None = None
    barnet_delaktigt_utredning: codes.JaNejUppgiftSaknas | None = None
    barnet_informerat: codes.JaNejUppgiftSaknas | None = None
    barnets_asikt_klarlagd: codes.JaNejUppgiftSaknas | None = None
    standardiserad_bedomningsmetod: frozenset[codes.Bedomningsmetod] = frozenset()
    samverkan_utredning: frozenset[codes.Samverkanspart] = frozenset()
    grundproblematik: frozenset[codes.Grundproblematik] = frozenset()
    utredningens_resultat: codes.UtredningUtfall | None = None
    uppfoljning_barnets_situation_beslutad: codes.JaNejUppgiftSaknas | None = None


@attrs.frozen(kw_only=True)
class Insats:
    """Insats — Intervention or placement.

    Record type ``insats`` (status adjacent). One record per decided intervention; a change of placement form is a new record, a move within the same form is counted on the follow-up.

    Attributes:
        insats_id: Primary key. Record id.
        barn_id: Reference to a parent record. The child concerned.
        utredning_id: Optional reference. Investigation that led to the decision; empty for interventions given without a preceding investigation.
        insats_beslutsdatum: Datum för beslut om insats — Date the intervention was decided. Datatype date. Required by the spec.
        insatstyp: Insatstyp — Type of intervention. Value set ``insatstyp``. Required by the spec.
        lagrum: Lagrum — Legal basis. Value set ``lagrum``.
        placeringsform: Placeringsform — Placement type. Value set ``placeringsform``.
        vardplan_upprattad: Vårdplan upprättad — Care plan drawn up. Value set ``ja_nej_uppgift_saknas``.
        vardnadshavares_samtycke: Vårdnadshavarnas inställning till insatsen — Guardians' position on the intervention. Value set ``installning``.
        barnets_installning_till_insats: Barnets inställning till insatsen — Child's position on the intervention. Value set ``installning``.
        insats_startdatum: Datum då insatsen påbörjades — Date the intervention started. Datatype date.
        halsoundersokning_begard_datum: Datum då hälsoundersökning begärdes — Date a health examination was requested. Datatype date.
        lakarundersokning_infor_placering: Läkar-/hälsoundersökning inför placering — Medical or health examination before placement. Value set ``halsoundersokning_status``.
        genomforandeplan_upprattad: Genomförandeplan upprättad — Implementation plan drawn up. Value set ``ja_nej_uppgift_saknas``.
        uppfoljningsbara_mal: Uppföljningsbara mål i genomförandeplanen — Measurable goals in the implementation plan. Value set ``ja_nej_uppgift_saknas``.
        barnet_delaktigt_planering: Barnets delaktighet i planeringen av insatsen — Child's participation in planning the intervention. Value set ``ja_nej_uppgift_saknas``.
        sip_upprattad: Samordnad individuell plan (SIP) finns — Coordinated individual plan (SIP) in place. Value set ``ja_nej_uppgift_saknas``.
    """

    RECORD_TYPE: ClassVar[str] = "insats"
    KEY_FIELDS: ClassVar[tuple[str, ...]] = ("insats_id", "barn_id", "utredning_id")
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"insats_beslutsdatum", "insatstyp"})

    insats_id: str
    barn_id: str
    utredning_id: str | None = None
    insats_beslutsdatum: datetime.date | None = None
    insatstyp: codes.Insatstyp | None = None
    lagrum: codes.Lagrum | None = None
    placeringsform: codes.Placeringsform | None = None
    vardplan_upprattad: codes.JaNejUppgiftSaknas | None = None
    vardnadshavares_samtycke: codes.Installning | None = None
    barnets_installning_till_insats: codes.Installning | None = None
    insats_startdatum: datetime.date | None = None
    halsoundersokning_begard_datum: datetime.date | None = None
    lakarundersokning_infor_placering: codes.HalsoundersokningStatus | None = None
    genomforandeplan_upprattad: codes.JaNejUppgiftSaknas | None = None
    uppfoljningsbara_mal: codes.JaNejUppgiftSaknas | None = None
    barnet_delaktigt_planering: codes.JaNejUppgiftSaknas | None = None
    sip_upprattad: codes.JaNejUppgiftSaknas | None = None


@attrs.frozen(kw_only=True)
class Uppfoljning:
    """Uppföljning — Follow-up or closure of an intervention.

    Record type ``uppfoljning`` (status named). One record per follow-up, periodic review or closure of an intervention.

    Attributes:
        uppfoljning_id: Primary key. Record id.
        barn_id: Reference to a parent record. The child concerned.
        insats_id: Reference to a parent record. The intervention followed up; must exist.
        uppfoljningsdatum: Datum för uppföljning — Date of follow-up. Datatype date. Required by the spec.
        uppfoljningstyp: Typ av uppföljning — Type of follow-up. Value set ``uppfoljningstyp``. Required by the spec.
        enskilda_samtal_med_barnet: Antal enskilda samtal med barnet — Number of individual talks with the child. Datatype integer. Range 0–200.
        barnet_delaktigt_uppfoljning: Barnets delaktighet i uppföljningen — Child's participation in the follow-up. Value set ``ja_nej_uppgift_saknas``.
        barnet_delgett_synpunkter_insats: Barnet har fått ge sina synpunkter på insatsen — Child has given views on the intervention. Value set ``ja_nej_uppgift_saknas``.
        barnets_uppfattning_insats: Barnets uppfattning om insatsen — Child's view of the intervention. Value set ``barnets_uppfattning``.
        vardnadshavares_uppfattning_insats: Vårdnadshavarnas uppfattning om insatsen — Guardians' view of the intervention. Value set ``barnets_uppfattning``.
        maluppfyllelse: Måluppfyllelse — Goal attainment. Value set ``maluppfyllelse``.
        riskbedomning_genomford: Riskbedömning gjord vid uppföljningen — Risk assessment done at follow-up. Value set ``ja_nej_uppgift_saknas``.
        riskbedomning_utfall: Resultat av riskbedömningen — Result of the risk assessment. Value set ``riskbedomning_utfall``.
        standardiserad_bedomningsmetod_uppfoljning: Standardiserad bedömningsmetod vid uppföljningen — Standardised assessment method at follow-up. Value set ``bedomningsmetod`` (multi-select).
        samverkan_insats: Samverkan under insatsen — Collaboration during the intervention. Value set ``samverkanspart`` (multi-select).
        skolgang: Skolgång — School attendance. Value set ``skolgang``.
        halsobehov_tillgodosedda: Barnets hälsobehov tillgodosedda — Child's health needs met. Value set ``ja_nej_uppgift_saknas``.
        antal_placeringsbyten: Antal placeringsbyten — Number of placement moves. Datatype integer. Range 0–50.
        overvagande_i_tid: Övervägande eller omprövning i tid — Review or reconsideration on time. Value set ``ja_nej_uppgift_saknas``.
        insats_avslutad_datum: Datum då insatsen avslutades — Date the intervention ended. Datatype date.
        avslutsorsak: Orsak till avslut — Reason for closure. Value set ``avslutsorsak``.
        sammanbrott: Sammanbrott — Placement breakdown. Value set ``ja_nej_uppgift_saknas``.
        sammanbrott_initierat_av: Vem initierade sammanbrottet — Who initiated the breakdown. Value set ``sammanbrott_part``.
    """

    RECORD_TYPE: ClassVar[str] = "uppfoljning"
    KEY_FIELDS: ClassVar[tuple[str, ...]] = ("uppfoljning_id", "barn_id", "insats_id")
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"uppfoljningsdatum", "uppfoljningstyp"})

    uppfoljning_id: str
    barn_id: str
    insats_id: str
    uppfoljningsdatum: datetime.date | None = None
    uppfoljningstyp: codes.Uppfoljningstyp | None = None
    enskilda_samtal_med_barnet: int | None = None
    barnet_delaktigt_uppfoljning: codes.JaNejUppgiftSaknas | None = None
    barnet_delgett_synpunkter_insats: codes.JaNejUppgiftSaknas | None = None
    barnets_uppfattning_insats: codes.BarnetsUppfattning | None = None
    vardnadshavares_uppfattning_insats: codes.BarnetsUppfattning | None = None
    maluppfyllelse: codes.Maluppfyllelse | None = None
    riskbedomning_genomford: codes.JaNejUppgiftSaknas | None = None
    riskbedomning_utfall: codes.RiskbedomningUtfall | None = None
    standardiserad_bedomningsmetod_uppfoljning: frozenset[codes.Bedomningsmetod] = frozenset()
    samverkan_insats: frozenset[codes.Samverkanspart] = frozenset()
    skolgang: codes.Skolgang | None = None
    halsobehov_tillgodosedda: codes.JaNejUppgiftSaknas | None = None
    antal_placeringsbyten: int | None = None
    overvagande_i_tid: codes.JaNejUppgiftSaknas | None = None
    insats_avslutad_datum: datetime.date | None = None
    avslutsorsak: codes.Avslutsorsak | None = None
    sammanbrott: codes.JaNejUppgiftSaknas | None = None
    sammanbrott_initierat_av: codes.SammanbrottPart | None = None


Record: TypeAlias = Barn | Aktualisering | Utredning | Insats | Uppfoljning
"""Any generated record class."""

RECORDS: dict[str, type[Record]] = {
    "barn": Barn,
    "aktualisering": Aktualisering,
    "utredning": Utredning,
    "insats": Insats,
    "uppfoljning": Uppfoljning,
}
"""Record-type id → its record class."""
