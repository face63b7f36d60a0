"""The library version, single-sourced here (read by hatchling and at run time)."""

__version__ = "0.2.0"
