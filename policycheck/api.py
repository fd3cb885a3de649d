"""The library: check texts and files from other programs as ``policycheck check`` does.

    import policycheck

    result = policycheck.check_text("Staden kan erbjuda kurser.", lang="sv")
    for finding in result.findings:
        print(finding.code, finding.message)

    for result in policycheck.check_paths(["policies/"], jobs=2):
        print(json.dumps(result.to_dict()))

Each function takes the options of a file's result as keywords (``select``, ``ignore``,
``model``, ``document_type``, ... and ``lang`` for ``language``: ``policycheck.options``) or as
``options=Options(...)``. Files are checked with the configuration file that applies to each
(found from the file's folder upwards, or ``config=``), the keywords over it, exactly as on
the command line; a text only with what is given. A file that cannot be read gives a result
whose ``error`` says why; anything that stops the whole run raises a
:class:`~policycheck.errors.PolicycheckError` (a bad configuration or rule file, a selector
that names no rule, a pipeline that cannot be loaded).

Results are :class:`~policycheck.findings.FileResult` objects: plain data that pickles (to
send them between processes), with ``to_dict()`` giving the entry of the JSON report's
``files`` (docs/json-report.md) and :func:`json_report` the whole report. Pipelines and compiled
rules are loaded once per process and kept for the next call; the functions keep no other
state and may be called from several threads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from policycheck.errors import OptionsError
from policycheck.findings import FileResult
from policycheck.options import Options
from policycheck.read import DEFAULT_MAX_SIZE
from policycheck.read.jsonl import DEFAULT_FIELDS, RecordFields

if TYPE_CHECKING:
    from policycheck.config import Configs

TEXT_FORMATS = {"text": ".txt", "markdown": ".md", "html": ".html"}


def options_from(options: Options | None = None, /, **values: Any) -> Options:
    """``options``, or the options named by keyword (``lang`` for ``language``); raises
    :class:`OptionsError` for an unknown option or a wrong value."""
    if options is not None:
        if values:
            given = ", ".join(sorted(values))
            raise OptionsError(f"give options=Options(...) or keyword options ({given}), not both")
        return options
    if "lang" in values:
        values["language"] = values.pop("lang")
    try:
        return Options.model_validate(values)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = ".".join(str(p) for p in err["loc"]) or "options"
        message = "unknown option" if err["type"] == "extra_forbidden" else err["msg"]
        raise OptionsError(f"{name}: {message}") from None


def checked_options(
    options: Options | None = None, config: str | Path | None = None, /, **values: Any
) -> Options:
    """:func:`options_from`, with every selector and the language checked against the rules
    (over ``config``, if given) now: raises :class:`OptionsError` (naming the keyword) or a
    :class:`~policycheck.errors.ConfigError`. For work that runs later, elsewhere (a Dask
    bag), so that a mistyped option fails where it is given."""
    configs = _configs(options, config, values)
    return configs.options_of(configs.explicit)


def _configs(options: Options | None, config: str | Path | None, values: dict[str, Any]) -> Configs:
    """The configurations of a call: the keywords (or ``options``) over ``config`` (a path or
    a string; ``Configs.explicit``), errors naming the keywords."""
    from policycheck.config import KEYWORD_NAMES, Configs

    explicit = None if config is None else Path(config)
    return Configs(options_from(options, **values), explicit, names=KEYWORD_NAMES)


def check_text(
    text: str,
    *,
    format: str = "text",
    path: str = "<text>",
    config: str | Path | None = None,
    options: Options | None = None,
    **values: Any,
) -> FileResult:
    """Check ``text`` (plain text, or ``format`` "markdown" or "html"), reported under
    ``path``, with the options given (over ``config``, a configuration file, if given)."""
    from policycheck.execute import check_documents
    from policycheck.read import EmptyFile, UnreadableFile, read_bytes

    if format not in TEXT_FORMATS:
        raise OptionsError(f"format must be one of {', '.join(TEXT_FORMATS)}, not '{format}'")
    configs = _configs(options, config, values)
    opts = configs.options_of(configs.explicit)
    try:
        document = read_bytes(text.encode("utf-8"), path, TEXT_FORMATS[format], max_size=None)
    except EmptyFile:
        return _empty(path, opts.language)
    except UnreadableFile as exc:
        return FileResult(path=path, error=str(exc))
    return next(check_documents([document], lambda _path: opts))


def _empty(path: str, lang: str | None) -> FileResult:
    """The result of a file with no text: nothing checked, no error, a notice that says so (in
    the language the options give, else English)."""
    from policycheck.notices import Notice

    return FileResult(path=path, notices=[Notice("empty").in_language(lang)])


def check_path(
    path: str | Path,
    *,
    config: str | Path | None = None,
    max_size: int | None = DEFAULT_MAX_SIZE,
    options: Options | None = None,
    **values: Any,
) -> FileResult:
    """Check the file at ``path`` ("-" for standard input); a folder raises
    :class:`OptionsError` (:func:`check_paths` walks folders)."""
    from policycheck.execute import check_documents
    from policycheck.read import iter_documents

    if str(path) != "-" and Path(path).is_dir():
        raise OptionsError(f"{path}: a folder, not a file (check_paths checks folders)")
    configs = _configs(options, config, values)
    items = iter_documents([str(path)], max_size=max_size)
    result = next(check_documents(items, configs.options_for), None)
    return result or _empty(str(path), configs.options_for(str(path)).language)


def check_paths(
    paths: Iterable[str | Path],
    *,
    jobs: int = 1,
    cache: bool = False,
    exclude: Iterable[str] = (),
    config: str | Path | None = None,
    max_size: int | None = DEFAULT_MAX_SIZE,
    options: Options | None = None,
    fields: RecordFields = DEFAULT_FIELDS,
    **values: Any,
) -> Iterator[FileResult]:
    """Check files and folders (walked as the command line walks them; ``exclude``: globs),
    yielding each file's result in input order as it is ready. ``jobs`` worker processes
    (0: one per CPU); ``cache``: reuse the results of unchanged files
    (``$POLICYCHECK_CACHE_DIR``, else ``.policycheck_cache``); ``fields``: which fields of
    a JSON Lines file's records hold the text and the id (as ``--jsonl-text-field`` and
    ``--jsonl-id-field``). An empty file has no result (the command line warns of it)."""
    from policycheck.cache import Cache
    from policycheck.execute import check_documents
    from policycheck.read import iter_documents

    configs = _configs(options, config, values)
    if configs.explicit is not None:
        configs.options_of(configs.explicit)  # fail now, not at the first result
    items = iter_documents(
        [str(p) for p in paths],
        exclude=tuple(exclude),
        max_size=max_size,
        records=fields,
    )
    return check_documents(items, configs.options_for, jobs=jobs, cache=Cache() if cache else None)


def json_report(results: Iterable[FileResult]) -> dict:
    """The JSON report (docs/json-report.md) of ``results``, as data."""
    from policycheck import __version__
    from policycheck.findings import printable_result
    from policycheck.report.json_report import report_dict

    return report_dict([printable_result(r) for r in results], __version__)
