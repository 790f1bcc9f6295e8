"""bench/model_marks.py: a weights file trained before features were appended reads as a model over today's
features that scores every pair as it did; a file whose features were renamed or reordered is refused. Invented
vectors; no ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bench import model_marks
from pipeline.dedupe import pair_features as pf
from pipeline.dedupe import pair_model as pm

TRAINED = len(pf.FEATURES) - 2  # a file from before two features were appended


def _weights_file(tmp_path: Path, features: tuple[str, ...]) -> Path:
    n = len(features)
    data = {"features": list(features), "mean": [0.5] * n, "scale": [2.0] * n,
            "weights": [0.1 * (k % 7) - 0.3 for k in range(n)], "bias": -1.25, "threshold": 0.9}
    path = tmp_path / "before.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_older_file_scores_as_it_did(tmp_path: Path) -> None:
    path = _weights_file(tmp_path, pf.FEATURES[:TRAINED])
    model = model_marks.padded(path)
    assert model.features == pf.FEATURES and model.threshold == 0.9
    values = {name: float(k % 5) for k, name in enumerate(pf.FEATURES)}
    data = json.loads(path.read_text(encoding="utf-8"))
    x = pf.vector(values)[:TRAINED]
    expected = pm.probability(((x - np.array(data["mean"])) / np.array(data["scale"])) @ np.array(data["weights"])
                              + data["bias"])
    assert model.score(values) == pytest.approx(float(expected))
    # the appended features weigh nothing, whatever they read
    assert model.score({**values, pf.FEATURES[-1]: 1e6}) == pytest.approx(model.score(values))


def test_reordered_features_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="prefix"):
        model_marks.padded(_weights_file(tmp_path, tuple(reversed(pf.FEATURES))))
