# GENERATED FILE - DO NOT EDIT. Generated from spec data by tools/generate.py.
# Spec version: 0.2.0
# Input sha256: 75ed569e62155fdafb71b258dd7f0a78f65bcf1aebc3dc3861c07c72c6583b14
"""Typed codes: one :class:`enum.StrEnum` per value set of the catalogue.

>>> from bbic_su.spec.codes import VALUE_SETS, Aktualiseringssatt
>>> Aktualiseringssatt.ANSOKAN
<Aktualiseringssatt.ANSOKAN: 'ansokan'>
>>> Aktualiseringssatt.ANSOKAN.label_sv, Aktualiseringssatt.ANSOKAN.label_en
('Ansökan', 'Application')
>>> Aktualiseringssatt('ansokan') is Aktualiseringssatt.ANSOKAN and Aktualiseringssatt.ANSOKAN == 'ansokan'
True
>>> VALUE_SETS['aktualiseringssatt'] is Aktualiseringssatt
True

Members are strings (``StrEnum``), so they compare equal to their code and
serialise as it. Each member carries ``label_sv`` and ``label_en``.

Naming rules: the class is the value-set id in CamelCase; a member is its code
upper-cased, with the prefix ``C_`` when the code starts with a digit (``0_3``
becomes ``C_0_3``). Local (``x_``) value sets and codes from
``load_catalog(extra=...)`` are not generated: this module describes the
national catalogue only.
"""

import enum
from typing import Self

__all__ = [
    "VALUE_SETS",
    "Aktualiseringssatt",
    "AldersgruppKkik",
    "AldersgruppOfficiell",
    "AldersgruppUppfoljning",
    "Anmalare",
    "Avslutsorsak",
    "BarnetsUppfattning",
    "Bedomningsmetod",
    "BeslutOmUtredning",
    "BoendeBarn",
    "Fodelseland",
    "ForaldrarsFodelseland",
    "Grundproblematik",
    "HalsoundersokningStatus",
    "Insatstyp",
    "Installning",
    "JaNejUppgiftSaknas",
    "Kon",
    "LabelledCode",
    "Lagrum",
    "Maluppfyllelse",
    "Placeringsform",
    "RiskbedomningUtfall",
    "SammanbrottPart",
    "Samverkanspart",
    "SkalEjUtredning",
    "Skolgang",
    "Uppfoljningstyp",
    "UtredningUtfall",
    "Vardnadshavare",
]


class LabelledCode(enum.StrEnum):
    """Base of the generated enums: a code string carrying its Swedish and English labels."""

    label_sv: str
    label_en: str

    def __new__(cls, value: str, label_sv: str = "", label_en: str = "") -> Self:
        """Create a member from its code and labels."""
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label_sv = label_sv
        obj.label_en = label_en
        return obj


class Aktualiseringssatt(LabelledCode):
    """Aktualiseringssätt — Route of actualisation.

    Single-select value set ``aktualiseringssatt`` (status confirmed).
    """

    ANSOKAN = "ansokan", "Ansökan", "Application"
    ANMALAN = "anmalan", "Anmälan", "Report of concern"
    INFORMATION_ANNAT_SATT = (
        "information_annat_satt",
        "Information på annat sätt",
        "Information received in another way",
    )


class AldersgruppKkik(LabelledCode):
    """Åldersgrupp (KKiK) — Age group (KKiK).

    Single-select value set ``aldersgrupp_kkik`` (status adjacent).
    """

    C_0_12 = "0_12", "0–12 år", "0–12 years"
    C_13_20 = "13_20", "13–20 år", "13–20 years"


class AldersgruppOfficiell(LabelledCode):
    """Åldersgrupp (officiell statistik) — Age group (official statistics).

    Single-select value set ``aldersgrupp_officiell`` (status adjacent).
    """

    C_0_3 = "0_3", "0–3 år", "0–3 years"
    C_4_6 = "4_6", "4–6 år", "4–6 years"
    C_7_9 = "7_9", "7–9 år", "7–9 years"
    C_10_12 = "10_12", "10–12 år", "10–12 years"
    C_13_14 = "13_14", "13–14 år", "13–14 years"
    C_15_17 = "15_17", "15–17 år", "15–17 years"
    C_18_20 = "18_20", "18–20 år", "18–20 years"


class AldersgruppUppfoljning(LabelledCode):
    """Målgrupp efter ålder i lokal uppföljning — Age scope of a local follow-up.

    Single-select value set ``aldersgrupp_uppfoljning`` (status named).
    """

    C_0_12 = "0_12", "0–12 år", "0–12 years"
    C_13_18 = "13_18", "13–18 år", "13–18 years"
    C_0_18 = "0_18", "0–18 år", "0–18 years"
    C_0_21 = "0_21", "0–21 år", "0–21 years"
    ANNAN = "annan", "Annan avgränsning", "Other scope"


class Anmalare(LabelledCode):
    """Anmälare — Reporter category.

    Single-select value set ``anmalare`` (status provisional).
    """

    FORSKOLA = "forskola", "Förskola", "Pre-school"
    SKOLA = "skola", "Skola (inkl. elevhälsa)", "School (incl. pupil health)"
    HALSO_SJUKVARD = "halso_sjukvard", "Hälso- och sjukvård", "Health care"
    BUP = "bup", "Barn- och ungdomspsykiatri (BUP)", "Child and adolescent psychiatry"
    POLIS = "polis", "Polis", "Police"
    SOCIALTJANST = "socialtjanst", "Socialtjänst", "Social services"
    ANNAN_MYNDIGHET = "annan_myndighet", "Annan myndighet", "Other public authority"
    FORALDER_VARDNADSHAVARE = (
        "foralder_vardnadshavare",
        "Förälder eller vårdnadshavare",
        "Parent or guardian",
    )
    BARNET_SJALVT = "barnet_sjalvt", "Barnet självt", "The child"
    ANHORIG_PRIVATPERSON = (
        "anhorig_privatperson",
        "Anhörig eller privatperson",
        "Relative or private individual",
    )
    ANONYM = "anonym", "Anonym", "Anonymous"
    ANNAN = "annan", "Annan", "Other"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class Avslutsorsak(LabelledCode):
    """Orsak till avslut — Reason for closure.

    Single-select value set ``avslutsorsak`` (status provisional).
    """

    ENLIGT_PLAN = "enligt_plan", "Avslutad enligt plan", "Ended as planned"
    SAMMANBROTT = "sammanbrott", "Sammanbrott (oplanerat avbrott)", "Breakdown (unplanned ending)"
    AVBOJD = (
        "avbojd",
        "Barnet eller vårdnadshavare avbröt eller avböjde fortsatt insats",
        "Child or guardians stopped or declined continuation",
    )
    ANNAN_INSATS = "annan_insats", "Övergång till annan insats", "Moved to another intervention"
    FLYTT = "flytt", "Flytt till annan kommun", "Moved to another municipality"
    ALDERSGRANS = "aldersgrans", "Åldersgräns uppnådd", "Age limit reached"
    VARDNADSOVERFLYTTNING = "vardnadsoverflyttning", "Vårdnadsöverflyttning", "Transfer of custody"
    ANNAT = "annat", "Annat", "Other"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class BarnetsUppfattning(LabelledCode):
    """Uppfattning om insatsen — View of the intervention.

    Single-select value set ``barnets_uppfattning`` (status provisional).
    """

    MYCKET_BRA = "mycket_bra", "Mycket bra", "Very good"
    GANSKA_BRA = "ganska_bra", "Ganska bra", "Fairly good"
    VARKEN_ELLER = "varken_eller", "Varken bra eller dålig", "Neither good nor bad"
    GANSKA_DALIG = "ganska_dalig", "Ganska dålig", "Fairly bad"
    MYCKET_DALIG = "mycket_dalig", "Mycket dålig", "Very bad"
    VILL_INTE_SVARA = "vill_inte_svara", "Vill inte svara", "Does not want to answer"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class Bedomningsmetod(LabelledCode):
    """Standardiserad bedömningsmetod — Standardised assessment method.

    Multi-select value set ``bedomningsmetod`` (status named).
    """

    ADAD = "adad", "ADAD", "ADAD"
    CBCL = "cbcl", "CBCL (Achenbach, föräldraskattning)", "CBCL (Achenbach, parent report)"
    YSR = "ysr", "YSR (Achenbach, självskattning)", "YSR (Achenbach, youth self-report)"
    TRF = "trf", "TRF (Achenbach, lärarskattning)", "TRF (Achenbach, teacher report)"
    SIGNS_OF_SAFETY = "signs_of_safety", "Signs of Safety", "Signs of Safety"
    HOME = "home", "HOME", "HOME"
    ANNAN_STANDARDISERAD = (
        "annan_standardiserad",
        "Annan standardiserad metod",
        "Other standardised method",
    )
    INGEN = "ingen", "Ingen standardiserad metod", "None"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class BeslutOmUtredning(LabelledCode):
    """Beslut efter förhandsbedömning — Decision after pre-assessment.

    Single-select value set ``beslut_om_utredning`` (status adjacent).
    """

    INLEDA_UTREDNING = "inleda_utredning", "Utredning inleds", "Investigation opened"
    INTE_INLEDA_UTREDNING = (
        "inte_inleda_utredning",
        "Utredning inleds inte",
        "Investigation not opened",
    )
    PAFORS_PAGAENDE_UTREDNING = (
        "pafors_pagaende_utredning",
        "Påförs pågående utredning",
        "Added to an ongoing investigation",
    )


class BoendeBarn(LabelledCode):
    """Barnets boende — Child's living arrangement.

    Single-select value set ``boende_barn`` (status provisional).
    """

    BADA_FORALDRARNA = "bada_foraldrarna", "Med båda föräldrarna", "With both parents"
    VAXELVIS = "vaxelvis", "Växelvis hos föräldrarna", "Alternating between parents"
    EN_FORALDER = "en_foralder", "Med en förälder", "With one parent"
    SLAKT_NATVERK = (
        "slakt_natverk",
        "Hos släkting eller annan i nätverket",
        "With a relative or other person in the network",
    )
    PLACERAD = "placerad", "Placerad utanför hemmet", "Placed outside the home"
    EGET_BOENDE = "eget_boende", "Eget boende", "Own home"
    ANNAT = "annat", "Annat", "Other"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class Fodelseland(LabelledCode):
    """Födelseland (grupp) — Country of birth (group).

    Single-select value set ``fodelseland`` (status provisional).
    """

    SVERIGE = "sverige", "Sverige", "Sweden"
    UTRIKES = "utrikes", "Utanför Sverige", "Outside Sweden"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class ForaldrarsFodelseland(LabelledCode):
    """Föräldrarnas födelseland (grupp) — Parents' country of birth (group).

    Single-select value set ``foraldrars_fodelseland`` (status provisional).
    """

    BADA_SVERIGE = "bada_sverige", "Båda födda i Sverige", "Both born in Sweden"
    EN_SVERIGE_EN_UTRIKES = (
        "en_sverige_en_utrikes",
        "En född i Sverige, en utrikes",
        "One born in Sweden, one abroad",
    )
    BADA_UTRIKES = "bada_utrikes", "Båda födda utrikes", "Both born abroad"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class Grundproblematik(LabelledCode):
    """Grundproblematik — Underlying problems.

    Multi-select value set ``grundproblematik`` (status named).
    """

    BRISTER_I_OMSORGEN = "brister_i_omsorgen", "Brister i omsorgen", "Deficiencies in care"
    FORALDER_PSYKISK_KOGNITIV = (
        "foralder_psykisk_kognitiv",
        "Förälders psykiska, psykiatriska eller kognitiva problematik",
        "Parent's mental, psychiatric or cognitive problems",
    )
    SKOLRELATERAD_PROBLEMATIK = (
        "skolrelaterad_problematik",
        "Skolrelaterad problematik hos barnet",
        "School-related problems of the child",
    )
    VALD_MOT_BARNET = (
        "vald_mot_barnet",
        "Fysiskt eller psykiskt våld mot barnet",
        "Physical or psychological violence against the child",
    )
    SEXUELLA_OVERGREPP = (
        "sexuella_overgrepp",
        "Sexuella övergrepp eller annat otillbörligt utnyttjande",
        "Sexual abuse or other exploitation",
    )
    BEVITTNAT_VALD = (
        "bevittnat_vald",
        "Barnet har bevittnat våld i nära relationer",
        "Child has witnessed domestic violence",
    )
    HEDERSRELATERAT = (
        "hedersrelaterat",
        "Hedersrelaterat våld och förtryck",
        "Honour-related violence and oppression",
    )
    FORALDER_MISSBRUK = (
        "foralder_missbruk",
        "Förälders missbruk eller beroende",
        "Parent's substance abuse",
    )
    KONFLIKTER_FAMILJEN = "konflikter_familjen", "Konflikter i familjen", "Family conflict"
    BARNETS_MISSBRUK = (
        "barnets_missbruk",
        "Barnets missbruk av beroendeframkallande medel",
        "Child's substance misuse",
    )
    BARNETS_KRIMINALITET = "barnets_kriminalitet", "Barnets brottslighet", "Child's criminality"
    SOCIALT_NEDBRYTANDE_BETEENDE = (
        "socialt_nedbrytande_beteende",
        "Annat socialt nedbrytande beteende",
        "Other socially destructive behaviour",
    )
    BARNETS_PSYKISKA_OHALSA = (
        "barnets_psykiska_ohalsa",
        "Barnets psykiska ohälsa",
        "Child's mental ill-health",
    )
    BARNETS_SOMATISKA_OHALSA = (
        "barnets_somatiska_ohalsa",
        "Barnets somatiska ohälsa",
        "Child's physical ill-health",
    )
    BARNETS_FUNKTIONSNEDSATTNING = (
        "barnets_funktionsnedsattning",
        "Barnets funktionsnedsättning",
        "Child's disability",
    )
    EKONOMI_BOENDE = (
        "ekonomi_boende",
        "Familjens ekonomi eller boende",
        "Family finances or housing",
    )
    ANNAT = "annat", "Annat", "Other"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class HalsoundersokningStatus(LabelledCode):
    """Hälso-/läkarundersökning inför placering — Health or medical examination before placement.

    Single-select value set ``halsoundersokning_status`` (status provisional).
    """

    GENOMFORD = "genomford", "Genomförd", "Carried out"
    BEGARD_EJ_GENOMFORD = (
        "begard_ej_genomford",
        "Begärd men inte genomförd",
        "Requested, not carried out",
    )
    AVBOJD = "avbojd", "Avböjd av barnet eller vårdnadshavare", "Declined by the child or guardians"
    UPPENBART_OBEHOVLIG = "uppenbart_obehovlig", "Uppenbart obehövlig", "Obviously unnecessary"
    EJ_BEGARD = "ej_begard", "Inte begärd", "Not requested"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class Insatstyp(LabelledCode):
    """Insatstyp — Type of intervention.

    Single-select value set ``insatstyp`` (status adjacent).
    """

    VARD_PLACERING_SOL = (
        "vard_placering_sol",
        "Vård med placering utanför det egna hemmet enligt SoL",
        "Out-of-home care under SoL",
    )
    VARD_PLACERING_LVU = (
        "vard_placering_lvu",
        "Vård med placering enligt LVU",
        "Out-of-home care under LVU",
    )
    OMEDELBART_OMHANDERTAGANDE_LVU = (
        "omedelbart_omhandertagande_lvu",
        "Omedelbart omhändertagande enligt LVU",
        "Emergency custody under LVU",
    )
    STRUKTURERAT_OPPENVARDSPROGRAM = (
        "strukturerat_oppenvardsprogram",
        "Strukturerat öppenvårdsprogram enligt SoL",
        "Structured open-care programme under SoL",
    )
    PERSONLIGT_STOD = (
        "personligt_stod",
        "Behovsprövat personligt stöd enligt SoL",
        "Means-tested personal support under SoL",
    )
    KONTAKTPERSON_KONTAKTFAMILJ = (
        "kontaktperson_kontaktfamilj",
        "Kontaktperson eller kontaktfamilj enligt SoL",
        "Contact person or family under SoL",
    )
    SARSKILT_KVALIFICERAD_KONTAKTPERSON = (
        "sarskilt_kvalificerad_kontaktperson",
        "Särskilt kvalificerad kontaktperson",
        "Specially qualified contact person",
    )
    LVU_OPPEN_BEHANDLING = (
        "lvu_oppen_behandling",
        "Kontaktperson eller behandling i öppna former enligt LVU",
        "Contact person or open-care treatment under LVU",
    )
    FAMILJEBEHANDLING = "familjebehandling", "Familjebehandling", "Family therapy/support"
    INDIVIDUELLA_STODSAMTAL = (
        "individuella_stodsamtal",
        "Individuella råd- och stödsamtal med barnet",
        "Individual counselling for the child",
    )
    FORALDRASKAPSSTOD_GRUPP = (
        "foraldraskapsstod_grupp",
        "Föräldraskapsstöd i grupp",
        "Group parenting support",
    )
    BARN_UNGDOMSGRUPP = (
        "barn_ungdomsgrupp",
        "Barn- och ungdomsgrupp",
        "Group for children or young people",
    )
    ANNAN_OPPENVARD = "annan_oppenvard", "Annan öppenvårdsinsats", "Other open-care intervention"


class Installning(LabelledCode):
    """Inställning till insatsen — Position on the intervention.

    Single-select value set ``installning`` (status provisional).
    """

    SAMTYCKER = "samtycker", "Samtycker", "Consents"
    SAMTYCKER_DELVIS = "samtycker_delvis", "Samtycker delvis", "Partly consents"
    SAMTYCKER_INTE = "samtycker_inte", "Samtycker inte", "Does not consent"
    EJ_TILLFRAGAD = "ej_tillfragad", "Har inte tillfrågats", "Not asked"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class JaNejUppgiftSaknas(LabelledCode):
    """Ja / Nej / Uppgift saknas — Yes / No / Not known.

    Single-select value set ``ja_nej_uppgift_saknas`` (status provisional).
    """

    JA = "ja", "Ja", "Yes"
    NEJ = "nej", "Nej", "No"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known / not documented"


class Kon(LabelledCode):
    """Kön — Sex.

    Single-select value set ``kon`` (status named).
    """

    FLICKA = "flicka", "Flicka", "Girl"
    POJKE = "pojke", "Pojke", "Boy"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class Lagrum(LabelledCode):
    """Lagrum för insatsen — Legal basis of the intervention.

    Single-select value set ``lagrum`` (status adjacent).
    """

    SOL_BISTAND = "sol_bistand", "Bistånd enligt SoL", "Assistance under SoL"
    SOL_OPPEN_INSATS_15 = (
        "sol_oppen_insats_15",
        "Öppen insats till ungdom 15+ utan vårdnadshavares samtycke (SoL)",
        "Open-care intervention for 15+ without guardian consent (SoL)",
    )
    SOL_KONTAKTPERSON = (
        "sol_kontaktperson",
        "Kontaktperson eller kontaktfamilj (SoL)",
        "Contact person or family (SoL)",
    )
    SOL_UTAN_BEHOVSPROVNING = (
        "sol_utan_behovsprovning",
        "Insats utan individuell behovsprövning (SoL 2025:400)",
        "Intervention without individual needs assessment (SoL 2025:400)",
    )
    LVU_2 = "lvu_2", "Vård enligt 2 § LVU (hemmiljön)", "Care under LVU s. 2 (home environment)"
    LVU_3 = "lvu_3", "Vård enligt 3 § LVU (eget beteende)", "Care under LVU s. 3 (own behaviour)"
    LVU_2_OCH_3 = "lvu_2_och_3", "Vård enligt både 2 § och 3 § LVU", "Care under LVU s. 2 and s. 3"
    LVU_6 = "lvu_6", "Omedelbart omhändertagande (LVU)", "Emergency custody (LVU)"
    LVU_22 = "lvu_22", "Öppen insats enligt 22 § LVU", "Open-care measure under LVU s. 22"
    ANNAT_LAGRUM = "annat_lagrum", "Annat lagrum", "Other legal basis"


class Maluppfyllelse(LabelledCode):
    """Måluppfyllelse — Goal attainment.

    Single-select value set ``maluppfyllelse`` (status provisional).
    """

    HELT = "helt", "Målen helt uppnådda", "Fully achieved"
    DELVIS = "delvis", "Målen delvis uppnådda", "Partly achieved"
    INTE_ALLS = "inte_alls", "Målen inte uppnådda", "Not achieved"
    KAN_INTE_BEDOMAS = "kan_inte_bedomas", "Kan inte bedömas", "Cannot be assessed"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class Placeringsform(LabelledCode):
    """Placeringsform — Placement type.

    Single-select value set ``placeringsform`` (status adjacent).
    """

    FAMILJEHEM = "familjehem", "Familjehem", "Foster home"
    NATVERKSHEM = "natverkshem", "Familjehem i barnets nätverk", "Kinship or network foster home"
    JOURHEM = "jourhem", "Jourhem", "Emergency foster home"
    HVB = "hvb", "Hem för vård eller boende (HVB)", "Residential care home (HVB)"
    STODBOENDE = "stodboende", "Stödboende", "Supported housing"
    SKYDDAT_BOENDE = "skyddat_boende", "Skyddat boende", "Sheltered housing"
    SARSKILT_UNGDOMSHEM = (
        "sarskilt_ungdomshem",
        "Särskilt ungdomshem (SiS)",
        "Special youth home (SiS)",
    )
    EGET_HEM_ANNAT = "eget_hem_annat", "Eget hem eller annat", "Own home or other"


class RiskbedomningUtfall(LabelledCode):
    """Riskbedömning vid uppföljning — Risk assessment at follow-up.

    Single-select value set ``riskbedomning_utfall`` (status provisional).
    """

    RISK_MINSKAD = "risk_minskad", "Risken har minskat", "Risk reduced"
    RISK_OFORANDRAD = "risk_oforandrad", "Risken är oförändrad", "Risk unchanged"
    RISK_OKAD = "risk_okad", "Risken har ökat", "Risk increased"
    INGEN_RISK = "ingen_risk", "Ingen risk bedöms föreligga", "No risk found"
    KAN_INTE_BEDOMAS = "kan_inte_bedomas", "Kan inte bedömas", "Cannot be assessed"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class SammanbrottPart(LabelledCode):
    """Vem initierade sammanbrottet — Who initiated the breakdown.

    Single-select value set ``sammanbrott_part`` (status adjacent).
    """

    PLACERINGEN = (
        "placeringen",
        "Familjehemmet, jourhemmet eller HVB",
        "The foster home, emergency home or residential home",
    )
    BARNET = "barnet", "Barnet", "The child"
    FORALDRAR = "foraldrar", "Föräldrar eller vårdnadshavare", "Parents or guardians"
    SOCIALTJANSTEN = "socialtjansten", "Socialtjänsten", "Social services"
    ANNAN = "annan", "Annan", "Other"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class Samverkanspart(LabelledCode):
    """Samverkanspart — Collaboration partner.

    Multi-select value set ``samverkanspart`` (status named).
    """

    FORSKOLA = "forskola", "Förskola", "Pre-school"
    SKOLA = "skola", "Skola", "School"
    ELEVHALSA = "elevhalsa", "Elevhälsa", "Pupil health services"
    BUP = "bup", "Barn- och ungdomspsykiatri (BUP)", "Child and adolescent psychiatry"
    HALSO_SJUKVARD = (
        "halso_sjukvard",
        "Övrig hälso- och sjukvård (t.ex. BVC, primärvård)",
        "Other health care (e.g. child health centre, primary care)",
    )
    HABILITERING = "habilitering", "Habilitering", "Habilitation services"
    VUXENPSYKIATRI = "vuxenpsykiatri", "Vuxenpsykiatri", "Adult psychiatry"
    BEROENDEVARD = "beroendevard", "Beroendevård", "Addiction services"
    POLIS = "polis", "Polis", "Police"
    ANNAN_SOCIALTJANST = (
        "annan_socialtjanst",
        "Annan del av socialtjänsten",
        "Other part of social services",
    )
    ANNAN = "annan", "Annan", "Other"
    INGEN = "ingen", "Ingen samverkan", "No collaboration"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class SkalEjUtredning(LabelledCode):
    """Skäl att inte inleda utredning — Reason for not opening an investigation.

    Single-select value set ``skal_ej_utredning`` (status provisional).
    """

    INSATSER_PAGAR = "insatser_pagar", "Insatser pågår redan", "Interventions already ongoing"
    INGEN_ORO = (
        "ingen_oro",
        "Ingen oro som kräver utredning bedöms finnas",
        "No concern requiring investigation",
    )
    SAMTYCKE_SAKNAS = (
        "samtycke_saknas",
        "Familjen tackar nej till erbjudet frivilligt stöd och oron bedöms inte kräva utredning",
        "The family declines the voluntary support offered and the concern is judged not to call for an investigation",
    )
    ANNAT_STOD = (
        "annat_stod",
        "Annat stöd finns eller hänvisning till annan verksamhet",
        "Other support available or referral elsewhere",
    )
    FLYTTAT = (
        "flyttat",
        "Barnet har flyttat från kommunen",
        "Child has moved out of the municipality",
    )
    ANNAT = "annat", "Annat", "Other"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class Skolgang(LabelledCode):
    """Skolgång — School attendance.

    Single-select value set ``skolgang`` (status provisional).
    """

    REGELBUNDEN = "regelbunden", "Går regelbundet i skolan", "Attends regularly"
    VISS_FRANVARO = "viss_franvaro", "Viss frånvaro", "Some absence"
    OMFATTANDE_FRANVARO = "omfattande_franvaro", "Omfattande frånvaro", "Extensive absence"
    INGEN_SKOLPLACERING = "ingen_skolplacering", "Saknar skolplacering", "No school place"
    EJ_AKTUELLT = (
        "ej_aktuellt",
        "Ej aktuellt (ålder eller avslutad skolgång)",
        "Not applicable (age or schooling completed)",
    )
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class Uppfoljningstyp(LabelledCode):
    """Typ av uppföljning — Type of follow-up.

    Single-select value set ``uppfoljningstyp`` (status confirmed).
    """

    UPPFOLJNING_OPPENVARD = (
        "uppfoljning_oppenvard",
        "Uppföljning av öppenvårdsinsats",
        "Follow-up of open-care intervention",
    )
    UPPFOLJNING_VARD = (
        "uppfoljning_vard",
        "Uppföljning av vård (placering)",
        "Follow-up of out-of-home care",
    )
    OVERVAGANDE = "overvagande", "Övervägande", "Periodic review (övervägande)"
    OMPROVNING = "omprovning", "Omprövning", "Reconsideration (omprövning, LVU s. 3)"
    AVSLUT = "avslut", "Avslut av insatsen", "Closure of the intervention"


class UtredningUtfall(LabelledCode):
    """Vad utredningen resulterade i — Outcome of the investigation.

    Single-select value set ``utredning_utfall`` (status adjacent).
    """

    INSATS_BESLUTAD = "insats_beslutad", "Insats beslutad", "Intervention decided"
    INGEN_INSATS_BEHOV_SAKNAS = (
        "ingen_insats_behov_saknas",
        "Ingen insats – behov bedöms inte finnas",
        "No intervention – no need found",
    )
    INGEN_INSATS_SAMTYCKE_SAKNAS = (
        "ingen_insats_samtycke_saknas",
        "Ingen insats – samtycke saknas",
        "No intervention – consent refused",
    )
    HANVISNING = "hanvisning", "Hänvisning till annat stöd", "Referred to other support"
    ANSOKAN_LVU = "ansokan_lvu", "Ansökan om vård enligt LVU", "Application for care under LVU"
    OVERFLYTTAD = (
        "overflyttad",
        "Ärendet överflyttat till annan kommun",
        "Case transferred to another municipality",
    )
    ANNAT = "annat", "Annat", "Other"
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


class Vardnadshavare(LabelledCode):
    """Vårdnadshavare — Legal custodian(s).

    Single-select value set ``vardnadshavare`` (status provisional).
    """

    BADA_FORALDRARNA = "bada_foraldrarna", "Båda föräldrarna", "Both parents"
    EN_FORALDER = "en_foralder", "En förälder", "One parent"
    SARSKILT_FORORDNAD = (
        "sarskilt_forordnad",
        "Särskilt förordnad vårdnadshavare",
        "Specially appointed custodian",
    )
    ANNAN_ELLER_INGEN = (
        "annan_eller_ingen",
        "Annan eller ingen vårdnadshavare i Sverige",
        "Other, or no custodian in Sweden",
    )
    UPPGIFT_SAKNAS = "uppgift_saknas", "Uppgift saknas", "Not known"


VALUE_SETS: dict[str, type[LabelledCode]] = {
    "aktualiseringssatt": Aktualiseringssatt,
    "aldersgrupp_kkik": AldersgruppKkik,
    "aldersgrupp_officiell": AldersgruppOfficiell,
    "aldersgrupp_uppfoljning": AldersgruppUppfoljning,
    "anmalare": Anmalare,
    "avslutsorsak": Avslutsorsak,
    "barnets_uppfattning": BarnetsUppfattning,
    "bedomningsmetod": Bedomningsmetod,
    "beslut_om_utredning": BeslutOmUtredning,
    "boende_barn": BoendeBarn,
    "fodelseland": Fodelseland,
    "foraldrars_fodelseland": ForaldrarsFodelseland,
    "grundproblematik": Grundproblematik,
    "halsoundersokning_status": HalsoundersokningStatus,
    "insatstyp": Insatstyp,
    "installning": Installning,
    "ja_nej_uppgift_saknas": JaNejUppgiftSaknas,
    "kon": Kon,
    "lagrum": Lagrum,
    "maluppfyllelse": Maluppfyllelse,
    "placeringsform": Placeringsform,
    "riskbedomning_utfall": RiskbedomningUtfall,
    "sammanbrott_part": SammanbrottPart,
    "samverkanspart": Samverkanspart,
    "skal_ej_utredning": SkalEjUtredning,
    "skolgang": Skolgang,
    "uppfoljningstyp": Uppfoljningstyp,
    "utredning_utfall": UtredningUtfall,
    "vardnadshavare": Vardnadshavare,
}
"""Value-set id → its enum class."""
