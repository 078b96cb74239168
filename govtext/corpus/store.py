"""The output folder of a corpus run: Parquet parts per table, and a manifest.

Layout::

    OUT/_manifest.jsonl          one JSON line per finished batch: {"part": "00007-5f2a9c", "sources": [...]}
    OUT/<table>/part-00007-5f2a9c.parquet   batch 7's rows, for each table it has rows in
    OUT/findings/part-cross.parquet         the corpus-wide cross_report findings
    OUT/_run.json                the summary of the last run that completed
    OUT/_lock                    held (flock) while a run writes here

A part is written as ``….parquet.tmp`` and renamed with ``os.replace``, so a reader
never sees half a file.  The manifest is the record of what is finished: a batch counts
once its line is there, and readers read only the parts it names.  A part's name holds
its run's token, so a straggler of a killed run (a Dask task still running) can never
overwrite a part of the run that resumed it; a resumed run deletes every part the
manifest does not name before it redoes those files.
"""
from __future__ import annotations

import fcntl
import os
import secrets
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ..errors import GovtextError
from .schema import SCHEMAS, TABLES, Rows, rows_to_table

MANIFEST = "_manifest.jsonl"
SUMMARY = "_run.json"
LOCK = "_lock"
CROSS_PART = "part-cross.parquet"
#: How long a run waits for the folder's lock (a killed run's workers to exit).
LOCK_WAIT = 10.0


def part_file(part: str) -> str:
    return f"part-{part}.parquet"


def write_parts(out: Path, part: str, rows: Rows) -> dict[str, int]:
    """Write one batch's rows, one part per non-empty table; returns rows per table."""
    written: list[tuple[Path, Path]] = []
    for name in TABLES:
        if rows[name]:
            final = out / name / part_file(part)
            written.append((_write_tmp(rows_to_table(name, rows[name]), final), final))
    for tmp, final in written:
        os.replace(tmp, final)
    return {name: len(rows[name]) for name in TABLES if rows[name]}


def write_table(out: Path, name: str, filename: str, table: pa.Table) -> None:
    """Write one whole part atomically (the cross-report findings)."""
    final = out / name / filename
    os.replace(_write_tmp(table, final), final)


def _write_tmp(table: pa.Table, final: Path) -> Path:
    tmp = final.with_name(final.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    return tmp


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the folder for one run; a second run into it is refused, not interleaved."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise GovtextError(str(out), "another run is writing to this folder") from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


def prepare(out: Path, resume: bool) -> tuple[set[str], "PartNames"]:
    """Make ``out`` ready for a run; returns the finished sources and the namer of new parts.

    A fresh run needs a folder with no previous run.  A resumed run keeps every batch the
    manifest names and deletes the rest: temporary files, parts of batches that never
    reached the manifest, and the cross-report part, which is recomputed at the end.
    """
    if not resume and ((out / MANIFEST).exists() or any(out.glob("*/part-*"))):
        raise GovtextError(str(out), "folder holds a previous run; pass --resume to continue "
                                     "it or choose an empty folder")
    entries = _manifest(out)
    tmp = out / (MANIFEST + ".tmp")  # rewritten whole: a line cut by a kill is dropped
    tmp.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in entries))
    os.replace(tmp, out / MANIFEST)
    keep = {part_file(e["part"]) for e in entries}
    for name in TABLES:
        (out / name).mkdir(exist_ok=True)
        for f in (out / name).iterdir():
            if f.name not in keep:
                f.unlink()
    (out / SUMMARY).unlink(missing_ok=True)
    done = {s for e in entries for s in e["sources"]}
    first = max((int(e["part"].split("-")[0]) for e in entries), default=-1) + 1
    return done, PartNames(first)


class PartNames:
    """Names for this run's batches: a running number and the run's own token."""

    def __init__(self, first: int):
        self.next, self.token = first, secrets.token_hex(3)

    def __call__(self) -> str:
        self.next += 1
        return f"{self.next - 1:05d}-{self.token}"


def _manifest(out: Path) -> list[dict[str, Any]]:
    path = out / MANIFEST
    if not path.exists():
        return []
    entries = []
    for line in path.read_bytes().splitlines():
        try:
            entries.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            continue  # a line cut by a kill: its batch is redone
    return entries


def append_manifest(out: Path, part: str, sources: list[str]) -> None:
    """Record a finished batch, in one write so a kill cannot leave half a line behind."""
    line = orjson.dumps({"part": part, "sources": sources}) + b"\n"
    fd = os.open(out / MANIFEST, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def write_summary(out: Path, summary: dict[str, Any]) -> None:
    tmp = out / (SUMMARY + ".tmp")
    tmp.write_bytes(orjson.dumps(summary, option=orjson.OPT_INDENT_2))
    os.replace(tmp, out / SUMMARY)


_NULLABLE_INTS = {pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype()}


def part_files(out: str | os.PathLike[str], name: str) -> list[str]:
    """The finished parts of one table: those the manifest names, and the cross part."""
    folder = Path(out) / name
    names = sorted({part_file(e["part"]) for e in _manifest(Path(out))} | {CROSS_PART})
    return [str(folder / n) for n in names if (folder / n).exists()]


def read_table(out: str | os.PathLike[str], name: str, columns: list[str] | None = None,
               filter: ds.Expression | None = None) -> pa.Table:
    """All finished parts of one table as one Arrow table (empty, with its schema, when none)."""
    return ds.dataset(part_files(out, name), schema=SCHEMAS[name], format="parquet").to_table(
        columns=columns, filter=filter)


def read_corpus(out: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """The tables of a corpus run as pandas DataFrames, keyed by table name.

    Dictionary columns come back as ``category``, integers as nullable ``Int16``/``Int32``
    (a failed file's ``year`` is ``<NA>``, not a float), ``warnings`` as lists.  A run
    that was stopped reads as the batches it finished.
    """
    if not (Path(out) / MANIFEST).is_file():
        raise GovtextError(str(out), "is not the output folder of a corpus run")
    return {name: read_table(out, name).to_pandas(types_mapper=_NULLABLE_INTS.get)
            for name in TABLES}
