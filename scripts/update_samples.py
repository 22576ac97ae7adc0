#!/usr/bin/env python3
"""Write samples/NAME.expected.json: the reviewed record of each sample text.

Run after a deliberate change of behaviour (``make samples``), review the diff, commit.
The golden test (tests/test_samples.py) compares the pipeline's output with these files.
"""

from __future__ import annotations

import json
from pathlib import Path

from coop_extract.models import record_to_dict
from coop_extract.pipeline import Extractor

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def main() -> None:
    extractor = Extractor()
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        record = record_to_dict(extractor.extract(text, source=f"samples/{path.name}"))
        out = path.with_suffix(".expected.json")
        out.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(SAMPLES.parent)}")


if __name__ == "__main__":
    main()
