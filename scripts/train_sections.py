"""Train the section-title classifier: corpora/labelled/sections.jsonl → models/sections.npz.

Each example is a heading title as written in a report (or a hand-written variant) and
its section kind.  Examples are split by source report: a fixed fifth of the reports is
held out, scored, and written to models/sections.meta.json with the training settings;
the saved model is then refitted on everything.  Deterministic: same data, same model.

    .venv/bin/python scripts/train_sections.py
"""
from __future__ import annotations

import json
import zlib
from collections import Counter
from pathlib import Path

from govtext.ml import TextClassifier
from govtext.segment import classify_titles
from govtext.segment._headings import rule_kind, title_key

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "corpora" / "labelled" / "sections.jsonl"
MODEL = ROOT / "models" / "sections.npz"
META = ROOT / "models" / "sections.meta.json"
PARAMS = {"ngram_range": (1, 3), "max_features": 20000, "C": 4.0}
HOLDOUT_EVERY = 5   # a report is held out when crc32(source) % 5 == 0


def held_out(source: str) -> bool:
    """Hand-written variants always train; a fixed fifth of the reports is held out."""
    return source != "variants" and zlib.crc32(source.encode()) % HOLDOUT_EVERY == 0


def accuracy(gold: list[str], guess: list[str]) -> float:
    return round(sum(g == p for g, p in zip(gold, guess)) / len(gold), 4) if gold else 0.0


def leave_one_report_out(rows: list[dict]) -> list[tuple[str, str]]:
    """(gold, predicted) for every report heading no rule recognises, each predicted by
    a model trained without its report: the titles the model really decides."""
    out = []
    for source in sorted({r["source"] for r in rows if r["source"] != "variants"}):
        hard = [r for r in rows if r["source"] == source
                and rule_kind(title_key(r["title"])) is None]
        if not hard:
            continue
        rest = [r for r in rows if r["source"] != source]
        model = TextClassifier(**PARAMS).fit([title_key(r["title"]) for r in rest],
                                             [r["kind"] for r in rest])
        out += zip([r["kind"] for r in hard], model.predict([title_key(r["title"]) for r in hard]))
    return out


def no_rule_cross_validation(rows: list[dict], folds: int = 5) -> list[tuple[str, str]]:
    """(gold, predicted) for every example no rule recognises, hand-written variants
    included, in ``folds`` folds (every ``folds``-th such example held out at a time)."""
    hard = [r for r in rows if rule_kind(title_key(r["title"])) is None]
    out = []
    for fold in range(folds):
        test = hard[fold::folds]
        held = {id(r) for r in test}
        rest = [r for r in rows if id(r) not in held]
        model = TextClassifier(**PARAMS).fit([title_key(r["title"]) for r in rest],
                                             [r["kind"] for r in rest])
        out += zip([r["kind"] for r in test], model.predict([title_key(r["title"]) for r in test]))
    return out


def main() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    train = [r for r in rows if not held_out(r["source"])]
    test = [r for r in rows if held_out(r["source"])]
    model = TextClassifier(**PARAMS).fit([title_key(r["title"]) for r in train],
                                         [r["kind"] for r in train])
    gold = [r["kind"] for r in test]
    model_only = model.predict([title_key(r["title"]) for r in test])
    # The full decision as segment makes it: rules first, the model for the rest.
    combined = classify_titles([r["title"] for r in test], model)
    hard = [i for i, r in enumerate(test) if rule_kind(title_key(r["title"])) is None]
    loso = leave_one_report_out(rows)
    cv = no_rule_cross_validation(rows)
    MODEL.parent.mkdir(exist_ok=True)
    TextClassifier(**PARAMS).fit([title_key(r["title"]) for r in rows],
                                 [r["kind"] for r in rows]).save(MODEL)
    meta = {
        "data": str(DATA.relative_to(ROOT)), "examples": len(rows),
        "kinds": dict(sorted(Counter(r["kind"] for r in rows).items())),
        "params": {**PARAMS, "ngram_range": list(PARAMS["ngram_range"])},
        "split": f"by source report, crc32(source) % {HOLDOUT_EVERY} == 0 held out",
        "heldout_examples": len(test),
        "heldout_reports": len({r["source"] for r in test}),
        "heldout_accuracy_model": accuracy(gold, model_only),
        "heldout_accuracy_rules_then_model": accuracy(gold, combined),
        "heldout_no_rule_examples": len(hard),
        "heldout_no_rule_accuracy_model": accuracy([gold[i] for i in hard],
                                                   [model_only[i] for i in hard]),
        "no_rule_reports_leave_one_out_examples": len(loso),
        "no_rule_reports_leave_one_out_accuracy": accuracy([g for g, _ in loso],
                                                           [p for _, p in loso]),
        "no_rule_5fold_examples": len(cv),
        "no_rule_5fold_accuracy": accuracy([g for g, _ in cv], [p for _, p in cv]),
    }
    META.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
