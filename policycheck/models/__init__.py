"""policycheck's shipped spaCy pipelines.

``sv_policycheck`` (Swedish) is trained from Universal Dependencies data by
``python training/build_model.py`` (see docs/model.md) and licensed CC BY-SA 4.0.

Importing this package registers the ``policycheck_lemma_lookup`` factory with spaCy (the
only import it needs), so ``spacy.load(shipped_model_path("sv"))`` works afterwards too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policycheck.models import lemma as _lemma  # noqa: F401  (registers the factory)
from policycheck.nlp import SHIPPED, shipped_model_path

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MODEL_DIRS", "ModelNotAvailable", "load_shipped_model", "shipped_model_path"]

#: Language code -> directory name of the shipped pipeline (one home: ``policycheck.nlp``).
MODEL_DIRS = SHIPPED


class ModelNotAvailable(RuntimeError):
    """No shipped pipeline exists for the requested language."""


def load_shipped_model(lang: str) -> Language:
    """Load the shipped spaCy pipeline for ``lang``.

    Raises :class:`ModelNotAvailable` if policycheck ships no pipeline for ``lang`` (or its
    directory is missing, e.g. in a checkout where it was never built).
    """
    path = shipped_model_path(lang)
    if path is None:
        known = ", ".join(sorted(MODEL_DIRS)) or "none"
        raise ModelNotAvailable(
            f"policycheck ships no spaCy pipeline for language {lang!r} "
            f"(shipped: {known}); rebuild with `python training/build_model.py`"
            if lang in MODEL_DIRS
            else f"policycheck ships no spaCy pipeline for language {lang!r} (shipped: {known})"
        )
    import spacy

    return spacy.load(path)
