"""The whole pipeline on synthetic data, end to end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.demo._defaults import (
        DEFAULT_CHILDREN,
        DEFAULT_MUNICIPALITIES,
        DemoError,
        demo_key,
    )
    from bbic_su.demo._profile import BASE_PROFILE, PROFILE, complete_profile_yaml
    from bbic_su.demo._run import DemoResult, Headline, run_demo

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

__getattr__, __dir__ = lazy(
    __name__,
    {
        "BASE_PROFILE": "bbic_su.demo._profile",
        "DEFAULT_CHILDREN": "bbic_su.demo._defaults",
        "DEFAULT_MUNICIPALITIES": "bbic_su.demo._defaults",
        "DemoError": "bbic_su.demo._defaults",
        "DemoResult": "bbic_su.demo._run",
        "Headline": "bbic_su.demo._run",
        "PROFILE": "bbic_su.demo._profile",
        "complete_profile_yaml": "bbic_su.demo._profile",
        "demo_key": "bbic_su.demo._defaults",
        "run_demo": "bbic_su.demo._run",
    },
)
