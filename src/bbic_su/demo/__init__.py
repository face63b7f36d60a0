"""The whole pipeline on synthetic data, end to end."""

from __future__ import annotations

from bbic_su.demo._run import (
    BASE_PROFILE,
    DEFAULT_CHILDREN,
    DEFAULT_MUNICIPALITIES,
    PROFILE,
    DemoError,
    DemoResult,
    Headline,
    complete_profile_yaml,
    demo_key,
    run_demo,
)

__all__ = [
    "BASE_PROFILE",
    "DEFAULT_CHILDREN",
    "DEFAULT_MUNICIPALITIES",
    "PROFILE",
    "DemoError",
    "DemoResult",
    "Headline",
    "complete_profile_yaml",
    "demo_key",
    "run_demo",
]
