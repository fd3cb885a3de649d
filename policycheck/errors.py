"""The errors policycheck reports as a whole run failing (exit code 2 on the command line).

Each is a :class:`PolicycheckError` with a one-line message that names the file and the key or
rule at fault; a file that cannot be read is not one of them (its result carries the reason,
and the other files are still checked). Library callers catch :class:`PolicycheckError`.
"""

from __future__ import annotations


class PolicycheckError(Exception):
    """A run that cannot go on: a usage error, a bad rule or configuration file, a pipeline
    that cannot be loaded, a baseline that cannot be read or written."""


class OptionsError(PolicycheckError, ValueError):
    """Options that do not fit the rules (an unknown selector, document type or language)."""


class ConfigError(PolicycheckError):
    """A configuration file that cannot be used; the message names the file and the key."""


class RuleFileError(PolicycheckError):
    """A rule or pack file that cannot be used; the message names file, rule and field."""


class PipelineError(PolicycheckError):
    """A pipeline named with ``--model`` that cannot be loaded; the message is one line."""
