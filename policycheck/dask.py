"""Checking a corpus on a Dask cluster (``pip install policycheck[dask]``; docs/scale.md).

    from distributed import Client
    from policycheck.dask import Preload, check_jsonl

    client = Client("tcp://scheduler:8786")          # or Client(LocalCluster(...))
    client.register_plugin(Preload(lang="sv"))       # each worker loads the pipeline now
    results = check_jsonl(["corpus.jsonl.gz"]).compute()
    # or a bag of dicts: check_bag(bag, fields=...); a dataframe: check_dataframe(frame, ...)

Each item of the resulting bag is one document's result as the JSON report has it (an entry
of its ``files``: ``FileResult.to_dict()``), identical to what ``policycheck corpus.jsonl.gz
--format json`` gives for the same records and options. Every worker process loads the
pipeline and compiles the rules once, on the first task or in :class:`Preload`, and keeps them
for every later task (``policycheck.check_text`` keeps them per process); run workers with one
thread each (``--nthreads 1``): the analysis holds the GIL, so threads add memory, not speed.

Records are read as the command line reads them (:mod:`policycheck.read.jsonl`); the options
are those given here (and ``config=``, a configuration file the workers can read), not
configuration files found beside the data.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import dask.bag as db
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from policycheck.api import check_text, checked_options
from policycheck.findings import FileResult
from policycheck.options import Options
from policycheck.read.decode import UnreadableFile
from policycheck.read.jsonl import (
    DEFAULT_FIELDS,
    Record,
    RecordError,
    RecordFields,
    count_records,
    read_records,
    record_from,
)

RECORDS_PER_PARTITION = 100
"""Records a task reads and checks: small enough to spread a corpus over the workers and to
lose little when one dies, large enough that scheduling costs nothing next to the checks
(about 140 words a record in the government corpus: a few seconds a task)."""

_WARM_UP = {
    "sv": "Kommunen ska erbjuda kurser till alla som bor i staden och följa upp dem varje år.",
    "en": "The council will offer courses to everyone who lives in the city and review them.",
}


def read_jsonl(
    paths: Iterable[str | Path],
    *,
    fields: RecordFields = DEFAULT_FIELDS,
    records_per_partition: int = RECORDS_PER_PARTITION,
) -> db.Bag:
    """A bag of the records of JSON Lines files (plain or gzip), each a
    :class:`~policycheck.read.jsonl.Record` or a :class:`~policycheck.read.jsonl.RecordError`,
    in file and line order. The files are counted here and read by the workers, a slice of
    ``records_per_partition`` records a task: the workers must see the same paths (a shared
    file system)."""
    slices: list[tuple[str, str, int, int | None]] = []
    for path in paths:
        # shown as given, read by its absolute path (a worker's working folder is its own)
        shown, absolute = str(path), str(Path(path).absolute())
        total = count_records(Path(path))
        if total is None:  # unreadable: one task, which reports why
            slices.append((shown, absolute, 0, None))
            continue
        for start in range(0, max(total, 1), records_per_partition):
            slices.append((shown, absolute, start, start + records_per_partition))
    read = functools.partial(_read_slice, fields=fields)
    return db.from_sequence(slices, npartitions=max(len(slices), 1)).map(read).flatten()


def _read_slice(
    task: tuple[str, str, int, int | None], fields: RecordFields
) -> list[Record | RecordError]:
    shown, path, start, stop = task
    try:
        return list(itertools.islice(read_records(Path(path), shown, fields), start, stop))
    except UnreadableFile as exc:
        return [RecordError(shown, str(exc))] if start == 0 else []


def check_bag(
    bag: db.Bag,
    *,
    fields: RecordFields = DEFAULT_FIELDS,
    source: str = "",
    config: Path | None = None,
    options: Options | None = None,
    **values: Any,
) -> db.Bag:
    """Check each document of ``bag``: records of :func:`read_jsonl`, or plain dicts with a
    text and an id as ``fields`` says (reported as ``source#ID``, or ``ID`` without a
    ``source``). Options as for ``policycheck.check_text``; a bag of result dicts."""
    check = functools.partial(
        check_item,
        fields=fields,
        source=source,
        config=config,
        # checked here, once: a mistyped selector fails now, not in every task at compute()
        options=checked_options(options, config, **values),
    )
    return bag.map(check)


def check_dataframe(
    frame: Any,
    *,
    fields: RecordFields = DEFAULT_FIELDS,
    source: str = "",
    config: Path | None = None,
    options: Options | None = None,
    **values: Any,
) -> db.Bag:
    """Check each row of a Dask dataframe (``dask[dataframe]``, which needs pandas) as a
    document: its ``fields.text`` column is the text, ``fields.id`` names it. The rows become
    dicts (``frame.to_bag(format="dict")``) and go through :func:`check_bag`, so the results
    are the same as for a bag of the same records."""
    columns = set(frame.columns)
    if fields.text not in columns:
        raise ValueError(
            f"the dataframe has no column {fields.text!r} (columns: {sorted(columns)})"
        )
    bag = frame.to_bag(format="dict")
    return check_bag(bag, fields=fields, source=source, config=config, options=options, **values)


def check_jsonl(
    paths: Sequence[str | Path],
    *,
    fields: RecordFields = DEFAULT_FIELDS,
    records_per_partition: int = RECORDS_PER_PARTITION,
    config: Path | None = None,
    options: Options | None = None,
    **values: Any,
) -> db.Bag:
    """Check every record of JSON Lines files: :func:`read_jsonl`, then :func:`check_bag`."""
    bag = read_jsonl(paths, fields=fields, records_per_partition=records_per_partition)
    return check_bag(bag, fields=fields, config=config, options=options, **values)


def check_item(
    item: Record | RecordError | dict,
    *,
    fields: RecordFields = DEFAULT_FIELDS,
    source: str = "",
    config: Path | None = None,
    options: Options | None = None,
) -> dict:
    """One document's result, as an entry of the JSON report's ``files``."""
    if isinstance(item, dict):
        try:
            item = record_from(item, source, None, fields)
        except RecordError as exc:
            item = exc
        if isinstance(item, Record) and not source:
            item = Record(item.path.removeprefix("#"), item.text, item.format)
    if isinstance(item, RecordError):
        return FileResult(path=item.path or "<record>", error=str(item)).to_dict()
    result = check_text(
        item.text, format=item.format, path=item.path, config=config, options=options
    )
    if result.error and item.line is not None:  # as the command line says it
        result.error = f"line {item.line}: {result.error}"
    return result.to_dict()


class Preload(WorkerPlugin):
    """Load the pipeline and rules on each worker as it starts (else the first task does):
    ``client.register_plugin(Preload(lang="sv"))``, with the options the checks will use."""

    name = "policycheck-preload"

    def __init__(self, lang: str = "sv", options: Options | None = None, **values: Any) -> None:
        if lang not in _WARM_UP:
            raise ValueError(f"lang must be one of {', '.join(_WARM_UP)}, not '{lang}'")
        self.text = _WARM_UP[lang]
        self.options = checked_options(options, **values)

    def setup(self, worker: Any) -> None:
        check_text(self.text, options=self.options)


@contextlib.contextmanager
def local_client(
    n_workers: int = 2, *, lang: str = "sv", options: Options | None = None, **values: Any
) -> Iterator[Client]:
    """A client of a cluster on this machine: ``n_workers`` processes of one thread each, each
    with the pipeline loaded (:class:`Preload`, with the options the checks will use)."""
    with (
        LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(Preload(lang, options, **values))
        yield client
