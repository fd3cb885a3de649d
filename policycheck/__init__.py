"""policycheck: reviews public policy drafts against a real reviewer's critique.

The library (``policycheck.api``; the stable names are listed in docs/api.md)::

    import policycheck
    result = policycheck.check_text("Staden kan erbjuda kurser.", lang="sv")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# the public names, imported when first used: the command line imports this package for
# its version, and must not pay for spaCy and pydantic to print --help
_EXPORTS = {
    "check_text": "policycheck.api",
    "check_path": "policycheck.api",
    "check_paths": "policycheck.api",
    "json_report": "policycheck.api",
    "RecordFields": "policycheck.read.jsonl",
    "Options": "policycheck.options",
    "FileResult": "policycheck.findings",
    "Finding": "policycheck.findings",
    "Location": "policycheck.document",
    "PolicycheckError": "policycheck.errors",
    "OptionsError": "policycheck.errors",
    "ConfigError": "policycheck.errors",
    "RuleFileError": "policycheck.errors",
    "PipelineError": "policycheck.errors",
}
__all__ = [  # noqa: RUF022 (the order of docs/api.md)
    "__version__",
    "check_text",
    "check_path",
    "check_paths",
    "RecordFields",
    "json_report",
    "Options",
    "FileResult",
    "Finding",
    "Location",
    "PolicycheckError",
    "OptionsError",
    "ConfigError",
    "RuleFileError",
    "PipelineError",
]

if TYPE_CHECKING:
    from policycheck.api import check_path, check_paths, check_text, json_report
    from policycheck.document import Location
    from policycheck.errors import (
        ConfigError,
        OptionsError,
        PipelineError,
        PolicycheckError,
        RuleFileError,
    )
    from policycheck.findings import FileResult, Finding
    from policycheck.options import Options
    from policycheck.read.jsonl import RecordFields


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'policycheck' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
