#!/usr/bin/env python3
"""Where a document's time goes: CPU milliseconds per document for each stage.

Reads every ``.txt`` file under a folder (a corpus from ``make_corpus.py`` or
``samples/``), then times, in this process, reading and decoding, the
tokenizer, each pipeline component (fed batches through its ``pipe`` method,
as ``nlp.pipe`` does) and building and serialising the record. It is a guide
to where to work, not a target: ``bench.py`` measures the targets end to end.

Usage::

    python benchmarks/components.py FOLDER [--limit N] [--repeat R] [--profile STAGE]

``--profile STAGE`` also prints cProfile's top functions for that stage
(``tokenizer``, a component name such as ``coop_places``, ``read`` or ``record``).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="best of R passes")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--profile", metavar="STAGE")
    parser.add_argument("--sort", default="tottime", help="cProfile order (tottime, cumulative)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--dump", type=Path, help="also save the profile here (pstats format)")
    args = parser.parse_args()

    from coop_extract.batch import Format, serialise, tune_gc
    from coop_extract.inputs import Input, read_input
    from coop_extract.pipeline import Extractor, _prepare
    from coop_extract.record import build_record

    paths = sorted(p for p in args.folder.rglob("*.txt"))[: args.limit]
    extractor = Extractor()
    nlp = extractor.nlp
    fmt = Format()
    best: dict[str, float] = {}
    profiler = cProfile.Profile() if args.profile else None

    def timed(stage: str, func, *a):  # noqa: ANN001, ANN202
        if profiler is not None and stage == args.profile:
            profiler.enable()
        start = time.process_time()
        result = func(*a)
        spent = time.process_time() - start
        if profiler is not None and stage == args.profile:
            profiler.disable()
        totals[stage] = totals.get(stage, 0.0) + spent
        return result

    def tokenize(nlp, part):  # noqa: ANN001, ANN202
        return [nlp.tokenizer(norm) for _, norm, _, _ in part]

    def run_component(proc, docs):  # noqa: ANN001, ANN202
        return list(proc.pipe(docs))

    def records(docs, part, inputs):  # noqa: ANN001, ANN202
        out = []
        for doc, (original, _, mapping, warnings), d in zip(docs, part, inputs, strict=True):
            record = build_record(doc, "x", original=original, mapping=mapping, warnings=warnings)
            out.append(serialise(record, d, fmt))
            doc.user_data.clear()  # as Extractor.extract_many does
        return out

    for _ in range(args.repeat):
        totals: dict[str, float] = {}
        decoded = timed(
            "read", lambda: [read_input(Input(str(p), p, True)) for p in paths]
        )
        prepared = [_prepare(d.text) for d in decoded]
        # as the batch workers do; the inputs held here for the whole pass are frozen too
        # (the command line streams them), so collections see what a worker's would
        tune_gc()
        for lo in range(0, len(prepared), args.batch):
            part = prepared[lo : lo + args.batch]
            docs = timed("tokenizer", tokenize, nlp, part)
            for name, proc in nlp.pipeline:
                docs = timed(name, run_component, proc, docs)
            timed("record", records, docs, part, decoded[lo : lo + args.batch])
        for stage, spent in totals.items():
            best[stage] = min(best.get(stage, spent), spent)

    n = len(paths)
    total = sum(best.values())
    print(f"{n} documents, best of {args.repeat}, CPU ms per document")
    for stage, spent in best.items():
        print(f"  {stage:20s} {1000 * spent / n:7.3f}")
    print(f"  {'total':20s} {1000 * total / n:7.3f}")
    if profiler is not None:
        if args.dump:
            profiler.dump_stats(args.dump)
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
