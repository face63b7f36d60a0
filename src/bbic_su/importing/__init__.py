"""Import of vendor exports: mapping profiles, the import, its report, identity numbers."""

from __future__ import annotations

from bbic_su.importing.draft import (
    Draft,
    draft_profile,
)
from bbic_su.importing.importer import (
    CHUNK_ROWS,
    ExportReadError,
    IdentityValueError,
    import_export,
    match_files,
)
from bbic_su.importing.privacy import (
    KEY_ENV,
    IdentityNumber,
    InvalidIdentityNumber,
    PseudonymKeyError,
    age_at,
    check_key,
    find_personnummer,
    identity_number,
    load_key,
    looks_like_personnummer,
    pseudonymise,
)
from bbic_su.importing.profile import (
    SCHEMA,
    MappingProfile,
    ProfileError,
    canonical_profile_yaml,
    check_profile,
    example_exports,
    load_profile,
    profile_from_dict,
    shipped_profiles,
    target_variable,
)
from bbic_su.importing.report import (
    REASONS,
    FileReport,
    ImportReport,
    RejectedRow,
    UnmappedValue,
)

__all__ = [
    "CHUNK_ROWS",
    "KEY_ENV",
    "REASONS",
    "SCHEMA",
    "Draft",
    "ExportReadError",
    "FileReport",
    "IdentityNumber",
    "IdentityValueError",
    "ImportReport",
    "InvalidIdentityNumber",
    "MappingProfile",
    "ProfileError",
    "PseudonymKeyError",
    "RejectedRow",
    "UnmappedValue",
    "age_at",
    "canonical_profile_yaml",
    "check_key",
    "check_profile",
    "draft_profile",
    "example_exports",
    "find_personnummer",
    "identity_number",
    "import_export",
    "load_key",
    "load_profile",
    "looks_like_personnummer",
    "match_files",
    "profile_from_dict",
    "pseudonymise",
    "shipped_profiles",
    "target_variable",
]
