#!/usr/bin/env python3
"""Benchmark coop-extract's batch machinery against the spaCy floor, in one run.

Measures, on a corpus of N press releases (default 3,000) and one of N/10:

- single-process throughput (``--workers 1``) as a ratio of the floor (a blank
  spaCy tokenizer reading the same files, ``floor.py``): target >= 0.5;
- ``--workers 2`` against ``--workers 1``: target >= 1.5, with byte-identical output;
- peak memory (max RSS of the run and its worker processes, from ``wait4``)
  for N files against N/10 files: target <= 1.3;
- that ``--help`` and ``--version`` import no spaCy.

Every run is a fresh process timed end to end (start-up included), the way a
user meets it. Each configuration runs ``--repeat`` times, interleaved, and
the best time counts (other processes on the machine only ever slow a run).

Usage::

    python benchmarks/bench.py                      # corpora from ../shared/bench if present
    python benchmarks/bench.py --n 3000 --repeat 3 --json results.json
    python benchmarks/bench.py --check              # exit 1 when a target is missed

The corpus is made by ``make_corpus.py`` (``--corpus-script``) when it exists,
otherwise from this repository's ``samples/*.txt`` in the same way: each file
a sample text plus a numbered reference line, 1,000 files per subfolder.
``--source DIR`` repeats the texts of another folder instead (more distinct
texts mean fewer hits in the word caches, so a lower ratio than the 11 dev texts).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_BENCH = ROOT.parent / "shared" / "bench"

FLOOR_CODE = """
import json, sys
from pathlib import Path
import spacy
in_dir, out_path = Path(sys.argv[1]), Path(sys.argv[2])
paths = sorted(in_dir.rglob("*.txt"))
nlp = spacy.blank("en")
texts = (p.read_text(encoding="utf-8") for p in paths)
with out_path.open("w", encoding="utf-8") as out:
    for path, doc in zip(paths, nlp.pipe(texts, batch_size=256)):
        out.write(json.dumps({"source": str(path), "tokens": len(doc)}) + "\\n")
"""

IMPORT_CHECK = """
import sys, time
t = time.perf_counter()
sys.argv = ["coop-extract", sys.argv[1]]
from coop_extract.cli import main
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc"))
sys.stderr.write(repr((heavy, time.perf_counter() - t)))
"""


@dataclass
class Measure:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its children
    max_rss_mb: float  # largest resident set of the process or any child
    status: int


def measure(argv: list[str], stdout: int | None = subprocess.DEVNULL) -> Measure:
    """Run ``argv`` and wait for it with wait4: wall time, CPU time, max RSS incl. children."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)
    assert process.stderr is not None
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.stderr.write(err.decode(errors="replace")[-2000:])
        raise SystemExit(f"{' '.join(argv)} failed with status {process.returncode}")
    return Measure(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode
    )


def make_corpus(out: Path, n: int, script: Path | None, source: Path | None = None) -> None:
    if out.exists():
        shutil.rmtree(out)
    if script is not None and script.exists():
        extra = ["--source", str(source)] if source is not None else []
        subprocess.run(
            [sys.executable, str(script), str(out), str(n), *extra],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return
    folder = source if source is not None else ROOT / "samples"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not texts:
        raise SystemExit("no corpus script and no samples/*.txt to build a corpus from")
    for i in range(n):
        folder = out / f"part{i // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = texts[i % len(texts)]
        (folder / f"news{i:07d}.txt").write_text(f"{text}\n\nRef. {i}\n", encoding="utf-8")


def best(runs: list[Measure]) -> Measure:
    return min(runs, key=lambda m: m.wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=3000, help="files in the large corpus")
    parser.add_argument("--small", type=int, default=None, help="files in the small one (N/10)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per configuration (best counts)"
    )
    parser.add_argument("--workdir", type=Path, default=None, help="where corpora and outputs go")
    parser.add_argument("--corpus-script", type=Path, default=SHARED_BENCH / "make_corpus.py")
    parser.add_argument(
        "--source",
        type=Path,
        default=None,
        help="folder of .txt texts the corpus repeats (default: make_corpus.py's, the dev set)",
    )
    parser.add_argument("--floor", type=Path, default=SHARED_BENCH / "floor.py")
    parser.add_argument("--exe", default=shutil.which("coop-extract") or "coop-extract")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    small_n = args.small or max(args.n // 10, 1)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="coop-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    large, small = work / f"corpus{args.n}", work / f"corpus{small_n}"
    print(f"corpora: {args.n} and {small_n} files under {work}", file=sys.stderr)
    make_corpus(large, args.n, args.corpus_script, args.source)
    make_corpus(small, small_n, args.corpus_script, args.source)

    if args.floor.exists():
        floor_argv = [sys.executable, str(args.floor), str(large), str(work / "floor.jsonl")]
    else:
        floor_argv = [sys.executable, "-c", FLOOR_CODE, str(large), str(work / "floor.jsonl")]

    def extract(corpus: Path, out: str, workers: int | None) -> list[str]:
        argv = [args.exe, "--format", "jsonl", "--quiet", str(corpus), "-o", str(work / out)]
        return argv + (["--workers", str(workers)] if workers else [])

    configs = {
        "floor": floor_argv,
        "workers1": extract(large, "w1.jsonl", 1),
        "workers2": extract(large, "w2.jsonl", 2),
        "default_large": extract(large, "dl.jsonl", None),
        "default_small": extract(small, "ds.jsonl", None),
        "workers1_small": extract(small, "w1s.jsonl", 1),
    }
    runs: dict[str, list[Measure]] = {name: [] for name in configs}
    for round_ in range(args.repeat):
        for name, argv in configs.items():
            runs[name].append(measure(argv))
            m = runs[name][-1]
            print(
                f"  round {round_ + 1} {name:15} {m.wall:6.2f} s  cpu {m.cpu:6.2f} s  "
                f"max RSS {m.max_rss_mb:6.0f} MB",
                file=sys.stderr,
            )
    result = {name: best(r) for name, r in runs.items()}

    identical = (work / "w1.jsonl").read_bytes() == (work / "w2.jsonl").read_bytes()
    lines = len((work / "w1.jsonl").read_bytes().splitlines())
    imports = {}
    for flag in ("--help", "--version"):
        done = subprocess.run(
            [sys.executable, "-c", IMPORT_CHECK, flag], capture_output=True, text=True, check=True
        )
        heavy, seconds = eval(done.stderr)  # noqa: S307 - our own repr of a tuple
        imports[flag] = {"heavy_modules": heavy, "seconds": round(seconds, 3)}

    n = args.n
    floor_rate = n / result["floor"].wall
    w1_rate = n / result["workers1"].wall
    w2_rate = n / result["workers2"].wall
    memory_ratio = result["default_large"].max_rss_mb / result["default_small"].max_rss_mb
    memory_ratio_1 = result["workers1"].max_rss_mb / result["workers1_small"].max_rss_mb
    targets = [
        ("--workers 1 / floor throughput", w1_rate / floor_rate, ">=", 0.5),
        ("--workers 2 / --workers 1 throughput", w2_rate / w1_rate, ">=", 1.5),
        (f"max RSS {n} / {small_n} files (default workers)", memory_ratio, "<=", 1.3),
        (f"max RSS {n} / {small_n} files (--workers 1)", memory_ratio_1, "<=", 1.3),
    ]

    print(f"\n{n} files, {os.cpu_count()} CPUs, best of {args.repeat}\n")
    print("| run | docs/s | wall s | CPU s | max RSS MB |")
    print("|---|---:|---:|---:|---:|")
    for label, name, count in (
        ("floor (blank spaCy tokenizer)", "floor", n),
        ("coop-extract --workers 1", "workers1", n),
        ("coop-extract --workers 2", "workers2", n),
        ("coop-extract (default workers)", "default_large", n),
        (f"coop-extract, {small_n} files (default workers)", "default_small", small_n),
        (f"coop-extract --workers 1, {small_n} files", "workers1_small", small_n),
    ):
        m = result[name]
        print(
            f"| {label} | {count / m.wall:,.0f} | {m.wall:.2f} | {m.cpu:.2f} | {m.max_rss_mb:.0f} |"
        )
    print("\n| target | measured | goal | met |")
    print("|---|---:|---|---|")
    missed = 0
    for label, value, op, goal in targets:
        met = value >= goal if op == ">=" else value <= goal
        missed += not met
        print(f"| {label} | {value:.2f} | {op} {goal} | {'yes' if met else 'NO'} |")
    print(
        f"| --workers 2 output byte-identical to --workers 1 ({lines} records) | "
        f"{'yes' if identical else 'no'} | identical | {'yes' if identical else 'NO'} |"
    )
    for flag, info in imports.items():
        ok = not info["heavy_modules"]
        print(
            f"| `coop-extract {flag}` imports no spaCy ({info['seconds']:.2f} s) | "
            f"{'none' if ok else ', '.join(info['heavy_modules'][:3])} | none | "
            f"{'yes' if ok else 'NO'} |"
        )
        missed += not ok
    missed += not identical

    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "n": n,
                    "small": small_n,
                    "repeat": args.repeat,
                    "runs": {k: asdict(v) for k, v in result.items()},
                    "targets": [
                        {"target": t, "value": round(v, 3), "goal": f"{op} {g}"}
                        for t, v, op, g in targets
                    ],
                    "identical": identical,
                    "imports": imports,
                },
                indent=2,
            )
        )
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
