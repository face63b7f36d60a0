"""The whole pipeline on synthetic data, end to end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bbic_su._exports import lazy

if TYPE_CHECKING:
    from bbic_su.demo._profile import BASE_PROFILE, PROFILE, complete_profile_yaml
    from bbic_su.demo._result import (
        DEFAULT_CHILDREN,
        DEFAULT_MUNICIPALITIES,
        DemoError,
        DemoResult,
        Headline,
        demo_key,
    )
    from bbic_su.demo._run import run_demo

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
        "DEFAULT_CHILDREN": "bbic_su.demo._result",
        "DEFAULT_MUNICIPALITIES": "bbic_su.demo._result",
        "DemoError": "bbic_su.demo._result",
        "DemoResult": "bbic_su.demo._result",
        "Headline": "bbic_su.demo._result",
        "PROFILE": "bbic_su.demo._profile",
        "complete_profile_yaml": "bbic_su.demo._profile",
        "demo_key": "bbic_su.demo._result",
        "run_demo": "bbic_su.demo._run",
    },
)
