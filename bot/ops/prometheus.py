"""The Prometheus text format (version 0.0.4) for the three kinds of metric gopy keeps:
counters, gauges and histograms, each with a fixed set of label names.

Written here rather than taken from ``prometheus-client``: gopy needs a few dozen lines of
it, one registry per process (two processes are two scrape targets), and no multiprocess
files or global state that tests would have to reset.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

Labels = tuple[str, ...]


class Metric:
    kind = "untyped"

    def __init__(self, name: str, help: str, labels: Sequence[str] = ()) -> None:
        self.name = name
        self.help = help
        self.label_names = tuple(labels)

    def _key(self, values: Sequence[object]) -> Labels:
        if len(values) != len(self.label_names):
            raise ValueError(f"{self.name} takes labels {self.label_names}, got {values!r}")
        return tuple(str(v) for v in values)

    def samples(self) -> Iterator[tuple[str, Labels, Labels, float]]:
        """(sample name, label names, label values, value) for every series."""
        raise NotImplementedError

    def exposition(self) -> str:
        lines = [f"# HELP {self.name} {_escape_help(self.help)}", f"# TYPE {self.name} {self.kind}"]
        for name, names, values, value in self.samples():
            lines.append(f"{name}{_labels(names, values)} {_number(value)}")
        return "\n".join(lines) + "\n"


class Counter(Metric):
    """A count that only goes up while the process lives (Prometheus handles restarts)."""

    kind = "counter"

    def __init__(self, name: str, help: str, labels: Sequence[str] = ()) -> None:
        super().__init__(name, help, labels)
        self._values: dict[Labels, float] = {}

    def inc(self, *labels: object, amount: float = 1.0) -> None:
        key = self._key(labels)
        self._values[key] = self._values.get(key, 0.0) + amount

    def value(self, *labels: object) -> float:
        return self._values.get(self._key(labels), 0.0)

    def samples(self) -> Iterator[tuple[str, Labels, Labels, float]]:
        for key, value in sorted(self._values.items()):
            yield self.name, self.label_names, key, value


class Gauge(Metric):
    """A value read at scrape time; ``replace`` swaps every series at once, so a state
    that has no reports any more disappears instead of keeping its last count."""

    kind = "gauge"

    def __init__(self, name: str, help: str, labels: Sequence[str] = ()) -> None:
        super().__init__(name, help, labels)
        self._values: dict[Labels, float] = {}

    def set(self, value: float, *labels: object) -> None:
        self._values[self._key(labels)] = float(value)

    def replace(self, values: Iterable[tuple[Sequence[object], float]]) -> None:
        self._values = {self._key(labels): float(value) for labels, value in values}

    def samples(self) -> Iterator[tuple[str, Labels, Labels, float]]:
        for key, value in sorted(self._values.items()):
            yield self.name, self.label_names, key, value


class Histogram(Metric):
    """Observations counted into cumulative ``le`` buckets, with their sum and count."""

    kind = "histogram"

    def __init__(
        self, name: str, help: str, labels: Sequence[str] = (), *, buckets: Sequence[float]
    ) -> None:
        super().__init__(name, help, labels)
        self.buckets = tuple(sorted(buckets))
        self._series: dict[Labels, tuple[list[int], list[float]]] = {}

    def observe(self, value: float, *labels: object) -> None:
        counts, total = self._series.setdefault(
            self._key(labels), ([0] * (len(self.buckets) + 1), [0.0])
        )
        counts[bisect_left(self.buckets, value)] += 1  # le is inclusive
        total[0] += value

    def samples(self) -> Iterator[tuple[str, Labels, Labels, float]]:
        names = (*self.label_names, "le")
        for key, (counts, total) in sorted(self._series.items()):
            running = 0
            for bound, count in zip((*self.buckets, math.inf), counts, strict=True):
                running += count
                yield f"{self.name}_bucket", names, (*key, _number(bound)), running
            yield f"{self.name}_sum", self.label_names, key, total[0]
            yield f"{self.name}_count", self.label_names, key, running


def render(metrics: Iterable[Metric]) -> str:
    return "".join(metric.exposition() for metric in metrics)


def _labels(names: Labels, values: Labels) -> str:
    if not names:
        return ""
    pairs = ",".join(f'{n}="{_escape_value(v)}"' for n, v in zip(names, values, strict=True))
    return "{" + pairs + "}"


def _escape_value(value: str) -> str:
    return value.replace("\\", r"\\").replace('"', r"\"").replace("\n", r"\n")


def _escape_help(text: str) -> str:
    return text.replace("\\", r"\\").replace("\n", r"\n")


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    return repr(float(value))
