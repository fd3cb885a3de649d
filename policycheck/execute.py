"""Checking many documents: each with the options that apply to it, unchanged ones from the
result cache, the others in this process or, with ``jobs`` > 1, in worker processes, a few at
a time so that neither documents nor spaCy Docs pile up; results in input order.

A process keeps one checker per set of options (:func:`checker_for`) and one pipeline per
language and model (``nlp.shared_pipeline``): the command line, the library functions
(``policycheck.api``) and every worker reuse them. Workers get what they need with each task
(the document and its options) and warm up in the pool's initializer; nothing reaches them
through a module global, so they work under the ``spawn`` start method as under ``fork``
(where they inherit the pipeline the parent loaded before starting them).
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policycheck.document import Document
from policycheck.engine import Checker
from policycheck.findings import FileResult
from policycheck.options import Options
from policycheck.read import ReadError, Skipped

if TYPE_CHECKING:
    from policycheck.cache import Cache
    from policycheck.progress import Progress

_checkers: dict[str, Checker] = {}
_checkers_lock = threading.Lock()


def checker_for(options: Options) -> Checker:
    """The process's checker for ``options`` (made on first use)."""
    key = options.key()
    with _checkers_lock:
        checker = _checkers.get(key)
        if checker is None:
            checker = _checkers[key] = Checker(options)
        return checker


def forget() -> None:
    """Drop the process's checkers and pipelines (tests that change how they load)."""
    from policycheck import nlp

    with _checkers_lock:
        _checkers.clear()
    nlp.forget_pipelines()


def cache_key(document: Document, options: Options) -> str | None:
    """The result cache's key for checking ``document`` with ``options``."""
    from policycheck import cache

    checker = checker_for(options)
    return cache.file_key(
        document.path,
        document.digest,
        cache.ruleset_key(options),
        cache.pipeline_key(checker.language_of(document), options.model),
    )


@dataclass
class _Pending:
    """A document in the window: its result, or the future of a worker's."""

    result: FileResult | Future
    key: str | None = None  # where to cache the result
    document: Document | None = None  # to check again alone if its worker died
    options: Options | None = None


def check_documents(
    items: Iterable[Document | ReadError | Skipped],
    options_for: Callable[[str], Options],
    *,
    jobs: int = 1,
    cache: Cache | None = None,
    progress: Progress | None = None,
    on_skipped: Callable[[Skipped], None] | None = None,
) -> Iterator[FileResult]:
    """Each document's result (a read error's as a result with its message), in input order;
    what was skipped (an empty file) has none, and goes to ``on_skipped``. ``options_for(path)``
    gives a document's options (and may raise the errors of a bad configuration); ``jobs`` 0
    means one worker per CPU."""
    jobs = jobs if jobs > 0 else cpus()
    pool = None
    window: deque[_Pending] = deque()

    def settle(pending: _Pending) -> FileResult:
        nonlocal pool
        result = pending.result
        if isinstance(result, Future):
            from concurrent.futures.process import BrokenProcessPool

            try:
                result = result.result()
            except BrokenProcessPool:
                # a worker died (killed, out of memory): every file it had is lost, so each
                # is checked again alone, and the one that kills its worker again is an error
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = None
                assert pending.document is not None and pending.options is not None
                result = _check_alone(pending.document, pending.options)
        if cache is not None and pending.key is not None:
            cache.put(pending.key, result)
        return result

    try:
        for item in items:
            if isinstance(item, Skipped):
                if on_skipped is not None:
                    on_skipped(item)
                if item.empty and progress is not None:  # counted among the inputs
                    progress.file_done()
                continue
            if isinstance(item, ReadError):
                window.append(_Pending(FileResult(path=item.path, error=item.message)))
            else:
                options = options_for(item.path)
                key = cache_key(item, options) if cache is not None else None
                cached = cache.get(key) if cache is not None else None
                if cached is not None:
                    window.append(_Pending(cached))
                elif jobs <= 1:
                    checker = checker_for(options)
                    if progress is None:
                        result = checker.check(item)
                    else:  # the bar follows the pieces of a long text
                        progress.start_file(item.path)
                        result = checker.check(item, progress.piece)
                    window.append(_Pending(result, key))
                else:
                    if pool is None:
                        pool = _pool(jobs, item, options)
                    future = pool.submit(_check_in_worker, item, options)
                    window.append(_Pending(future, key, item, options))
            while window and (len(window) > 4 * jobs or not isinstance(window[0].result, Future)):
                yield settle(window.popleft())
        while window:
            yield settle(window.popleft())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _pool(jobs: int, first: Document, options: Options):
    """A pool of ``jobs`` workers, warmed up with the language of the first document they
    get: loaded here first, so that forked workers inherit it."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    checker = checker_for(options)
    lang = checker.language_of(first)
    checker.language(lang)
    warm = [(options, lang)]
    return ProcessPoolExecutor(jobs, get_context(start_method()), _init_worker, (os.getpid(), warm))


def start_method() -> str | None:
    """``fork`` where there is one (workers start with the parent's pipeline), else the
    platform's default (``spawn``: each worker loads its own in :func:`_init_worker`)."""
    from multiprocessing import get_all_start_methods

    return "fork" if "fork" in get_all_start_methods() else None


def _init_worker(parent: int, warm: list[tuple[Options, str]]) -> None:
    """A worker's start: end with ``parent``, and load the pipelines and rules it will need
    (nothing to do where it was forked from a parent that had them)."""
    _exit_with_parent(parent)
    for options, lang in warm:
        checker_for(options).language(lang)


def _check_in_worker(document: Document, options: Options) -> FileResult:
    return checker_for(options).check(document)


def _check_alone(document: Document, options: Options) -> FileResult:
    """Check ``document`` in a worker of its own: a worker died while checking it or a file
    next to it."""
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(1, document, options)
    try:
        return pool.submit(_check_in_worker, document, options).result()
    except BrokenProcessPool:
        return FileResult(
            path=document.path,
            error="the worker process checking it ended unexpectedly (killed, or out of memory)",
        )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _exit_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent``, the process that started it, does
    (killed, or ended by SIGTERM without shutting the pool down): the kernel's parent-death
    signal on Linux, and everywhere a thread that watches the parent's process id."""
    import time

    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError, TypeError, ValueError):  # not Linux: the thread does it
        pass
    if os.getppid() != parent:  # the parent died before the signal was set
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="policycheck-parent-watch", daemon=True).start()


def cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
