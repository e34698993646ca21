"""Which kind of report a citizen's story tells, when the story comes before the choice.

At the first step of ``/report`` a citizen often writes what happened instead of picking a
kind. The story is kept, and the kind it most likely tells is offered for confirmation.

The kind is read by a learned model, not by the cue expressions alone: those
(``faq/data/report_kind_cues.txt``) recognised the stories they were written from and left
four in ten others without a guess («đòi 500 nghìn mới nhận hồ sơ» says none of them). A
multinomial logistic regression over the complaint recogniser's features
(``faq.complaint_model.features``: character n-grams, syllables and pairs of the folded
message) and, as a few more features, which kinds' cue expressions the story says, gives each
kind a probability; the likeliest is offered when it reaches the model's threshold, ``other``
(no guess: the citizen chooses) otherwise. It is trained by ``faq.report_kind_training``
(``gopy faq train``) and ships as numbers only, like the complaint recogniser; it loads on
the first story (some 70 ms). A few words typed at the choice («chậm», «hách dịch») are too
few for the model and name a kind by the expressions alone (``named_kind``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from faq.complaint_model import feature_value, features, read_model, write_model
from faq.normalize import DATA_DIR, fold_word, normalize
from faq.phrases import Phrases, Words, words_of

OTHER = "other"
MODEL_PATH = DATA_DIR / "report_kind_model.json.gz"
FORMAT = 1


def cue_phrases(expressions: Iterable[str]) -> Phrases:
    """One list of expressions written with diacritics, read folded (bare typing matches too)
    and longest first: where two expressions start at one word, the longer one is read."""
    found = {" ".join(fold_word(word) for word in line.lower().split()) for line in expressions}
    return Phrases(sorted(found, key=len, reverse=True))


def said(cues: Phrases, key: str, words: Words | None = None) -> int:
    """How much of a folded message (``Normalized.key``) a cue list finds: the words of its
    expressions found, counted (``words``: ``words_of(key)``, if known)."""
    return sum(len(cue.split()) for cue in cues.found(key, words))


def _read_cues() -> dict[str, Phrases]:
    sections: dict[str, list[str]] = {}
    cues: list[str] = []
    for line in (DATA_DIR / "report_kind_cues.txt").read_text("utf-8").splitlines():
        if line.startswith("["):
            cues = sections.setdefault(line.strip().strip("[]"), [])
        elif line.strip() and not line.startswith("#"):
            cues.append(line)
    return {kind: cue_phrases(found) for kind, found in sections.items()}


_CUES = _read_cues()
CUED_KINDS = tuple(_CUES)  # the kinds a story can be recognised as; any other is ``other``


def cue_kind(key: str) -> str:
    """The kind whose cue expressions a folded story says most, longer expressions weighing
    more (ties to the kind listed first); ``other`` when it says none. The rule gopy guessed
    by before the model, kept as the model's features and as the benchmark's baseline."""
    words = words_of(key)
    scores = {kind: said(cues, key, words) for kind, cues in _CUES.items()}
    best = max(scores, key=scores.__getitem__, default=OTHER)
    return best if scores.get(best) else OTHER


def kind_features(key: str) -> set[str]:
    """The features of a folded story (``Normalized.key``): the complaint recogniser's,
    ``#said:<kind>`` for each kind whose cue expressions it says, and ``#kind:<kind>`` for the
    kind they say most (``cue_kind``; ``#kind:other`` when none)."""
    words = words_of(key)
    said = {f"#said:{kind}" for kind, cues in _CUES.items() if cues.search(key, words)}
    return features(key) | said | {f"#kind:{cue_kind(key)}"}


@dataclass(frozen=True, slots=True)
class KindModel:
    kinds: tuple[str, ...]  # the classes, ``other`` among them
    weights: dict[str, tuple[float, ...]]  # feature -> a weight per kind
    bias: tuple[float, ...]
    threshold: float  # probability from which the likeliest kind is offered
    corpus_digest: str
    extra_sources: tuple[str, ...] = ()

    def probabilities(self, key: str) -> dict[str, float]:
        """Each kind's probability for a folded story; features are L2-normalised over those
        the model knows, as in training."""
        # sorted: summed in the order of a set, the scores would follow PYTHONHASHSEED
        known = sorted(name for name in kind_features(key) if name in self.weights)
        norm = math.sqrt(sum(feature_value(name) ** 2 for name in known))
        scores = list(self.bias)
        for name in known:
            value = feature_value(name) / norm
            for i, weight in enumerate(self.weights[name]):
                scores[i] += value * weight
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {kind: e / total for kind, e in zip(self.kinds, exps, strict=True)}

    def kind(self, key: str) -> str:
        """The likeliest kind when its probability reaches the threshold, else ``other``."""
        probabilities = self.probabilities(key)
        best = max(self.kinds, key=probabilities.__getitem__)
        return best if probabilities[best] >= self.threshold else OTHER

    def to_json(self) -> dict[str, object]:
        """Kinds, biases and a row of weights per feature (sorted), then where they came from."""
        names = sorted(self.weights)
        rows = [list(self.weights[name]) for name in names]
        model = {"kinds": list(self.kinds), "bias": list(self.bias), "threshold": self.threshold}
        made = {"corpus_digest": self.corpus_digest, "extra_sources": list(self.extra_sources)}
        return {"format": FORMAT, **model, "features": names, "weights": rows, **made}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KindModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"report kind model format {data.get('format')!r}, expected {FORMAT}")
        names, weights, kinds, bias = data["features"], data["weights"], data["kinds"], data["bias"]
        assert isinstance(names, list) and isinstance(weights, list)
        assert isinstance(kinds, list) and isinstance(bias, list)
        return cls(
            tuple(map(str, kinds)),
            {str(n): tuple(map(float, w)) for n, w in zip(names, weights, strict=True)},
            tuple(map(float, bias)),
            float(data["threshold"]),  # type: ignore[arg-type]
            str(data["corpus_digest"]),
            tuple(map(str, data.get("extra_sources") or ())),  # type: ignore[call-overload]
        )

    def save(self, path: Path = MODEL_PATH) -> None:
        write_model(self.to_json(), path)


def load_model(path: Path = MODEL_PATH) -> KindModel:
    return KindModel.from_json(read_model(path))


@cache
def shipped_model() -> KindModel:
    return load_model()


def infer_kind(story: str) -> str:
    """The kind (a ``ReportKind`` value) the story most likely tells; ``other`` when unsure."""
    return shipped_model().kind(normalize(story).key)


def named_kind(words: str) -> str:
    """The kind a few words typed at the choice name («bị đòi tiền», «chậm», «hách dịch»):
    the cue rule, as for the label of an option. Too few words for the model, which reads
    «chậm» alone as often in «phạt chậm nộp» as in a late dossier."""
    return cue_kind(normalize(words).key)
