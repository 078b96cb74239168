"""The JSON-free, pickle-free classifier: numpy prediction equals scikit-learn's."""
from __future__ import annotations

import numpy as np
import pytest

from govtext.errors import ModelError
from govtext.ml import NotFittedError, TextClassifier

TEXTS = ["总体情况", "一、总体情况", "主动公开政府信息情况", "二、主动公开政府信息情况",
         "收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况",
         "存在的主要问题及改进情况", "五、存在的主要问题及改进情况"]
LABELS = ["overview", "overview", "proactive", "proactive", "requests", "requests",
          "problems", "problems"]


def test_predict_matches_sklearn_and_round_trips(tmp_path):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from govtext.ml import features

    model = TextClassifier(C=10.0).fit(TEXTS, LABELS)
    probe = ["四、收到申请情况", "问题及改进", "主动公开", "完全无关的句子"]
    vec = TfidfVectorizer(analyzer=lambda t: features(t, 1, 3), sublinear_tf=True,
                          max_features=20000)
    X = vec.fit_transform(TEXTS)
    ref = LogisticRegression(C=10.0, max_iter=2000).fit(X, LABELS)
    expected = ref.predict_proba(vec.transform(probe))
    np.testing.assert_allclose(model.predict_proba(probe), expected, atol=1e-4)
    assert model.predict(probe)[:3] == ["requests", "problems", "proactive"]

    path = tmp_path / "m.npz"
    model.save(path)
    again = TextClassifier.load(path)
    np.testing.assert_allclose(again.predict_proba(probe), expected, atol=1e-4)


def test_binary_classifier():
    model = TextClassifier().fit(["是标题", "一、总体情况", "这是一段很长的正文内容。", "正文，正文。"],
                                 ["head", "head", "body", "body"])
    proba = model.predict_proba(["二、主动公开"])
    assert proba.shape == (1, 2) and abs(proba.sum() - 1) < 1e-6


def test_unfitted_and_bad_file(tmp_path):
    with pytest.raises(NotFittedError):
        TextClassifier().predict(["x"])
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="bad.npz"):
        TextClassifier.load(bad)


def test_truncated_model_file_is_a_model_error(tmp_path):
    """A cut download of a model: a zip without its directory, not a traceback."""
    path = tmp_path / "m.npz"
    TextClassifier().fit(["二、主动公开", "本年度共收到", "三、依申请", "全年共办理"],
                         ["head", "body", "head", "body"]).save(path)
    cut = tmp_path / "cut.npz"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ModelError, match="cut.npz"):
        TextClassifier.load(cut)
