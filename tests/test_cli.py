"""The command line: formats, exit codes, bad inputs, workers, -o, --resume, --errors, signals."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from coop_extract import batch
from coop_extract.cli import Run, main

TEXT = (
    "Kyrgyz National University and the University of Tartu signed a cooperation agreement\n\n"
    "Bishkek, 12 March 2024. The Kyrgyz National University (KNU) and the University of Tartu "
    "signed an agreement on joint research and student exchange. Ref. {n}\n"
)
EXE = shutil.which("coop-extract")


@pytest.fixture(scope="module", autouse=True)
def shared_extractor():
    """Build the pipeline once; in-process runs and forked workers reuse it."""
    from coop_extract.pipeline import get_extractor

    return get_extractor()


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "news"
    (root / "sub").mkdir(parents=True)
    for n in range(6):
        (root / ("sub" if n % 2 else "") / f"doc{n}.txt").write_text(TEXT.format(n=n))
    return root


def invoke(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def sources(jsonl: str) -> list[str]:
    return [json.loads(line)["source"] for line in jsonl.splitlines()]


# ---------------------------------------------------------------------------
# help, version, usage errors


@pytest.mark.parametrize("command", [[], ["extract"], ["schema"]])
def test_every_command_has_help_text(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output and "Example" in result.output


def test_every_registered_command_has_a_docstring():
    for name, command in main.commands.items():
        assert command.help and len(command.help) > 40, name


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and "coop-extract" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["extract"],
        ["-", "-"],
        ["--resume", "x.txt"],
        ["--resume", "-o", "out.json", "x.txt"],
        ["--workers", "0", "x.txt"],
        ["--format", "xml", "x.txt"],
        ["--no-such-option", "x.txt"],
    ],
)
def test_usage_errors_exit_2(args):
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_do_not_import_spacy(flag):
    code = (
        "import sys\n"
        f"sys.argv = ['coop-extract', '{flag}']\n"
        "from coop_extract.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('spacy', 'thinc', 'selectolax', 'charset_normalizer')\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr == "[]"


# ---------------------------------------------------------------------------
# outputs


def test_one_file_gives_an_object_several_an_array(folder):
    one = invoke(folder / "doc0.txt", "--quiet")
    assert one.exit_code == 0
    assert json.loads(one.stdout)["source"].endswith("doc0.txt")
    several = invoke(folder / "doc0.txt", folder / "doc2.txt", "--quiet")
    assert [Path(r["source"]).name for r in json.loads(several.stdout)] == ["doc0.txt", "doc2.txt"]


def test_jsonl_in_input_order_and_folders_sorted(folder):
    result = invoke("--format", "jsonl", folder / "doc4.txt", folder, "--quiet")
    assert result.exit_code == 0
    names = [Path(s).relative_to(folder).as_posix() for s in sources(result.stdout)]
    assert names == [
        "doc4.txt",
        "doc0.txt",
        "doc2.txt",
        "doc4.txt",
        "sub/doc1.txt",
        "sub/doc3.txt",
        "sub/doc5.txt",
    ]


def test_stdin(folder):
    result = invoke("-", input=TEXT.format(n=9).encode("cp1251"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"] == "-"


def test_two_workers_give_the_same_bytes_as_one(folder):
    one = invoke("--format", "jsonl", "--workers", "1", folder, "--quiet")
    two = invoke("--format", "jsonl", "--workers", "2", folder, "--quiet")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 6
    array_one = invoke("--workers", "1", folder, "--quiet")
    array_two = invoke("--workers", "2", folder, "--quiet")
    assert array_one.stdout == array_two.stdout


# ---------------------------------------------------------------------------
# bad inputs: a clear message each, nothing else lost


def test_bad_inputs_are_reported_and_lose_nothing_else(folder, tmp_path):
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    errors = tmp_path / "errors.jsonl"
    result = invoke("--format", "jsonl", folder, tmp_path / "missing.txt", "--errors", errors)
    assert result.exit_code == 1
    names = [Path(s).name for s in sources(result.stdout)]
    assert names == [
        "doc0.txt",
        "doc2.txt",
        "doc4.txt",
        "empty.txt",
        "doc1.txt",
        "doc3.txt",
        "doc5.txt",
    ]
    empty = json.loads(result.stdout.splitlines()[3])
    assert empty["organisations"] == [] and empty["title"] is None
    stderr = result.stderr
    assert f"{folder / 'binary.txt'}: binary file (PNG image), not text" in stderr
    assert f"{folder / 'dangling.txt'}: dangling symbolic link" in stderr
    assert f"{tmp_path / 'missing.txt'}: no such file or folder" in stderr
    assert "7 records, 3 errors" in stderr  # the summary line
    reported = [json.loads(line) for line in errors.read_text().splitlines()]
    assert [Path(r["source"]).name for r in reported] == [
        "binary.txt",
        "dangling.txt",
        "missing.txt",
    ]
    assert all(r["reason"] for r in reported)


def test_a_single_missing_file(tmp_path):
    result = invoke(tmp_path / "nope.txt")
    assert result.exit_code == 1 and result.stdout == ""
    assert "nope.txt: no such file or folder" in result.stderr


def test_quiet_silences_the_summary_not_the_errors(folder, tmp_path):
    result = invoke("--format", "jsonl", folder, tmp_path / "missing.txt", "--quiet")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"coop-extract: {tmp_path / 'missing.txt'}: no such file or folder"
    ]


def test_a_failing_document_in_a_worker_is_an_error_report(folder, shared_extractor, monkeypatch):
    real_many = type(shared_extractor).extract_many

    def boom_many(self, items, batch_size=64):
        for text, source, encoding in items:
            if "Ref. 2" in text:
                raise ValueError("bad luck")
            yield from real_many(self, [(text, source, encoding)])

    monkeypatch.setattr(type(shared_extractor), "extract_many", boom_many)
    result = invoke("--format", "jsonl", "--workers", "2", folder)  # forked: the patch holds
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 5
    assert "doc2.txt: processing failed: ValueError: bad luck" in result.stderr


def test_huge_text_is_cut_with_a_warning(tmp_path, monkeypatch):
    import coop_extract.pipeline

    monkeypatch.setattr(coop_extract.pipeline, "MAX_CHARS", 60)
    path = tmp_path / "long.txt"
    path.write_text(TEXT.format(n=1) * 5)
    result = invoke(path)
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert any("cut" in w for w in record["warnings"])
    for evidence in record["evidence"]:
        assert evidence["end"] <= 60


def test_html_input_evidence_points_into_the_extracted_text(tmp_path):
    page = (
        "<html><head><title>x</title><script>var a = 'University of Nowhere';</script></head>"
        "<body><nav>Menu</nav><h1>Kyrgyz National University and the University of Tartu sign "
        "an agreement</h1><p>The Kyrgyz National University (KNU) and the University of Tartu "
        "signed an agreement on joint research.</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page)
    result = invoke(path)
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    from coop_extract.inputs import Input, read_input

    text = read_input(Input(str(path), path)).text
    assert "Menu" not in text and "Nowhere" not in text
    for evidence in record["evidence"]:
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]


# ---------------------------------------------------------------------------
# -o, interruption, --resume


def test_output_file_written_whole(folder, tmp_path):
    out = tmp_path / "out.json"
    result = invoke(folder, "-o", out, "--quiet")
    assert result.exit_code == 0 and result.stdout == ""
    assert len(json.loads(out.read_text())) == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news", "out.json"]


def interrupt_after(monkeypatch, n, exc=KeyboardInterrupt):
    real = Run._take

    def take(self, outcome, frame):
        if self.records + self.errors + self.kept == n:
            raise exc()
        real(self, outcome, frame)

    monkeypatch.setattr(Run, "_take", take)


def test_interrupted_json_output_leaves_the_old_file(folder, tmp_path, monkeypatch):
    out = tmp_path / "out.json"
    out.write_text("previous")
    interrupt_after(monkeypatch, 3)
    result = invoke(folder, "-o", out)
    assert result.exit_code == 130
    assert out.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news", "out.json"]
    assert "interrupted" in result.stderr


def test_sigterm_exits_143_through_the_same_cleanup(folder, tmp_path, monkeypatch):
    from coop_extract.cli import Terminated

    out = tmp_path / "out.json"
    interrupt_after(monkeypatch, 2, Terminated)
    result = invoke(folder, "-o", out)
    assert result.exit_code == 143 and not out.exists()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_interrupt_then_resume_equals_an_uninterrupted_run(folder, tmp_path, monkeypatch, workers):
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 10)  # fails both times
    full = tmp_path / "full.jsonl"
    assert invoke("--format", "jsonl", folder, "-o", full, "-q").exit_code == 1
    monkeypatch.setattr(batch, "CHUNK_SIZE", 2)
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as patch:
        interrupt_after(patch, 4)
        first = invoke("--format", "jsonl", folder, "-o", out, "--workers", workers)
    assert first.exit_code == 130
    assert not out.exists()
    partial = tmp_path / "out.jsonl.partial"
    assert len(partial.read_text().splitlines()) == 3  # binary.txt came first and failed
    assert "--resume" in first.stderr
    second = invoke("--format", "jsonl", folder, "-o", out, "--resume", "--workers", workers)
    assert second.exit_code == 1  # binary.txt again
    assert "3 records kept" in second.stderr
    assert out.read_bytes() == full.read_bytes()
    assert not partial.exists()


def test_resume_of_a_finished_output_adds_only_new_inputs(folder, tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    assert invoke("--format", "jsonl", folder, "-o", out, "-q").exit_code == 0
    (folder / "doc3b.txt").write_text(TEXT.format(n=33))
    calls = []
    real = batch.process_chunk

    def spy(jobs, model, fmt):
        calls.extend(Path(j.source).name for j in jobs)
        return real(jobs, model, fmt)

    monkeypatch.setattr(batch, "process_chunk", spy)
    result = invoke("--format", "jsonl", folder, "-o", out, "--resume", "--workers", "1")
    assert result.exit_code == 0
    assert calls == ["doc3b.txt"]
    names = [Path(s).name for s in sources(out.read_text())]
    assert names == [
        "doc0.txt",
        "doc2.txt",
        "doc3b.txt",
        "doc4.txt",
        "doc1.txt",
        "doc3.txt",
        "doc5.txt",
    ]


# ---------------------------------------------------------------------------
# through the installed executable


def run_exe(*args, **kwargs):
    if EXE is None:
        pytest.skip("coop-extract is not installed")
    return subprocess.run([EXE, *map(str, args)], capture_output=True, **kwargs)


def test_installed_executable(folder):
    result = run_exe("--format", "jsonl", folder, text=True)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 6
    assert "6 records, 0 errors" in result.stderr
    assert "\x1b[" not in result.stderr  # no progress bar when stderr is not a terminal


def test_closed_pipe_exits_quietly(folder):
    if EXE is None:
        pytest.skip("coop-extract is not installed")
    pipeline = f"'{EXE}' --format jsonl --workers 2 '{folder}' '{folder}' '{folder}' | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", pipeline], capture_output=True, text=True
    )
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_leaves_no_output_file(tmp_path, sig, status):
    if EXE is None:
        pytest.skip("coop-extract is not installed")
    out = tmp_path / "out.jsonl"
    # Standard input that never ends: the run waits there until the signal comes.
    process = subprocess.Popen(
        [EXE, "--format", "jsonl", "-", "-o", str(out)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while not out.with_name("out.jsonl.partial").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # let the handler be installed
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=20)
    process.stdin.close() if process.stdin else None
    assert process.returncode == status, stderr
    assert not out.exists() and "interrupted" in stderr
    assert "Traceback" not in stderr


def test_the_sigterm_handler_is_restored_after_a_run(folder):
    before = signal.getsignal(signal.SIGTERM)
    assert invoke(folder / "doc0.txt").exit_code == 0
    assert signal.getsignal(signal.SIGTERM) is before


def test_an_input_lost_by_the_batch_is_an_internal_error(folder, tmp_path, monkeypatch):
    def lossy(chunk, results):
        return results[:-1] if len(results) > 1 else results

    monkeypatch.setattr(batch, "_merge", lambda chunk, results: lossy(chunk, results))
    out = tmp_path / "out.jsonl"
    result = invoke("--format", "jsonl", "--workers", "1", folder, "-o", out)
    assert result.exit_code == 1
    assert "internal error: 6 inputs gave 5 records" in result.stderr
    assert not out.exists()


def test_a_model_that_cannot_be_loaded_is_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from coop_extract.cli import main

    sample = tmp_path / "a.txt"
    sample.write_text("The academy signed an agreement.", encoding="utf-8")
    result = CliRunner().invoke(main, ["--model", str(tmp_path / "missing"), str(sample)])
    assert result.exit_code == 2
    assert "--model" in result.stderr and "missing" in result.stderr
    assert result.stdout == ""
