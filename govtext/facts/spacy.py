"""spaCy pipeline component: govtext's prose facts as spans of a ``Doc``.

    import spacy
    import govtext.facts.spacy  # registers the component
    nlp = spacy.blank("zh")
    nlp.add_pipe("govtext_facts")
    doc = nlp("全年共收到依申请公开6件")
    span = doc.spans["govtext_facts"][0]       # label "apply.new"
    span._.fact                                # the govtext Fact (value 6, column total …)

Facts come from :func:`govtext.facts.extract_facts` over ``doc.text``; each becomes a
span through ``doc.char_span(..., alignment_mode="expand")``, so any tokenizer works
(the default character segmenter of ``spacy.blank("zh")``, or jieba).  The span label is
the metric id, or ``figure`` for a figure that fits no id.  Only this module imports
spaCy; the rest of govtext does not need it.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import extract_facts

SPANS_KEY = "govtext_facts"
NO_METRIC = "figure"

if not Span.has_extension("fact"):
    Span.set_extension("fact", default=None)


@Language.component("govtext_facts", assigns=["doc.spans", "span._.fact"])
def govtext_facts(doc: Doc) -> Doc:
    """Put every fact of ``doc.text`` in ``doc.spans["govtext_facts"]``."""
    spans = []
    for fact in extract_facts(doc.text):
        span = doc.char_span(fact.start, fact.end, label=fact.metric or NO_METRIC,
                             alignment_mode="expand")
        if span is None:
            continue
        span._.fact = fact
        spans.append(span)
    doc.spans[SPANS_KEY] = spans
    return doc
