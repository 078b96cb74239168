"""The spaCy component puts govtext's prose facts on a Doc as spans."""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy", reason="spaCy is an optional extra")
from govtext.facts.spacy import NO_METRIC, SPANS_KEY  # noqa: E402

TEXT = ("全年共收到依申请公开6件,同意公开答复数1个。政务微信、微博分别公开信息136条和1250条。"
        "目前街道政务微博粉丝约2000。无行政复议,无行政诉讼。")


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("zh")
    nlp.add_pipe("govtext_facts")
    return nlp


def test_facts_become_spans_with_the_fact_attached(nlp):
    doc = nlp(TEXT)
    spans = doc.spans[SPANS_KEY]
    assert [s.label_ for s in spans] == ["apply.new", "apply.granted", "proactive.wechat",
                                         "proactive.weibo", NO_METRIC, "review.total",
                                         "litigation.total"]
    first = spans[0]
    assert first.text == "全年共收到依申请公开6件"
    assert (first._.fact.value, first._.fact.column) == (6, "total")
    assert all(s.start_char <= s._.fact.start and s._.fact.end <= s.end_char for s in spans)


def test_empty_doc_has_an_empty_span_group(nlp):
    assert len(nlp("").spans[SPANS_KEY]) == 0


def test_pipe_analysis_declares_what_it_assigns(nlp):
    analysis = nlp.analyze_pipes(pretty=False)
    assert "doc.spans" in analysis["summary"]["govtext_facts"]["assigns"]


def test_core_govtext_does_not_import_spacy():
    import subprocess
    import sys
    code = ("import sys, govtext; from govtext import extract_facts; "
            "extract_facts('收到申请6件'); assert 'spacy' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_works_on_the_jieba_segmenter_too():
    pytest.importorskip("jieba", reason="jieba segmenter not installed")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("govtext_facts")
    doc = nlp("全年共收到依申请公开6件,其中网络申请2件。")
    assert [(s.label_, s._.fact.value) for s in doc.spans[SPANS_KEY]] == [
        ("apply.new", 6), ("apply.channel.online", 2)]
    assert all(s.start_char <= s._.fact.start for s in doc.spans[SPANS_KEY])
