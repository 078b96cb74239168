"""Corpus mode: tables that match the per-file pipeline, bad files as error rows, time
limits, resume after a kill, the Dask engine, and the Parquet schemas."""
from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from govtext.cli import app
from govtext.corpus import SCHEMAS, TABLES, read_corpus, run
from govtext.corpus.store import MANIFEST, read_table
from govtext.corpus.worker import FileTimeout, time_limit
from govtext.pipeline import parse_file

ISSUERS = ("青山街道办事处", "白沙镇人民政府", "东湖区教育局")


def tiny_report(issuer: str, year: int, new: int) -> str:
    """A short report in the 2019/2021 section layout, as a small issuer publishes it."""
    return textwrap.dedent(f"""\
        {issuer}{year}年政府信息公开工作年度报告

        一、总体情况
        {year}年，{issuer}认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请{new}件。
        二、主动公开政府信息情况
        全年主动公开政府信息{100 + new}条，其中政策文件{new}条。
        三、收到和处理政府信息公开申请情况
        本年新收政府信息公开申请{new}件，均已按时答复。
        四、政府信息公开行政复议、行政诉讼情况
        无行政复议，无行政诉讼。
        五、存在的主要问题及改进情况
        公开内容不够全面，下一步将加强培训。
        六、其他需要报告的事项
        无。
        """)


def make_corpus(folder: Path, copies: int = 1) -> list[Path]:
    """Tiny reports of three issuers over two years, ``copies`` times under varied names."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for c in range(copies):
        for i, issuer in enumerate(ISSUERS):
            for year in (2020, 2021):
                p = folder / f"c{c:03d}_{i}_{year}.txt"
                p.write_text(tiny_report(issuer, year, i + year - 2019), encoding="utf-8")
                paths.append(p)
    return paths


def sorted_frames(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables in a canonical row order with plain dtypes, for comparing two runs."""
    out = {}
    for name, df in tables.items():
        df = df.astype({c: object for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)})
        if "warnings" in df:
            df = df.assign(warnings=df["warnings"].map(tuple))
        keys = [c for c in ("source", "index", "rule", "column") if c in df]
        out[name] = df.sort_values(keys, ignore_index=True, na_position="first")
    return out


def assert_same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    a, b = sorted_frames(a), sorted_frames(b)
    assert set(a) == set(b) == set(TABLES)
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    make_corpus(tmp_path / "in")
    return tmp_path / "in"


def test_run_writes_what_parse_file_gives(corpus: Path, tmp_path: Path) -> None:
    summary = run([corpus], tmp_path / "out", workers=2, progress=False)
    assert (summary.files, summary.ok, summary.errors) == (6, 6, 0)
    tables = read_corpus(tmp_path / "out")
    reports = tables["reports"].set_index("source")
    assert len(reports) == 6
    for path in sorted(corpus.iterdir()):
        report = parse_file(path)
        row = reports.loc[str(path)]
        assert (row.status, row.format, row.template) == ("ok", "txt", report.template)
        assert (row.year, row.issuer) == (report.year, report.issuer)
        assert (row.n_sections, row.n_cells, row.n_facts, row.n_findings) == (
            len(report.sections), len(report.cells), len(report.facts), len(report.findings))
        sections = tables["sections"].query("source == @path.as_posix()").sort_values("index")
        assert list(sections["kind"].astype(str)) == [s.kind for s in report.sections]
        assert list(sections["start"]) == [s.start for s in report.sections]
        cells = tables["cells"].query("source == @path.as_posix()").sort_values("index")
        assert list(cells["value"]) == [float(c.value) for c in report.cells]
    assert set(reports["issuer"]) == set(ISSUERS)
    assert sorted(reports["year"].unique()) == [2020, 2021]
    assert tables["errors"].empty


def test_real_seeds(seeds: list[Path], tmp_path: Path) -> None:
    for p in seeds:
        shutil.copy(p, tmp_path / p.name)
    summary = run([tmp_path], tmp_path / "out", workers=2, progress=False)
    assert (summary.files, summary.ok) == (len(seeds), len(seeds))
    reports = read_corpus(tmp_path / "out")["reports"]
    assert set(reports["format"].astype(str)) == {"txt"}
    assert reports["year"].notna().all()
    assert "阳明街道办事处" in set(reports["issuer"])


def test_bad_files_become_error_rows(corpus: Path, tmp_path: Path) -> None:
    (corpus / "garbage.txt").write_bytes(random.Random(7).randbytes(4000))
    (corpus / "empty.txt").write_bytes(b"")
    summary = run([corpus, tmp_path / "missing.txt"], tmp_path / "out", workers=2, progress=False)
    assert (summary.files, summary.ok, summary.errors) == (9, 6, 3)
    tables = read_corpus(tmp_path / "out")
    errors = tables["errors"].set_index("source")
    assert set(errors.index) == {str(corpus / "garbage.txt"), str(corpus / "empty.txt"),
                                 str(tmp_path / "missing.txt")}
    assert set(errors["error"].astype(str)) == {"UnreadableInput"}
    assert "empty" in errors.loc[str(corpus / "empty.txt"), "message"]
    failed = tables["reports"].query("status == 'error'")
    assert len(failed) == 3 and failed["year"].isna().all() and (failed["n_cells"] == 0).all()


def test_time_limit_interrupts_a_busy_thread() -> None:
    t0 = time.perf_counter()
    with pytest.raises(FileTimeout):
        with time_limit(0.2):
            while True:
                pass
    assert time.perf_counter() - t0 < 2
    caught: list[BaseException] = []

    def worker() -> None:
        try:
            with time_limit(0.2):
                while True:
                    pass
        except FileTimeout as exc:
            caught.append(exc)
    th = threading.Thread(target=worker)
    th.start()
    th.join(5)
    assert caught and not th.is_alive()
    with time_limit(0.05):
        pass
    time.sleep(0.1)  # a limit that was not reached never fires later


def test_file_over_time_limit_is_an_error_row(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    import govtext.corpus.worker as worker
    (corpus / "slow.txt").write_text(tiny_report("慢县", 2020, 1), encoding="utf-8")

    def parse_or_hang(path, **kw):
        try:
            while Path(path).name == "slow.txt":
                pass
        except Exception:  # a stage's catch-all must not swallow the time limit
            pass
        return parse_file(path, **kw)
    monkeypatch.setattr(worker, "parse_or_error", parse_or_hang)  # forked workers inherit it
    summary = run([corpus], tmp_path / "out", workers=2, timeout=0.5, progress=False)
    assert (summary.ok, summary.errors) == (6, 1)
    errors = read_corpus(tmp_path / "out")["errors"]
    assert list(errors["error"].astype(str)) == ["Timeout"]
    assert errors["source"].iloc[0].endswith("slow.txt")


_KILLABLE = """
import sys, time
import govtext.corpus.worker as worker
from govtext.pipeline import parse_file
def slow(path, **kw):
    time.sleep(0.03)
    return parse_file(path, **kw)
worker.parse_or_error = slow
from govtext.corpus import run
run([sys.argv[1]], sys.argv[2], workers=1, progress=False)
"""


def test_resume_after_kill_gives_the_same_tables(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", copies=16)  # 96 files, 12 batches of 8
    run([tmp_path / "in"], tmp_path / "ref", workers=2, progress=False)
    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-c", _KILLABLE, str(tmp_path / "in"), str(killed)])
    stop_after = random.Random().randint(2, 8)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list((killed / "reports").glob("part-*.parquet"))) >= stop_after:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = len((killed / MANIFEST).read_text().splitlines())
    assert 0 < finished < 12, "the run was not interrupted midway"
    summary = run([tmp_path / "in"], killed, resume=True, workers=2, progress=False)
    assert summary.skipped + summary.files == 96
    assert summary.files < 96
    assert_same_tables(read_corpus(killed), read_corpus(tmp_path / "ref"))


def test_resume_drops_parts_the_manifest_does_not_name(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([corpus], out, workers=1, progress=False)
    reference = read_corpus(out)
    lines = (out / MANIFEST).read_text().splitlines(keepends=True)
    (out / MANIFEST).write_text("".join(lines[:-2]) + lines[-2][:10])  # last two lost, one torn
    (out / "reports" / "part-00099.parquet.tmp").write_bytes(b"half")
    summary = run([corpus], out, resume=True, workers=1, progress=False)
    assert summary.files == 2
    assert not list(out.glob("*/*.tmp"))
    assert_same_tables(read_corpus(out), reference)


def test_dask_engine_writes_the_same_tables(corpus: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    (corpus / "empty.txt").write_bytes(b"")
    run([corpus], tmp_path / "local", workers=2, progress=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        summary = run([corpus], tmp_path / "dask", engine="dask",
                      scheduler=cluster.scheduler_address, progress=False)
    assert (summary.engine, summary.workers, summary.errors) == ("dask", 2, 1)
    assert_same_tables(read_corpus(tmp_path / "dask"), read_corpus(tmp_path / "local"))


def test_parts_follow_the_documented_schemas(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    run([corpus], tmp_path / "out", workers=1, progress=False)
    for name in TABLES:
        for part in (tmp_path / "out" / name).glob("part-*.parquet"):
            assert pq.read_schema(part).remove_metadata().equals(SCHEMAS[name]), part
    tables = read_corpus(tmp_path / "out")
    assert tables["reports"]["status"].dtype == "category"
    assert str(tables["reports"]["year"].dtype) == "Int16"
    assert list(tables["cells"].columns) == SCHEMAS["cells"].names
    # A round trip through Parquet keeps every value: the written parts read back as
    # the rows the pipeline produced.
    again = read_table(tmp_path / "out", "sections").to_pandas()
    assert len(again) == sum(len(parse_file(p).sections) for p in corpus.glob("c*.txt"))


def test_cli_corpus(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["corpus", str(corpus), "--out", str(out), "--workers", "1",
                                      "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "6 file(s) parsed (6 ok, 0 error(s))" in result.output
    again = CliRunner().invoke(app, ["corpus", str(corpus), "--out", str(out), "--no-progress"])
    assert again.exit_code == 1 and "--resume" in again.output
    resumed = CliRunner().invoke(app, ["corpus", str(corpus), "--out", str(out), "--resume",
                                       "--no-progress"])
    assert resumed.exit_code == 0 and "6 already done" in resumed.output
    none = CliRunner().invoke(app, ["corpus", str(tmp_path / "nothing.txt"), "--out",
                                    str(tmp_path / "o2"), "--no-progress"])
    assert none.exit_code == 1


def test_rows_that_break_the_schema_cost_one_file_not_the_batch(corpus: Path, tmp_path: Path,
                                                                monkeypatch) -> None:
    import govtext.corpus.worker as worker

    def odd_year(path, **kw):
        report = parse_file(path, **kw)
        if Path(path).name.startswith("c000_1_"):
            report.year = "twenty twenty"  # a stage bug: the wrong type
        return report
    monkeypatch.setattr(worker, "parse_or_error", odd_year)
    summary = run([corpus], tmp_path / "out", workers=1, progress=False)
    assert (summary.ok, summary.errors) == (4, 2)
    errors = read_corpus(tmp_path / "out")["errors"]
    assert set(errors["error"].astype(str)) == {"SchemaError"}
    assert all("reports row does not fit" in m for m in errors["message"])


def test_a_dead_worker_stops_the_run_with_a_sentence(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    import os
    import govtext.corpus.worker as worker
    from govtext.errors import GovtextError

    def die(path, **kw):
        os._exit(9)  # as if the kernel killed the worker
    monkeypatch.setattr(worker, "parse_or_error", die)
    with pytest.raises(GovtextError, match="--resume"):
        run([corpus], tmp_path / "out", workers=1, progress=False)


@pytest.mark.parametrize("options", [{"engine": "spark"}, {"workers": -1}, {"timeout": 0}])
def test_misuse_is_one_sentence(options: dict, corpus: Path, tmp_path: Path) -> None:
    from govtext.errors import GovtextError
    with pytest.raises(GovtextError):
        run([corpus], tmp_path / "out", progress=False, **options)
