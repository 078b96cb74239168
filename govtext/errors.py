"""The errors govtext raises.  Each names the file and the problem in one sentence.

What a report *lacks* (a cut table, a missing section) is not an error: it is a
sentence in ``Report.warnings``.  These exceptions are for input that cannot be read
at all and for misuse; the CLI prints them as one line, never a traceback.
"""
from __future__ import annotations


class GovtextError(Exception):
    """Base class: ``str(err)`` is a complete sentence naming the file."""

    def __init__(self, source: str | None, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}" if source else problem)


class UnreadableInput(GovtextError):
    """The file is empty, truncated, corrupt, encrypted, too large or hostile."""


class UnsupportedFormat(GovtextError):
    """No reader exists for this kind of file."""


class NeedsOCR(UnreadableInput):
    """A PDF with no text layer (a scan)."""


class MissingTool(GovtextError):
    """An optional external program or package is needed for this input."""


class ModelError(GovtextError):
    """A model artifact in ``models/`` is missing or not in the expected format."""
