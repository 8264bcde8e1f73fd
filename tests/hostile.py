"""Shared by the test_hostile_* modules: run the CLI in-process and check a failure is one clean line."""

from __future__ import annotations

from typer.testing import CliRunner

from syrmap.cli import app

runner = CliRunner()


def cli(*args: str, input: str | bytes | None = None):  # noqa: A002 - click's own keyword
    """Run `syrmap ARGS` in this process (uncaught exceptions land in result.exception, not stderr)."""
    return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=True)


def assert_one_line_failure(result, code: int = 2) -> str:
    """Non-zero exit `code`, no exception escaped, exactly one line on stderr; returns that line."""
    escaped = result.exception if not isinstance(result.exception, SystemExit) else None
    assert escaped is None, f"uncaught {type(escaped).__name__}: {escaped}"
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]
