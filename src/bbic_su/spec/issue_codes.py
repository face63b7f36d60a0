"""The stable codes of validation findings, with their severities, titles and messages.

>>> from bbic_su.spec.issue_codes import ISSUE_CODES, IssueCode
>>> IssueCode.INVALID_DATE.value
'invalid-date'
>>> ISSUE_CODES[IssueCode.INVALID_DATE].severity
'error'
>>> ISSUE_CODES[IssueCode.DEADLINE_EXCEEDED].title_sv
'Lagstadgad tidsgräns överskriden'

Codes are kebab-case and stable: a code is never renamed or reused, only added.
Each carries a default severity, Swedish and English titles and message
templates, a one-paragraph description and its *scope*: ``record`` codes are
found from one record and its ancestors (both :func:`bbic_su.validate` and
:func:`bbic_su.validate_record` report them, identically), ``dataset`` codes
need the whole dataset (only :func:`bbic_su.validate`).

Messages never contain free text, names or identity numbers: they name the
variable, the rule and the legal source; the offending value is kept in
:attr:`bbic_su.validation.issues.Issue.value` only when it is a code, an ISO date or a number.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Literal

import attrs

__all__ = ["ISSUE_CODES", "SEVERITIES", "IssueCode", "IssueCodeInfo", "IssueSeverity"]

IssueSeverity = Literal["error", "warning", "info"]
"""Severity of a finding, from worst to mildest."""
SEVERITIES: tuple[IssueSeverity, ...] = ("error", "warning", "info")


class IssueCode(enum.StrEnum):
    """Stable kebab-case codes of validation findings (see :data:`ISSUE_CODES`)."""

    UNKNOWN_RECORD_TYPE = "unknown-record-type"
    UNKNOWN_COLUMN = "unknown-column"
    DUPLICATE_COLUMN = "duplicate-column"
    MISSING_COLUMN = "missing-column"
    INVALID_CODE = "invalid-code"
    FREE_TEXT_IN_CODE_FIELD = "free-text-in-code-field"
    INVALID_DATE = "invalid-date"
    INVALID_INTEGER = "invalid-integer"
    INVALID_KEY = "invalid-key"
    MISSING_KEY = "missing-key"
    REQUIRED_MISSING = "required-missing"
    REQUIRED_BY_PLAN_MISSING = "required-by-plan-missing"
    CONDITIONAL_REQUIRED_MISSING = "conditional-required-missing"
    NOT_APPLICABLE_VALUE = "not-applicable-value"
    OUT_OF_RANGE = "out-of-range"
    DATE_ORDER = "date-order"
    DEADLINE_EXCEEDED = "deadline-exceeded"
    RULE_VIOLATED = "rule-violated"
    DUPLICATE_KEY = "duplicate-key"
    MISSING_PARENT = "missing-parent"
    PARENT_CHILD_MISMATCH = "parent-child-mismatch"
    HIGH_MISSING_SHARE = "high-missing-share"
    INTERVAL_EXCEEDED = "interval-exceeded"
    MORE_THAN_ONE = "more-than-one"
    AFTER_EXTRACTION_DATE = "after-extraction-date"
    BEFORE_PLAUSIBLE_DATE = "before-plausible-date"
    DATED_AFTER_CLOSURE = "dated-after-closure"
    DEADLINE_PASSED_OPEN = "deadline-passed-open"
    DERIVED_MISMATCH = "derived-mismatch"
    INTERVAL_PASSED_OPEN = "interval-passed-open"


@attrs.frozen(kw_only=True)
class IssueCodeInfo:
    """Metadata of one issue code (the documentation generates one page per code).

    Message templates use ``{variable}``, ``{anchor}``, ``{limit}``, ``{rule}``,
    ``{rule_text}``, ``{legal}``, ``{column}``, ``{record_type}``, ``{parent}``,
    ``{condition}``, ``{share}``, ``{count}`` and ``{total}``; never the offending
    value itself.
    """

    code: IssueCode
    severity: IssueSeverity
    scope: Literal["record", "dataset"]
    title_sv: str
    title_en: str
    message_sv: str
    message_en: str
    description: str


def _info(
    code: IssueCode,
    severity: IssueSeverity,
    scope: Literal["record", "dataset"],
    title: tuple[str, str],
    message_sv: str,
    message_en: str,
    description: str,
) -> IssueCodeInfo:
    return IssueCodeInfo(
        code=code,
        severity=severity,
        scope=scope,
        title_sv=title[0],
        title_en=title[1],
        message_sv=message_sv,
        message_en=message_en,
        description=description,
    )


_C = IssueCode
# fmt: off
ISSUE_CODES: Mapping[IssueCode, IssueCodeInfo] = {i.code: i for i in (
    _info(_C.UNKNOWN_RECORD_TYPE, 'warning', 'dataset',
        ('Okänd posttyp', 'Unknown record type'),
        'Tabellen {record_type} är ingen posttyp i katalogen; den valideras inte.',
        'Table {record_type} is not a record type of the catalogue; it is not validated.',
        ('A table (CSV file, sheet or frame) whose name is not a record type. It is kept in '
        'the dataset, never dropped, but none of its cells are checked.')),
    _info(_C.UNKNOWN_COLUMN, 'warning', 'record',
        ('Okänd kolumn', 'Unknown column'),
        'Kolumnen {column} är varken en variabel eller en nyckel för {record_type}.',
        'Column {column} is neither a variable nor a key of {record_type}.',
        ('A column the catalogue does not define for the record type (a typo, a local variable'
        ' without its extension file, or an export artefact). The column is kept and reported'
        ' once; its cells are not checked.')),
    _info(_C.DUPLICATE_COLUMN, 'error', 'dataset',
        ('Dubblerad kolumn', 'Duplicate column'),
        'Kolumnen {column} förekommer mer än en gång; bara den första valideras.',
        'Column {column} occurs more than once; only the first is validated.',
        ('Two columns carry the same name. The first is validated; the others are kept but '
        'cannot be told apart, so the export should be fixed.')),
    _info(_C.MISSING_COLUMN, 'info', 'dataset',
        ('Kolumn saknas', 'Missing column'),
        'Kolumnen {column} saknas i {record_type}; alla värden räknas som saknade.',
        'Column {column} is absent from {record_type}; every value counts as missing.',
        ('A catalogue variable or key column is not in the table. Its values count as missing,'
        ' so required-value findings follow for every row; a missing key column is an error '
        'because records cannot be linked.')),
    _info(_C.INVALID_CODE, 'error', 'record',
        ('Ogiltig kod', 'Invalid code'),
        '{variable}: värdet är ingen kod i kodlistan {value_set}.',
        '{variable}: the value is not a code of value set {value_set}.',
        ('A code-shaped value (lower-case letters, digits, underscores) that is not in the '
        "variable's value set; for a multi-select variable, any of its ``|``-separated codes."
        ' The value counts as missing for every other rule.')),
    _info(_C.FREE_TEXT_IN_CODE_FIELD, 'error', 'record',
        ('Fritext i kodfält', 'Free text in a code field'),
        '{variable}: fältet ska innehålla en kod ur {value_set}, inte fritext.',
        '{variable}: the field must hold a code of {value_set}, not free text.',
        ('A value that is not even shaped like a code (spaces, capitals, punctuation, very '
        'long). It may contain personal data, so it is never repeated in the report.')),
    _info(_C.INVALID_DATE, 'error', 'record',
        ('Ogiltigt datum', 'Invalid date'),
        '{variable}: värdet är inget giltigt datum (ÅÅÅÅ-MM-DD).',
        '{variable}: the value is not a valid date (YYYY-MM-DD).',
        ('A date must be written as ISO 8601 ``YYYY-MM-DD`` and exist in the calendar '
        '(``2024-02-30`` does not). The value is reported only when it is date-shaped.')),
    _info(_C.INVALID_INTEGER, 'error', 'record',
        ('Ogiltigt heltal', 'Invalid integer'),
        '{variable}: värdet är inget heltal.',
        '{variable}: the value is not an integer.',
        ('A count or year must be a whole number written with digits (an optional sign). The '
        'value is reported only when it is short and number-shaped.')),
    _info(_C.INVALID_KEY, 'error', 'record',
        ('Ogiltig nyckel', 'Invalid key'),
        '{variable}: nyckeln liknar ett personnummer eller är inget kort id; den visas inte.',
        ('{variable}: the key looks like an identity number or is not a short id; it is not '
        'shown.'),
        ('Keys must be pseudonymous ids (a keyed hash), at most 64 characters, without control'
        " characters and never shaped like a personal identity number. The row's key is left "
        'out of every finding so that no identity number reaches a report.')),
    _info(_C.MISSING_KEY, 'error', 'record',
        ('Nyckel saknas', 'Missing key'),
        '{variable} saknas; posten kan inte kopplas.',
        '{variable} is missing; the record cannot be linked.',
        "The record's own id or a mandatory reference to its parent is empty."),
    _info(_C.REQUIRED_MISSING, 'error', 'record',
        ('Obligatoriskt värde saknas', 'Required value missing'),
        '{variable} är obligatorisk men saknas.',
        '{variable} is required but missing.',
        ('The catalogue marks the variable as required (``required: true``). Empty and '
        '``uppgift_saknas`` both count as missing.')),
    _info(_C.REQUIRED_BY_PLAN_MISSING, 'error', 'record',
        ('Obligatoriskt enligt uppföljningsplanen', 'Required by the follow-up plan'),
        '{variable} är obligatorisk i uppföljningsplanen men saknas.',
        '{variable} is mandatory in the follow-up plan but missing.',
        ("The municipality's follow-up plan marks the variable as mandatory; it is missing on "
        'a record where the variable applies.')),
    _info(_C.CONDITIONAL_REQUIRED_MISSING, 'error', 'record',
        ('Villkorat obligatoriskt värde saknas', 'Conditionally required value missing'),
        '{variable} krävs när {condition} men saknas.',
        '{variable} is required when {condition} but missing.',
        ("The variable is required when the catalogue's condition (``required_if``) holds, "
        'e.g. a reason when an investigation is not opened.')),
    _info(_C.NOT_APPLICABLE_VALUE, 'warning', 'record',
        ('Värde där variabeln inte gäller', 'Value where the variable does not apply'),
        '{variable} har ett värde fast den bara gäller när {condition}.',
        '{variable} has a value although it applies only when {condition}.',
        ('The variable carries a value on a record where its condition (``applies_if``) does '
        'not hold, e.g. a placement form on an open-care intervention.')),
    _info(_C.OUT_OF_RANGE, 'error', 'record',
        ('Utanför tillåtet intervall', 'Out of range'),
        '{variable} ligger utanför {limit}.',
        '{variable} lies outside {limit}.',
        ('A number outside the range the catalogue allows (``range``), e.g. an age at '
        'actualisation outside 0–20 or a negative count.')),
    _info(_C.DATE_ORDER, 'error', 'record',
        ('Datum i fel ordning', 'Dates out of order'),
        '{variable} ligger före {anchor}. {rule_text}',
        '{variable} lies before {anchor}. {rule_text}',
        ('Two dates along the case chain (actualisation, protection assessment, decision to '
        'investigate, investigation, decision, start, follow-up, closure) are in the wrong '
        "order; ancestors' dates are read through the record's keys.")),
    _info(_C.DEADLINE_EXCEEDED, 'warning', 'record',
        ('Lagstadgad tidsgräns överskriden', 'Legal deadline exceeded'),
        '{variable} ligger mer än {limit} efter {anchor}. {rule_text} ({legal})',
        '{variable} lies more than {limit} after {anchor}. {rule_text} ({legal})',
        ('A legal time limit counted from an anchor date is exceeded (protection assessment '
        'the same or next day, pre-assessment within 14 days, investigation within four '
        'months unless extended). The message cites the legal references a source verifies '
        '(with the date an old-law reference applied until), else the topic of the rule.')),
    _info(_C.RULE_VIOLATED, 'error', 'record',
        ('Regel inte uppfylld', 'Rule violated'),
        'Regeln är inte uppfylld: {rule_text}',
        'Rule {rule}: {rule_text}',
        ("A catalogue rule's expression does not hold. Not reported on a row where another "
        'finding already concerns a variable the rule reads.')),
    _info(_C.DUPLICATE_KEY, 'error', 'dataset',
        ('Dubblerad nyckel', 'Duplicate key'),
        '{variable} förekommer redan på en tidigare rad.',
        '{variable} already occurs on an earlier row.',
        ('Record ids are unique within a record type; every occurrence after the first is '
        'reported.')),
    _info(_C.MISSING_PARENT, 'error', 'dataset',
        ('Överordnad post saknas', 'Missing parent'),
        '{variable} pekar på en {parent}-post som inte finns.',
        '{variable} points to a {parent} record that does not exist.',
        ('A reference to a parent record (child, actualisation, investigation, intervention) '
        "does not resolve. Rules that read the missing parent's values are not evaluated on "
        'the row.')),
    _info(_C.PARENT_CHILD_MISMATCH, 'error', 'dataset',
        ('Överordnad post gäller ett annat barn', 'Parent concerns another child'),
        '{variable} pekar på en {parent}-post som gäller ett annat barn.',
        '{variable} points to a {parent} record of another child.',
        "The parent record exists but its barn_id differs from the record's own."),
    _info(_C.HIGH_MISSING_SHARE, 'info', 'dataset',
        ('Hög andel saknade värden', 'High share of missing values'),
        '{variable}: {share} % saknas ({count} av {total} poster där variabeln gäller).',
        '{variable}: {share} % missing ({count} of {total} records where it applies).',
        ('Data quality: the share of empty or ``uppgift_saknas`` values among the records '
        "where the variable applies reaches the catalogue's threshold. The value is the share"
        ' in per cent.')),
    _info(_C.INTERVAL_EXCEEDED, 'warning', 'dataset',
        ('För lång tid mellan poster', 'Too long between records'),
        ('{variable} ligger mer än {limit} efter {anchor} (första posten) eller föregående '
        '{record_type}-post där {condition}. {rule_text} ({legal})'),
        ('{variable} lies more than {limit} after {anchor} (first record) or after the previous'
        ' {record_type} record where {condition}. {rule_text} ({legal})'),
        ('The records of one parent where a condition holds (e.g. the reviews of a placement),'
        ' ordered by date, are too far apart: the first more than the limit after the anchor '
        '(e.g. the placement start), or one more than the limit after the previous (review at'
        ' least every six months). Reported on the late record. Not checked for a parent where'
        ' such a record has an unknown date. The message cites the legal references a '
        'source verifies (with the date an old-law reference applied until), else the topic.')),
    _info(_C.MORE_THAN_ONE, 'error', 'dataset',
        ('Fler än en post', 'More than one record'),
        'Mer än en {record_type}-post för samma {parent} där {condition}. {rule_text}',
        'More than one {record_type} record of the same {parent} where {condition}. {rule_text}',
        ('At most one record of a parent may satisfy the condition (e.g. one closure per '
        'intervention); every such record after the first, in row order, is reported.')),
    _info(_C.AFTER_EXTRACTION_DATE, 'error', 'record',
        ('Datum efter uttagsdatum', 'Date after the extraction date'),
        '{variable} ligger efter uttagsdatumet {limit}. {rule_text}',
        '{variable} lies after the extraction date {limit}. {rule_text}',
        ('A date lies after the date the data were extracted, so it cannot have happened yet '
        '(a typing error or a planned date). Checked only when the extraction date is given '
        '(``extraction_date=`` or ``--extraction-date``).')),
    _info(_C.BEFORE_PLAUSIBLE_DATE, 'warning', 'record',
        ('Osannolikt tidigt datum', 'Implausibly early date'),
        '{variable} ligger före {limit}. {rule_text}',
        '{variable} lies before {limit}. {rule_text}',
        ('A date lies before the earliest date that is plausible in these records, most often '
        'a typing error or a placeholder such as 1900-01-01.')),
    _info(_C.DATED_AFTER_CLOSURE, 'error', 'dataset',
        ('Daterad efter avslutet', 'Dated after the closure'),
        ('{variable} ligger efter {record_type}-posten där {condition} för samma {parent}. '
        '{rule_text}'),
        ('{variable} lies after the {record_type} record of the same {parent} where '
        '{condition}. {rule_text}'),
        ('A record of a parent is dated after the record that closes the parent (e.g. a '
        'follow-up after the closure of its intervention); compared with the earliest closing '
        'record. Records with an unknown date are not reported, and a parent whose closing '
        'records all have unknown dates is not checked. The value is the offending date.')),
    _info(_C.DERIVED_MISMATCH, 'warning', 'dataset',
        ('Avviker från härledningen', 'Differs from the derivation'),
        ('{variable} är härledd men det angivna värdet stämmer inte med härledningen ur '
        'övriga poster.'),
        ('{variable} is derived, but the value supplied differs from its derivation from the '
        'other records.'),
        ('A derived variable (computed from the documented records, see its derivation) was '
        'supplied in the data with a value its derivation does not give. The value is '
        '``supplied → derived`` (an empty derived value: the window had not closed at the '
        'extraction date); the summary counts each pair. Only non-empty supplied cells are '
        'compared, and variables whose derivation needs the extraction date only when it is '
        'given. An age derived from the birth year alone may be one year more than the exact '
        'age, so a supplied age one less is accepted. Measures use the supplied column.')),
    _info(_C.DEADLINE_PASSED_OPEN, 'warning', 'record',
        ('Tidsgränsen passerad i öppet ärende', 'Deadline passed in an open case'),
        ('{variable} saknas (ärendet är öppet) och uttagsdatumet ligger mer än {limit} efter '
        '{anchor}. {rule_text} ({legal})'),
        ('{variable} is missing (the case is open) and the extraction date lies more than '
        '{limit} after {anchor}. {rule_text} ({legal})'),
        ('A legal time limit has run out while the case is still open: the date that would '
        'close it is missing, and the extraction date lies more than the limit after the '
        'anchor (e.g. an investigation still open more than four months after it was opened, '
        'unless extended). The value is the anchor date. Checked only when the extraction '
        'date is given (``extraction_date=`` or ``--extraction-date``). The message cites the '
        'legal source as the catalogue gives it.')),
    _info(_C.INTERVAL_PASSED_OPEN, 'warning', 'dataset',
        ('För lång tid sedan senaste posten', 'Too long since the last record'),
        ('Ingen {record_type}-post där {condition} inom {limit} före uttagsdatumet, fast '
        '{parent}-posten inte är avslutad (räknat från den senaste sådana posten, annars från '
        '{anchor}). {rule_text} ({legal})'),
        ('No {record_type} record where {condition} within {limit} before the extraction date,'
        ' although the {parent} record is not closed (counted from the last such record, else '
        'from {anchor}). {rule_text} ({legal})'),
        ('While a parent is still ongoing (e.g. a placement without a closure record), the '
        'extraction date lies more than the limit after its last record where the condition '
        'holds (e.g. the last review), or after the anchor when there is none. Reported on '
        'that last record, with its date as the value, or, when there is no such record, on '
        'the parent record with the anchor date. Not checked for a parent where such a record'
        ' has an unknown date or whose end is unknown. Checked only when the extraction date '
        'is given.')),
)}
# fmt: on
