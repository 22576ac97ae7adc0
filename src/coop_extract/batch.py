"""Many inputs to serialised records, in input order, in one process or a pool of them.

Paths go in and small JSON strings come out, never spaCy Docs: each worker
process builds the pipeline once, reads and decodes the files of its chunk
itself and runs ``nlp.pipe`` over them (TRAPS.md: pickling Docs between
processes costs more than the rules, so ``nlp.pipe(n_process=...)`` is
slower than one process).

Every input gives exactly one :class:`Outcome`: a record or an error reason.
An error in one document (unreadable, binary, a bug in a component) becomes
that document's error and never stops the others.

spaCy is imported only inside the workers (or, with one worker, on the
first chunk), never by importing this module.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import signal
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from .inputs import Decoded, Input, InputError, decode_bytes, read_input

CHUNK_SIZE = 48  # inputs per task: large enough for nlp.pipe, small enough to balance the load


@dataclass(frozen=True)
class Format:
    """How a worker serialises each record: the text the writer puts out as it is."""

    kind: str = "jsonl"  # "jsonl": one compact line; "json": indented
    indent: int = 2
    nested: bool = False  # json inside an array: every line indented one more level


@dataclass(frozen=True)
class Outcome:
    """What became of one input: its serialised record, or the reason it has none."""

    source: str
    output: str | None = None
    error: str | None = None
    kept: bool = False  # a resumed run keeps this input's record from the partial file


@dataclass(frozen=True)
class Job:
    """One input for a worker: a path to read there, or stdin's bytes read by the parent."""

    source: str
    path: str | None
    explicit: bool = True
    data: bytes | None = None
    cut: bool = False  # data holds only the first MAX_BYTES of the input


def available_cpus() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def jobs_from_inputs(items: Iterable[Input | tuple[str, InputError]]) -> Iterator[Job | Outcome]:
    """Jobs for discovered inputs; discovery problems are already outcomes (errors)."""
    from .inputs import read_bytes

    for item in items:
        if isinstance(item, tuple):
            yield Outcome(item[0], error=str(item[1]))
        elif item.path is None:
            try:
                data, cut = read_bytes(item)
            except InputError as exc:
                yield Outcome(item.source, error=str(exc))
                continue
            yield Job(item.source, None, True, data, cut)
        else:
            yield Job(item.source, str(item.path), item.explicit)


# ---------------------------------------------------------------------------
# the work of one chunk (runs in a worker, or in-process with one worker)


class PipelineError(Exception):
    """The pipeline cannot be built (a bad ``--model``, a broken pattern file): nothing can run."""


_init_error: str | None = None


def _init_worker(model: str | None) -> None:
    """Pool initialiser: the parent handles Ctrl-C and SIGTERM; build the pipeline once."""
    global _init_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        _extractor(model)
    except PipelineError as exc:
        _init_error = str(exc)  # raised again by each task, so the parent learns why


def _extractor(model: str | None) -> Any:
    if _init_error is not None:
        raise PipelineError(_init_error)
    global _gc_tuned
    first = not _gc_tuned
    collecting = gc.isenabled()
    if first:
        # importing spaCy and building the tables makes ~240,000 objects that live as long as
        # the process; collections while they are made found nothing and cost 0.3 s
        gc.disable()
    try:
        from .pipeline import get_extractor

        extractor = get_extractor(model)
    except Exception as exc:
        what = f"model {model!r}" if model else "the pipeline"
        raise PipelineError(f"cannot build {what}: {type(exc).__name__}: {exc}") from None
    finally:
        if first and collecting:
            gc.enable()
    if first:
        _gc_tuned = True
        tune_gc()
    return extractor


_gc_tuned = False

# Objects allocated between two young-generation collections (CPython's default is 700).
GC_THRESHOLD = 50_000


def tune_gc() -> None:
    """Keep the garbage collector off the pipeline's tables, once they are built.

    A batch allocates a few thousand short-lived objects per document; with CPython's
    defaults every full collection walks the pipeline's ~240,000 long-lived objects
    (patterns, place tables, caches) again, and collections took about a quarter of the
    run. ``gc.freeze`` moves what exists now out of the collector's sight (without a full
    collection first: it would cost 0.15 s to free a few hundred objects), and a larger
    first threshold means fewer, larger young collections. Cycles are still collected.
    """
    gc.freeze()
    _, second, third = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, second, third)


def _decode_job(job: Job) -> Decoded:
    if job.path is None:
        return decode_bytes(job.data or b"", cut=job.cut)
    return read_input(Input(job.source, Path(job.path), job.explicit))


def serialise(record: Any, decoded: Decoded, fmt: Format) -> str:
    """The text of one record as the writer puts it out."""
    from .models import record_to_json

    if decoded.warnings:
        record = record.model_copy(update={"warnings": [*decoded.warnings, *record.warnings]})
    if fmt.kind == "jsonl":
        return record_to_json(record) + "\n"
    body = record_to_json(record, indent=fmt.indent or None)
    if fmt.nested and fmt.indent:
        body = "\n".join(" " * fmt.indent + line for line in body.split("\n"))
    return body if fmt.nested else body + "\n"


def process_chunk(jobs: list[Job], model: str | None, fmt: Format) -> list[Outcome]:
    """One outcome per job, in order: read, decode, ``nlp.pipe`` over the chunk, serialise."""
    outcomes: list[Outcome | None] = [None] * len(jobs)
    ready: list[tuple[int, Decoded]] = []
    for i, job in enumerate(jobs):
        try:
            ready.append((i, _decode_job(job)))
        except InputError as exc:
            outcomes[i] = Outcome(job.source, error=str(exc))
        except Exception as exc:  # a bug in decoding must not take the chunk down
            outcomes[i] = Outcome(job.source, error=f"cannot decode: {type(exc).__name__}: {exc}")
    if ready:
        extractor = _extractor(model)
        done = 0
        try:
            items = [(d.text, jobs[i].source, d.encoding) for i, d in ready]
            for record in extractor.extract_many(items):
                i, decoded = ready[done]
                outcomes[i] = _finish(jobs[i], record, decoded, fmt)
                done += 1
        except Exception:
            # nlp.pipe cannot go on after an error: redo the rest one document at a time,
            # so the failing one gets its error and the others their records.
            for i, decoded in ready[done:]:
                try:
                    record = extractor.extract(decoded.text, jobs[i].source, decoded.encoding)
                except Exception as exc:
                    outcomes[i] = Outcome(
                        jobs[i].source, error=f"processing failed: {type(exc).__name__}: {exc}"
                    )
                else:
                    outcomes[i] = _finish(jobs[i], record, decoded, fmt)
    return [
        o if o is not None else Outcome(job.source, error="internal error: no outcome")
        for job, o in zip(jobs, outcomes, strict=True)
    ]


def _finish(job: Job, record: Any, decoded: Decoded, fmt: Format) -> Outcome:
    try:
        return Outcome(job.source, output=serialise(record, decoded, fmt))
    except Exception as exc:
        return Outcome(job.source, error=f"cannot serialise record: {type(exc).__name__}: {exc}")


# ---------------------------------------------------------------------------
# scheduling


Chunk = list  # list[Job | Outcome]: outcomes (discovery errors) keep their place in the order


def chunked(items: Iterator[Job | Outcome], size: int) -> Iterator[Chunk]:
    """Consecutive chunks holding up to ``size`` jobs each (and the outcomes between them)."""
    chunk: Chunk = []
    jobs = 0
    for item in items:
        chunk.append(item)
        if isinstance(item, Job):
            jobs += 1
            if jobs >= size:
                yield chunk
                chunk, jobs = [], 0
    if chunk:
        yield chunk


def _merge(chunk: Chunk, results: list[Outcome]) -> list[Outcome]:
    """The chunk's items in order, each job replaced by its result."""
    it = iter(results)
    merged = []
    for item in chunk:
        if isinstance(item, Job):
            merged.append(next(it, None) or Outcome(item.source, error="internal error: lost"))
        else:
            merged.append(item)
    return merged


class Batch:
    """Outcomes for a stream of jobs, in their order, one list per chunk (a chunk is a checkpoint).

    With ``workers`` > 1 and more than one job, a process pool; otherwise in-process. The
    constructor looks a little way ahead and starts the pool at once, so that workers fork
    before the caller starts any thread (a progress display) and build their pipelines
    while the first chunks are found. Each chunk has ``chunk_size`` jobs at most; a small
    run is split evenly over the workers so that each has a share. Use as a context
    manager, or call :meth:`close`: it stops the workers.
    """

    def __init__(
        self,
        items: Iterable[Job | Outcome],
        *,
        workers: int = 1,
        model: str | None = None,
        fmt: Format = Format(),
        chunk_size: int | None = None,
    ) -> None:
        self.model, self.fmt = model, fmt
        chunk_size = chunk_size or CHUNK_SIZE
        stream = iter(items)
        head = list(islice(stream, max(workers, 1) * chunk_size))
        head_jobs = sum(isinstance(item, Job) for item in head)
        if len(head) < max(workers, 1) * chunk_size:  # the whole run is in `head`
            workers = min(workers, head_jobs)
            if workers > 1:
                chunk_size = max(1, math.ceil(head_jobs / workers))
        if workers <= 1 or head_jobs <= 1:
            workers = 1
        self.workers = workers
        self._chunks = chunked(_chain(head, stream), chunk_size)
        self._pending: deque[tuple[Chunk, Future[list[Outcome]] | None]] = deque()
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1:
            self._pool = self._new_pool()
            self._pool.submit(_ping)  # fork the workers now

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(wait=exc[0] is None)

    def __iter__(self) -> Iterator[list[Outcome]]:
        if self.workers == 1:
            for chunk in self._chunks:
                jobs = [item for item in chunk if isinstance(item, Job)]
                yield _merge(chunk, process_chunk(jobs, self.model, self.fmt) if jobs else [])
            return
        for chunk in self._chunks:
            self._submit(chunk)
            while len(self._pending) >= 2 * self.workers:
                yield self._collect()
        while self._pending:
            yield self._collect()

    def close(self, wait: bool = True) -> None:
        """Stop the pool; ``wait=False`` (after Ctrl-C or an error) kills busy workers."""
        if self._pool is not None:
            _shutdown(self._pool, wait=wait and not self._pending)
            self._pool = None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, mp_context=_mp_context(), initializer=_init_worker, initargs=(self.model,)
        )

    def _submit(self, chunk: Chunk) -> None:
        jobs = [item for item in chunk if isinstance(item, Job)]
        if not jobs:
            self._pending.append((chunk, None))
            return
        if self._pool is None:
            self._pool = self._new_pool()
        try:
            future = self._pool.submit(process_chunk, jobs, self.model, self.fmt)
        except BrokenProcessPool:  # a worker died: later chunks get a new pool
            _shutdown(self._pool)
            self._pool = self._new_pool()
            future = self._pool.submit(process_chunk, jobs, self.model, self.fmt)
        self._pending.append((chunk, future))

    def _collect(self) -> list[Outcome]:
        chunk, future = self._pending.popleft()
        if future is None:
            return _merge(chunk, [])
        try:
            return _merge(chunk, future.result())
        except BrokenProcessPool:
            reason = "worker process died while processing this input's batch"
        except PipelineError:
            raise
        except Exception as exc:  # pickling problems and the like
            reason = f"worker failed: {type(exc).__name__}: {exc}"
        return [
            Outcome(item.source, error=reason) if isinstance(item, Job) else item for item in chunk
        ]


def _ping() -> None:
    """A no-op task: submitting it makes the pool fork its workers."""


def _chain(head: list[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from head
    yield from rest


def _mp_context() -> Any:
    # fork: workers start at once with the modules the parent has loaded (the parent never
    # imports spaCy). Where fork is unavailable (macOS, Windows), the platform default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _shutdown(pool: ProcessPoolExecutor, wait: bool = False) -> None:
    """Stop a pool; without waiting, kill workers still busy (after Ctrl-C or an error)."""
    if wait:
        pool.shutdown(wait=True)
        return
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


# ---------------------------------------------------------------------------
# outputs: standard output, a file that appears whole, a resumable JSON Lines file


class StdoutOutput:
    """Records to standard output, flushed at every checkpoint (streamed)."""

    done: dict[str, int] = {}

    def __init__(self) -> None:
        import sys

        self._out = sys.stdout

    def write(self, text: str, source: str | None = None) -> None:
        self._out.write(text)

    def checkpoint(self) -> None:
        self._out.flush()

    def commit(self, order: list[str] | None = None) -> None:
        self._out.flush()

    def abort(self) -> None:
        try:
            self._out.flush()
        except OSError:
            pass


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class AtomicOutput:
    """A temporary file beside PATH, fsynced and renamed over PATH once complete.

    Any failure or interruption removes the temporary file: PATH is whole or untouched.
    """

    done: dict[str, int] = {}

    def __init__(self, path: Path) -> None:
        import tempfile

        self.path = path
        self.folder = path.parent if str(path.parent) else Path(".")
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=self.folder)
        self._out = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, text: str, source: str | None = None) -> None:
        self._out.write(text)

    def checkpoint(self) -> None:
        pass

    def commit(self, order: list[str] | None = None) -> None:
        try:
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
            os.replace(self.tmp, self.path)
        except BaseException:
            self.abort()
            raise
        _fsync_folder(self.folder)

    def abort(self) -> None:
        try:
            self._out.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def _lock(fd: int) -> None:
    """An exclusive, non-blocking lock on an open file (POSIX; elsewhere none)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


class OutputBusy(Exception):
    """Another run holds the partial file of the same output."""


class ResumableOutput:
    """JSON Lines to ``PATH.partial``, renamed to PATH at the end.

    Every checkpoint hands the records to the operating system (an interrupted or killed run
    loses none of them); they are fsynced at most once every ``FSYNC_EVERY`` seconds and at
    the end, so a power cut costs at most the last second's records, which a resumed run redoes.

    An interrupted run leaves ``PATH.partial`` (never a half-written PATH); a run with
    ``resume=True`` keeps the records already there (``done``: how many records each
    source has), drops a last line cut in the middle, appends the rest and at the end
    writes PATH with one record per input, in input order. Without an interrupted run to
    continue, ``resume`` starts from a finished PATH, so only new inputs are processed.
    An exclusive lock on the partial file keeps two runs from writing the same output.
    """

    def __init__(self, path: Path, resume: bool = False) -> None:
        self.path = path
        self.folder = path.parent if str(path.parent) else Path(".")
        self.partial = path.with_name(path.name + ".partial")
        self.resumed_from: Path | None = None
        self.stale = False  # a partial file from an interrupted run was overwritten
        fd = os.open(self.partial, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise OutputBusy(
                f"{self.partial} is being written by another coop-extract run"
            ) from None
        self._out = os.fdopen(fd, "r+b")
        self._written: list[str] = []  # sources of the records in the partial file, in order
        self._synced = time.monotonic()
        size = os.fstat(fd).st_size
        if resume:
            if size == 0 and path.exists():
                self._copy_from(path)
                self.resumed_from = path
            elif size:
                self.resumed_from = self.partial
            self._load()
        else:
            self.stale = size > 0
            self._out.truncate(0)
        self._out.seek(0, os.SEEK_END)
        self.done: dict[str, int] = dict(Counter(self._written))

    def _copy_from(self, path: Path) -> None:
        import shutil

        with path.open("rb") as source:
            shutil.copyfileobj(source, self._out)
        self._out.flush()

    def _load(self) -> None:
        import json

        self._out.seek(0)
        offset = 0
        good_end = 0
        for line in self._out:
            if not line.endswith(b"\n"):
                break  # cut by the interruption: done again
            try:
                source = json.loads(line)["source"]
            except (ValueError, KeyError, TypeError):
                break  # not a record: keep what came before
            self._written.append(source)
            offset += len(line)
            good_end = offset
        self._out.truncate(good_end)

    @property
    def saved(self) -> int:
        """Records in the partial file."""
        return len(self._written)

    def write(self, text: str, source: str | None = None) -> None:
        data = text.encode("utf-8")
        if source is not None:
            self._written.append(source)
        self._out.write(data)

    FSYNC_EVERY = 1.0

    def checkpoint(self, sync: bool = False) -> None:
        self._out.flush()
        now = time.monotonic()
        if sync or now - self._synced >= self.FSYNC_EVERY:
            os.fsync(self._out.fileno())
            self._synced = now

    def commit(self, order: list[str] | None = None) -> None:
        """Make PATH: ``order`` lists the sources of the run's records in input order."""
        self.checkpoint(sync=True)
        if order is None or order == self._written:
            os.replace(self.partial, self.path)
        else:
            self._write_in_order(order)
        self._out.close()  # releases the lock
        _fsync_folder(self.folder)

    def _write_in_order(self, order: list[str]) -> None:
        """PATH from the partial file's records, one per entry of ``order``, in that order."""
        import tempfile

        index: dict[str, deque[tuple[int, int]]] = {}
        offset = 0
        self._out.seek(0)
        for source, line in zip(self._written, self._out, strict=True):
            index.setdefault(source, deque()).append((offset, len(line)))
            offset += len(line)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as out:
                for source in order:
                    start, length = index[source].popleft()
                    self._out.seek(start)
                    out.write(self._out.read(length))
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        os.unlink(self.partial)

    def abort(self) -> None:
        """Keep the partial file (for ``--resume``), synced, and release the lock."""
        try:
            self.checkpoint(sync=True)
        except (OSError, ValueError):
            pass
        try:
            self._out.close()
        except OSError:
            pass
