"""Rebuild ``corpora/sample``: the committed sample corpus with its ground truth.

Fifty reports chosen, in a fixed order, from the first reports of ``govtext synth``
seed 7 so that the sample covers every text layout under each template generation,
every kind of planted contradiction, reports cut inside their tables and a page in
Traditional characters; the rest are
clean reports (many with traps a reconciler must not flag: overlapping channel counts,
non-exhaustive 其中 lists, 余/约 figures, figures for a wider area, rounded shares).
Reports are ``corpora/sample/<name>.txt``, gold ``corpora/sample/gold/<name>.json``.
Running this again gives the same bytes.

    .venv/bin/python scripts/make_sample.py
"""
from __future__ import annotations

from pathlib import Path

from govtext.synth import LAYOUTS, make_report, write_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "sample"
SEED, POOL, SIZE, ERROR_RATE = 7, 400, 50, 0.35
#: How many reports of each kind the sample must hold at least.
QUOTAS = {"truncated": 5, "table_identity": 6, "narrative_vs_table": 6, "narrative_sum": 6,
          "traditional": 1}
#: One-line pages are narrative-only, so only pre-2019 reports come in that layout.
TEMPLATES = {"oneline": ("pre2019",)}


def _tags(gold: dict) -> set[str]:
    tags = {f["kind"] for f in gold["findings"]} | {f"{gold['layout']}/{gold['template']}"}
    return tags | ({"truncated"} if gold["truncated"] else set()) | ({"traditional"} if gold["traditional"] else set())


def choose() -> list[tuple[str, dict]]:
    """Reports that fill the quotas and cover every layout × template, then clean ones."""
    pool = [make_report(SEED, i, error_rate=ERROR_RATE) for i in range(POOL)]
    need = dict(QUOTAS) | {f"{lay}/{t}": 1 for lay in LAYOUTS
                           for t in TEMPLATES.get(lay, ("2021", "2019", "pre2019"))}
    chosen = []
    for text, gold in pool:
        useful = [t for t in _tags(gold) if need.get(t, 0) > 0]
        if useful:
            chosen.append((text, gold))
            for t in _tags(gold):
                need[t] = need.get(t, 0) - 1
    clean = [(t, g) for t, g in pool if not g["findings"] and (t, g) not in chosen]
    chosen += clean[:max(0, SIZE - len(chosen))]
    return sorted(chosen, key=lambda tg: tg[1]["name"])[:SIZE]


def main() -> None:
    for old in [*SAMPLE.glob("s*-*.txt"), *SAMPLE.glob("gold/s*-*.json")]:
        old.unlink()
    chosen = choose()
    for text, gold in chosen:
        write_report(SAMPLE, text, gold)
    print(f"wrote {len(chosen)} reports and their gold to {SAMPLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
