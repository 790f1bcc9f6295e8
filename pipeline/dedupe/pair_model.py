"""The learned pair scorer: an L2 logistic regression over pair_features, fitted with numpy alone, and its weights
file (pair_model.json, written by `python -m bench.learn_pairs --write`).

The file says what it was trained on (splits, pairs, threshold, held-out figures) and a hash of the features as
they are computed now on fixed probe pairs (feature_hash): when fingerprint, entity or veto code changes what a
feature reads, the hash changes and tests/test_pair_model.py says the weights must be written again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.dedupe import entities as ent
from pipeline.dedupe import fingerprint as fp
from pipeline.dedupe import pair_features as pf
from pipeline.dedupe import vetoes

WEIGHTS = Path(__file__).with_name("pair_model.json")
FORMAT = 1
# L2 penalty on the standardized weights (not the intercept), per pair: with ~1,500 judged pairs and ~50 features,
# 1.0 keeps a feature that is constant but for a handful of pairs (a veto) from an unbounded weight.
L2 = 1.0
# Newton steps: the penalized log-likelihood is strictly concave, so a fixed count from zero weights converges the
# same way on every machine (16 reach a gradient below 1e-9 on the judged pairs).
NEWTON_STEPS = 16


@dataclass(frozen=True)
class PairModel:
    """Standardization, weights and the threshold on the probability above which a pair is one story."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float

    def score(self, values: dict[str, float]) -> float:
        """The probability that the pair is one story."""
        return float(probability(((pf.vector(values) - self.mean) / self.scale) @ self.weights + self.bias))

    def joins(self, values: dict[str, float]) -> bool:
        """Whether the model joins the pair: no hard veto (pair_features.hard_veto) and a score at the threshold."""
        return not pf.hard_veto(values) and self.score(values) >= self.threshold


def probability(z: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(mean, scale, weights, bias) of an L2 logistic regression on standardized features, by Newton's method.
    A constant feature gets scale 1 (its standardized value is 0, its weight 0)."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-12] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0  # the intercept is free
    beta = np.zeros(z.shape[1])
    for _ in range(NEWTON_STEPS):
        p = probability(z @ beta)
        gradient = z.T @ (p - y) + penalty * beta
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty) + 1e-9 * np.eye(z.shape[1])
        beta -= np.linalg.solve(hessian, gradient)
    return mean, scale, beta[:-1], float(beta[-1])


def scores(model: tuple[np.ndarray, np.ndarray, np.ndarray, float], x: np.ndarray) -> np.ndarray:
    mean, scale, weights, bias = model
    return probability(((x - mean) / scale) @ weights + bias)


def load(path: Path = WEIGHTS) -> PairModel | None:
    """The committed model, or None when there is no weights file (rule 9 is then off)."""
    return _load(str(path))


@lru_cache(maxsize=2)
def _load(path: str) -> PairModel | None:
    if not Path(path).exists():
        return None
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: pair model format {data.get('format')!r}, this newsbridge reads {FORMAT}")
    features = tuple(data["features"])
    if features != pf.FEATURES:
        raise ValueError(f"{path}: trained on other features than pair_features.FEATURES; "
                         "write it again: python -m bench.learn_pairs --write")
    return PairModel(features, np.array(data["mean"]), np.array(data["scale"]), np.array(data["weights"]),
                     float(data["bias"]), float(data["threshold"]))


# Probe pairs (invented, no news text): what feature_hash computes the features of. Each exercises a part of the
# features: figures and rounding, dates, Latin names, a linked entity, moves, a veto, a digest. An instant at 00:00
# UTC+08:00 is a date alone (the last pair: a daily digest), as the index read it before it stored `timed`.
PROBES = (
    (("中际旭创发布2026年半年报", "中际旭创上半年营收152.3亿元，同比增长31.5%，6月30日公告。"),
     ("中际旭创半年报：营收152.3亿元", "公司上半年实现营收152.3亿元，同比增长31.5%。"), 0, 600),
    (("英伟达盘后跌超5%", "英伟达股价盘后下跌5.2%，此前公司发布财报。"),
     ("英伟达发布二季度财报", "英伟达二季度营收467亿美元，好于预期。"), 0, 1800),
    (("Rivian将于明日发布新车", "Rivian将于7月8日举行发布会。"),
     ("Rivian发布新车R3", "Rivian于7月8日举行发布会，推出R3。"), 0, 86400),
    (("隔夜全球要闻一览", "美股三大指数收涨，纳指涨1.2%。"),
     ("纳指收涨1.2%", "美股三大指数收涨，纳指涨1.2%，标普500涨0.8%。"), 1767196800, 1767196800 + 86400),
)
PROBE_NAMES = {"中际旭创": "cn.300308", "英伟达": "us.nvda"}


def feature_hash() -> str:
    """A hash of the feature names and of their values on PROBES: the same exactly when the features are computed
    as they were when the weights were trained."""
    names = ent.EntityNames(PROBE_NAMES)
    digest = hashlib.blake2b(digest_size=8)
    digest.update("\n".join(pf.FEATURES).encode("utf-8"))
    for n, (a, b, published_a, published_b) in enumerate(PROBES):
        sides = [pf.Side(f"probe{n}-{i}", fp.fingerprint(*text), ent.evidence(names, ent.evidence_text(*text)),
                         published or None, timed=not (published and vetoes.date_only(published)))
                 for i, (text, published) in enumerate(((a, published_a), (b, published_b)))]
        values = pf.vector(pf.features(*sides))
        digest.update(np.round(values, 9).astype("<f8").tobytes())
    return digest.hexdigest()
