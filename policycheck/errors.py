"""The errors policycheck reports as a whole run failing (exit code 2 on the command line).

Each is a :class:`PolicycheckError` with a one-line message that names the file and the key or
rule at fault; a file that cannot be read is not one of them (its result carries the reason,
and the other files are still checked). Library callers catch :class:`PolicycheckError`.
:func:`name_hint` is the "did you mean …?" of the messages about a mistyped name.
"""

from __future__ import annotations

from collections.abc import Iterable


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


def near_names(name: str, names: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The (at most three) ``names`` nearest a mistyped ``name``, nearest first."""
    from difflib import get_close_matches

    names = sorted(names)
    # codes typed with the letter O for zero or I/l for one come first
    typo = name.upper().translate(str.maketrans("OIL", "011"))
    near = get_close_matches(typo, names, n=3, cutoff=cutoff) if typo.startswith("PC") else []
    near += get_close_matches(name, names, n=3, cutoff=cutoff)
    return list(dict.fromkeys(near))[:3]


def name_hint(
    name: str, names: Iterable[str], see: str = "policycheck rules", cutoff: float = 0.6
) -> str:
    """ "did you mean …?" with the (at most three) ``names`` nearest a mistyped name, else
    the command that lists them (``see``)."""
    near = near_names(name, names, cutoff)
    return f"did you mean {' or '.join(near)}?" if near else f"see: {see}"
