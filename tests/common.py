"""Paths shared by the tests: the project root and ../shared beside it."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = SHARED / "examples"
EVAL = SHARED / "eval"
RAW = SHARED / "data" / "raw"
