"""The ``coop-extract`` command: arguments, inputs, output formats, exit codes. No NLP here.

spaCy is imported only once there is text to process, so ``--help`` and
``--version`` answer at once.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from . import __version__
from .inputs import Input, InputError, discover, read_input

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE = 0, 1, 2


class DefaultGroup(click.Group):
    """A group whose default command is ``extract``: ``coop-extract FILE`` = ``coop-extract extract FILE``."""

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
processed (each reported on stderr, the others still give records); 2 usage error.
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
    help="json: one object for one file, an array for several; jsonl: one compact record per line, streamed.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output; it appears whole or not at all.",
)
@click.option(
    "--model",
    metavar="NAME_OR_PATH",
    help="Add the NER of an installed spaCy pipeline; rule results win where they overlap.",
)
@click.option("--indent", type=int, default=2, show_default=True, help="Indentation for --format json.")
def extract_command(
    inputs: tuple[str, ...], fmt: str, output: Path | None, model: str | None, indent: int
) -> None:
    """Extract records from FILEs, folders (searched recursively for .txt/.html files) or - (stdin).

    \b
    Examples:
      coop-extract release.txt
      coop-extract --format jsonl archive/ -o records.jsonl
      coop-extract a.txt b.txt | jq '.[].date'
    """
    if not inputs:
        raise click.UsageError("give at least one FILE, DIR or - (standard input)")
    if inputs.count("-") > 1:
        raise click.UsageError("standard input (-) can be given only once")
    single = len(inputs) == 1 and (inputs[0] == "-" or not Path(inputs[0]).is_dir())
    errors = 0

    def records() -> Iterator[dict[str, Any]]:
        nonlocal errors
        from .pipeline import get_extractor

        extractor = get_extractor(model)
        for item in discover(inputs):
            if isinstance(item, tuple):
                errors += 1
                report(item[0], str(item[1]))
                continue
            record = process(extractor, item)
            if record is None:
                errors += 1
            else:
                yield record

    try:
        with open_output(output) as out:
            write_records(out, records(), fmt, single, indent)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write: {exc.strerror or exc}") from None
    sys.exit(EXIT_INPUT_ERRORS if errors else EXIT_OK)


def process(extractor: Any, item: Input) -> dict[str, Any] | None:
    """The record of one input as a dict, or None after reporting why there is none."""
    from .models import record_to_dict

    try:
        decoded = read_input(item)
    except InputError as exc:
        report(item.source, str(exc))
        return None
    try:
        record = extractor.extract(decoded.text, source=item.source, encoding=decoded.encoding)
    except Exception as exc:  # one bad document must not stop the others
        report(item.source, f"processing failed: {type(exc).__name__}: {exc}")
        return None
    return record_to_dict(record)


def report(source: str, reason: str) -> None:
    click.echo(f"coop-extract: {source}: {reason}", err=True)


def write_records(
    out: IO[str], records: Iterator[dict[str, Any]], fmt: str, single: bool, indent: int
) -> None:
    from .models import record_to_json

    if fmt == "jsonl":
        for record in records:
            out.write(record_to_json(record) + "\n")
            out.flush()
        return
    if single:
        for record in records:
            out.write(record_to_json(record, indent=indent or None) + "\n")
        return
    out.write("[")
    first = True
    for record in records:
        body = record_to_json(record, indent=indent or None)
        if indent:
            body = "\n".join(" " * indent + line for line in body.splitlines())
        out.write(("\n" if first else ",\n") + body)
        first = False
        out.flush()
    out.write("\n]\n" if not first else "]\n")


@contextmanager
def open_output(path: Path | None) -> Iterator[IO[str]]:
    """Standard output, or a temporary file beside PATH renamed over it once complete."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _quiet_broken_pipe() -> None:
    # Python docs: redirect stdout to devnull so the interpreter's final flush does not fail.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
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
