"""Import of vendor exports: mapping profiles, the import, its report, identity numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.importing.draft import Draft, draft_profile
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
        ImportFailed,
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
    "ImportFailed",
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

__getattr__, __dir__ = lazy(
    __name__,
    {
        "CHUNK_ROWS": "bbic_su.importing.importer",
        "Draft": "bbic_su.importing.draft",
        "ExportReadError": "bbic_su.importing.importer",
        "FileReport": "bbic_su.importing.report",
        "IdentityNumber": "bbic_su.importing.privacy",
        "IdentityValueError": "bbic_su.importing.importer",
        "ImportFailed": "bbic_su.importing.report",
        "ImportReport": "bbic_su.importing.report",
        "InvalidIdentityNumber": "bbic_su.importing.privacy",
        "KEY_ENV": "bbic_su.importing.privacy",
        "MappingProfile": "bbic_su.importing.profile",
        "ProfileError": "bbic_su.importing.profile",
        "PseudonymKeyError": "bbic_su.importing.privacy",
        "REASONS": "bbic_su.importing.report",
        "RejectedRow": "bbic_su.importing.report",
        "SCHEMA": "bbic_su.importing.profile",
        "UnmappedValue": "bbic_su.importing.report",
        "age_at": "bbic_su.importing.privacy",
        "canonical_profile_yaml": "bbic_su.importing.profile",
        "check_key": "bbic_su.importing.privacy",
        "check_profile": "bbic_su.importing.profile",
        "draft_profile": "bbic_su.importing.draft",
        "example_exports": "bbic_su.importing.profile",
        "find_personnummer": "bbic_su.importing.privacy",
        "identity_number": "bbic_su.importing.privacy",
        "import_export": "bbic_su.importing.importer",
        "load_key": "bbic_su.importing.privacy",
        "load_profile": "bbic_su.importing.profile",
        "looks_like_personnummer": "bbic_su.importing.privacy",
        "match_files": "bbic_su.importing.importer",
        "profile_from_dict": "bbic_su.importing.profile",
        "pseudonymise": "bbic_su.importing.privacy",
        "shipped_profiles": "bbic_su.importing.profile",
        "target_variable": "bbic_su.importing.profile",
    },
)
