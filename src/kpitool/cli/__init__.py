"""The command line: one module per command over the library; ``emit`` writes the artifact
and the messages; ``exits`` decides the exit code from the results."""

from kpitool.cli.app import BUG_REPORT, app, console, main

__all__ = ["BUG_REPORT", "app", "console", "main"]
