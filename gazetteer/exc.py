"""Errors raised by syrmap. Every error is a `SyrmapError`; subclasses also inherit a builtin."""

from __future__ import annotations

__all__ = ["SyrmapError", "SourceError", "InputError", "CacheError"]


class SyrmapError(Exception):
    """Base class of every error syrmap raises on purpose; the CLI prints it as one line."""


class SourceError(SyrmapError, OSError):
    """A reference data source is missing, unreadable or malformed."""


class InputError(SyrmapError, ValueError):
    """User input (a table, a report, an argument) cannot be used as given."""


class CacheError(SyrmapError, OSError):
    """The gazetteer cache cannot be read or written."""
