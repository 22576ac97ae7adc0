"""The ``coop-extract`` command: arguments, inputs, output formats, exit codes. No NLP here.

spaCy is imported only once there is text to process (in the worker
processes, or in this one with ``--workers 1``), so ``--help`` and
``--version`` answer at once.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from . import __version__
from .batch import (
    AtomicOutput,
    Batch,
    Format,
    Job,
    Outcome,
    OutputBusy,
    PipelineError,
    ResumableOutput,
    StdoutOutput,
    available_cpus,
    jobs_from_inputs,
)
from .inputs import discover

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE = 0, 1, 2
EXIT_SIGINT, EXIT_SIGTERM = 130, 143


class DefaultGroup(click.Group):
    """A group whose default command is ``extract``: ``coop-extract FILE`` runs ``extract FILE``."""

    default_command = "extract"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [self.default_command, *args]
        elif not args:
            args = [self.default_command]
        return super().parse_args(ctx, args)


@click.group(
    cls=DefaultGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""\b
Examples:
  coop-extract samples/004_170a05f5dc355971.txt
  coop-extract --format jsonl news/ > records.jsonl
  coop-extract --format jsonl news/ | jq -r '[.date, .cooperation_type] | @tsv'
  cat release.txt | coop-extract - | jq '.organisations[].name'
  coop-extract schema > record.schema.json

Exit status: 0 all inputs gave records; 1 some input could not be read or
processed (each reported on stderr, the others still give records); 2 usage error;
130/143 interrupted (Ctrl-C / SIGTERM).
""",
)
@click.version_option(__version__, "--version", prog_name="coop-extract")
def main() -> None:
    """Turn press releases about scientific and technical cooperation into JSON records.

    With FILE arguments (the default command, `extract`), prints one record
    per input: event date, organisations, people, location, countries and
    cooperation type, each value backed by evidence offsets into the text.
    """


@main.command("extract")
@click.argument("inputs", nargs=-1, metavar="FILE|DIR|-...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl"]),
    default="json",
    show_default=True,
    help="json: one object for one file, an array for several; "
    "jsonl: one compact record per line, streamed.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output; it appears whole or not at all.",
)
@click.option(
    "-j",
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Processes extracting in parallel, each with its own pipeline "
    "[default: the CPUs available].",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue an interrupted `--format jsonl -o PATH` run from PATH.partial: inputs "
    "already done are not done again.",
)
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help='Also write one JSON line per failed input ({"source": ..., "reason": ...}) to this file.',
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress bar and no summary (failed inputs are still reported).",
)
@click.option(
    "--model",
    metavar="NAME_OR_PATH",
    help="Add the NER of an installed spaCy pipeline; rule results win where they overlap.",
)
@click.option(
    "--indent",
    type=click.IntRange(min=0),
    default=2,
    metavar="N",
    show_default=True,
    help="Indentation for --format json.",
)
def extract_command(
    inputs: tuple[str, ...],
    fmt: str,
    output: Path | None,
    workers: int | None,
    resume: bool,
    errors_path: Path | None,
    quiet: bool,
    model: str | None,
    indent: int,
) -> None:
    """Extract records from FILEs, folders (searched recursively for .txt/.html files) or - (stdin).

    Records come out in input order, whatever the number of workers. HTML
    pages are turned into text first (evidence offsets then point into that
    text); encodings other than UTF-8 are detected and named in the record.

    \b
    Examples:
      coop-extract release.txt
      coop-extract --format jsonl archive/ -o records.jsonl
      coop-extract --format jsonl archive/ -o records.jsonl --resume   # after Ctrl-C
      coop-extract a.txt b.txt | jq '.[].date'
    """
    if not inputs:
        raise click.UsageError("give at least one FILE, DIR or - (standard input)")
    if inputs.count("-") > 1:
        raise click.UsageError("standard input (-) can be given only once")
    if resume and output is None:
        raise click.UsageError("--resume needs -o/--output (the file whose run to continue)")
    if resume and fmt != "jsonl":
        raise click.UsageError("--resume needs --format jsonl")
    single = len(inputs) == 1 and (inputs[0] == "-" or not Path(inputs[0]).is_dir())
    workers = workers or available_cpus()
    run = Run(
        inputs=inputs,
        fmt=Format(fmt, indent, nested=fmt == "json" and not single),
        single=single,
        output=output,
        resume=resume,
        errors_path=errors_path,
        quiet=quiet,
        workers=workers,
        model=model,
    )
    sys.exit(run.main())


class Run:
    """One `extract` run: inputs through a :class:`Batch` into the output, with reports."""

    def __init__(
        self,
        *,
        inputs: tuple[str, ...],
        fmt: Format,
        single: bool,
        output: Path | None,
        resume: bool,
        errors_path: Path | None,
        quiet: bool,
        workers: int,
        model: str | None,
    ) -> None:
        self.inputs, self.fmt, self.single = inputs, fmt, single
        self.output, self.resume, self.errors_path = output, resume, errors_path
        self.quiet, self.workers, self.model = quiet, workers, model
        self.records = self.errors = self.kept = self.inputs_found = 0
        self.order: list[str] | None = [] if self.resume else None
        self.errors_file: IO[str] | None = None
        self.progress: Any = None
        self.started = time.monotonic()

    # -- the run ------------------------------------------------------------

    def main(self) -> int:
        sink = self._open_output()
        previous = _install_sigterm_handler()
        try:
            if self.errors_path is not None:
                self.errors_file = self._open_errors_file()
            self._process(sink)
        except KeyboardInterrupt as exc:
            sink.abort()
            self._interrupted(sink)
            return EXIT_SIGTERM if isinstance(exc, Terminated) else EXIT_SIGINT
        except BrokenPipeError:
            sink.abort()
            _quiet_broken_pipe()
        except PipelineError as exc:
            sink.abort()
            if self.model:  # a model that cannot be loaded is a bad option value: exit 2
                raise click.BadParameter(str(exc), param_hint="'--model'") from None
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            sink.abort()
            where = self.output if self.output is not None else "standard output"
            raise click.ClickException(f"{where}: cannot write: {exc.strerror or exc}") from None
        except BaseException:
            sink.abort()
            raise
        finally:
            _restore_sigterm_handler(previous)
            if self.errors_file is not None:
                self.errors_file.close()
        self._summary()
        return EXIT_INPUT_ERRORS if self.errors else EXIT_OK

    def _process(self, sink: Any) -> None:
        items = self._counted(jobs_from_inputs(discover(self.inputs)))
        if sink.done:
            items = _mark_done(items, dict(sink.done))
        frame = Framing(sink, self.fmt, self.single)
        with Batch(items, workers=self.workers, model=self.model, fmt=self.fmt) as batch:
            with self._progress_display():
                for outcomes in batch:
                    for outcome in outcomes:
                        self._take(outcome, frame)
                    sink.checkpoint()
                    self._advance(len(outcomes))
        frame.end()
        if self.single and self.fmt.kind == "json" and not (self.records or self.kept):
            sink.abort()  # no record: no file (an empty file is not a JSON object)
            return
        if self.inputs_found != self.records + self.errors + self.kept:
            raise click.ClickException(  # a bug: never commit an output that lost inputs
                f"internal error: {self.inputs_found} inputs gave {self.records} records, "
                f"{self.kept} kept and {self.errors} errors"
            )
        sink.commit(self.order)

    def _counted(self, items: Iterator[Job | Outcome]) -> Iterator[Job | Outcome]:
        for item in items:
            self.inputs_found += 1
            yield item

    def _take(self, outcome: Outcome, frame: Framing) -> None:
        if outcome.output is not None:
            frame.record(outcome.output, outcome.source)
            self.records += 1
        elif outcome.kept:
            self.kept += 1
        else:
            self.errors += 1
            self._report(outcome.source, outcome.error or "no record")
            return
        if self.order is not None:
            self.order.append(outcome.source)

    # -- output and reports --------------------------------------------------

    def _open_output(self) -> Any:
        if self.output is None:
            return StdoutOutput()
        try:
            if self.fmt.kind == "jsonl":
                sink = ResumableOutput(self.output, resume=self.resume)
            else:
                sink = AtomicOutput(self.output)
        except OutputBusy as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(
                f"{self.output}: cannot write: {exc.strerror or exc}"
            ) from None
        if getattr(sink, "stale", False) and not self.quiet:
            self._note(
                f"{sink.partial}: an interrupted run's records are discarded"
                " (--resume continues such a run)"
            )
        if getattr(sink, "resumed_from", None) is not None and not self.quiet:
            self._note(f"resuming: {sum(sink.done.values())} records kept from {sink.resumed_from}")
        return sink

    def _open_errors_file(self) -> IO[str]:
        try:
            return self.errors_path.open("w", encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(
                f"{self.errors_path}: cannot write: {exc.strerror or exc}"
            ) from None

    def _report(self, source: str, reason: str) -> None:
        self._note(f"{source}: {reason}")
        if self.errors_file is not None:
            line = json.dumps({"source": source, "reason": reason}, ensure_ascii=False)
            self.errors_file.write(
                line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"
            )
            self.errors_file.flush()

    def _note(self, message: str) -> None:
        text = f"coop-extract: {message}"
        if self.progress is not None:
            self.progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(text, err=True)

    def _summary(self) -> None:
        if self.quiet or (self.single and not self.errors):
            return
        elapsed = time.monotonic() - self.started
        done = self.records + self.errors
        per_second = done / elapsed if elapsed > 0 else 0.0
        shown = f"{per_second:,.0f}" if per_second >= 10 else f"{per_second:.2g}"
        rate = f", {shown} inputs/s" if elapsed > 0 and done else ""
        kept = f", {self.kept} kept from the previous run" if self.kept else ""
        self._note(
            f"{self.records} record{'s' * (self.records != 1)}, {self.errors} error"
            f"{'s' * (self.errors != 1)}{kept} in {elapsed:.1f} s{rate}"
        )

    def _interrupted(self, sink: Any) -> None:
        self.progress = None
        if isinstance(sink, ResumableOutput):
            self._note(
                f"interrupted: {sink.saved} records saved in {sink.partial};"
                " run the same command with --resume to finish"
            )
        else:
            self._note("interrupted" + (f": {self.output} not written" if self.output else ""))

    # -- progress --------------------------------------------------------------

    @contextmanager
    def _progress_display(self) -> Iterator[None]:
        """A rich progress bar on stderr when it is a terminal and not --quiet."""
        if self.quiet or not _is_terminal(sys.stderr):
            yield
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        progress = Progress(
            SpinnerColumn(),
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            redirect_stdout=False,
            redirect_stderr=False,
            transient=True,
        )
        self._task = progress.add_task("extract", total=None, rate="")
        counter = threading.Thread(target=self._count_inputs, args=(progress,), daemon=True)
        with progress:
            self.progress = progress
            counter.start()
            try:
                yield
            finally:
                self.progress = None

    def _count_inputs(self, progress: Any) -> None:
        """Set the bar's total once a walk of the inputs has counted them (for the ETA)."""
        try:
            total = sum(1 for _ in discover(self.inputs))
        except Exception:
            return
        progress.update(self._task, total=total)

    def _advance(self, n: int) -> None:
        if self.progress is None:
            return
        task = self.progress.tasks[0]
        speed = task.speed
        rate = f"{speed:,.0f} docs/s" if speed else ""
        self.progress.update(self._task, advance=n, rate=rate)


def _mark_done(items: Iterator[Job | Outcome], done: dict[str, int]) -> Iterator[Job | Outcome]:
    """Inputs whose records the partial file holds become kept outcomes: not done again."""
    for item in items:
        if isinstance(item, Job) and done.get(item.source, 0) > 0:
            done[item.source] -= 1
            yield Outcome(item.source, kept=True)
        else:
            yield item


class Framing:
    """Puts serialised records into the output: JSON Lines, one object, or an array."""

    def __init__(self, sink: Any, fmt: Format, single: bool) -> None:
        self.sink, self.fmt, self.single = sink, fmt, single
        self.array = fmt.kind == "json" and not single
        self.first = True

    def record(self, text: str, source: str) -> None:
        if self.array:
            text = ("[\n" if self.first else ",\n") + text
        self.sink.write(text, source)
        self.first = False

    def end(self) -> None:
        if self.array:
            self.sink.write("[]\n" if self.first else "\n]\n")


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every cleanup runs; exit status 143."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated()


def _install_sigterm_handler() -> Any:
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _on_sigterm)


def _restore_sigterm_handler(previous: Any) -> None:
    if previous is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, previous)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _quiet_broken_pipe() -> None:
    # Python docs: redirect stdout to devnull so the interpreter's final flush does not fail.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # not a real file descriptor (a test runner's stream)
    sys.exit(EXIT_OK)


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of a record, generated from the pydantic models.

    \b
    Example:
      coop-extract schema | jq '.properties | keys'
    """
    from .models import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
