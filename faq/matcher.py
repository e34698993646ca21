"""Find the procedure (or curated answer) a message asks about, fast.

Every procedure name, everyday alias and curated question is a *surface*: a set of folded
syllables and syllable pairs weighted by rarity (IDF). A message's terms pull candidate
surfaces from an inverted index; each candidate is scored by how much of the surface the
message covers and how much of the message the surface explains, then the best few are
re-ranked with rapidfuzz on the folded strings, which forgives the typos normalisation left.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from faq.action import Action, actions
from faq.complaint_signal import is_complaint
from faq.english import to_vietnamese
from faq.intent import Intent, has_procedure_cue, intent_of
from faq.knowledge import KnowledgeBase
from faq.normalize import DATA_DIR, Normalized, fold_word, is_syllable, normalize
from faq.record_index import RecordIndex

Kind = Literal["procedure", "out_of_scope", "complaint"]
Outcome = Literal["answer", "suggest", "none"]

MAX_MATCHES = 3

# Scoring. A surface scores covers_surface^0.5 * covers_query^0.5 (both weighted by IDF):
# long catalogue names are rarely typed whole, so covering the message counts more.
_QUERY_EXPONENT = 0.5
_ALIAS_BONUS = 1.08  # an everyday name written for gopy is a better witness than a long one
_CURATED_FACTOR = 0.85  # a general answer must not beat the procedure someone asks about
_CITIZEN_BONUS = 1.05  # the bot serves citizens: prefer procedures they can file
_CITIZEN = "Công dân Việt Nam"
_QUESTION_BOOST = 1.5  # terms of the last sentence of a longer message
_REPEAT_BOOST = 0.5  # each repetition of a term, up to twice its weight
_UNKNOWN_FACTOR = 0.5  # weight of a word the catalogue never uses, against the rarest
_MIN_EVIDENCE = 3.0  # shared IDF below this (and below the whole surface) is no evidence

# Speed: bounded work per message whatever its length.
_MAX_QUERY_TERMS = 160
_COMMON_SHARE = 0.03  # terms in more owners than this find no candidates, only score them
_CANDIDATES = 150
_RERANK = 12
_ACTION_AGREE = 1.05  # the name does what the message asks: "lost" (cấp lại), "changed" (đổi)
_ACTION_CONFLICT = 0.85  # one says lost, the other changed
_CURATED_LIFT = 0.15  # what the record adds to a procedure, on average, for curated answers
_RECORD_CANDIDATES = 20  # topics the whole-record index adds to the name candidates
_RECORD_SHARE = 0.15  # weight of the whole-record score added to a procedure's score

# Outcomes.
_ANSWER_SCORE = 0.66
_ANSWER_MARGIN = 0.06
_CLEAR_SCORE = 0.5  # far ahead of the rest (by _CLEAR_MARGIN): answer at a modest score
_CLEAR_MARGIN = 0.2
_FOREIGN_ANSWER_SCORE = 0.9  # "đăng ký tài khoản facebook" is about something we do not know
_SUGGEST_SCORE = 0.35
_CUELESS_SCORE = 0.60  # a message with no procedure word needs a match this good


@dataclass(frozen=True, slots=True)
class Match:
    code: str
    name: str
    score: float
    curated: bool = False


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    kind: Kind
    intent: Intent
    outcome: Outcome
    matches: list[Match] = field(default_factory=list)

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


@dataclass(frozen=True, slots=True)
class _Surface:
    owner: str
    curated: bool
    alias: bool
    key: str
    terms: dict[str, float]
    weight: float
    norm: float  # weight ** (1 - _QUERY_EXPONENT), to rank candidates cheaply
    actions: frozenset[Action]


def _blend(covers_surface: float, covers_query: float) -> float:
    """High when the message names the whole surface and the surface explains the message."""
    return covers_surface ** (1 - _QUERY_EXPONENT) * covers_query**_QUERY_EXPONENT


def _terms(tokens: tuple[str, ...]) -> set[str]:
    """Syllables and adjacent syllable pairs: "khai sinh" is worth more than its halves."""
    pairs = {f"{a} {b}" for a, b in itertools.pairwise(tokens)}
    return set(tokens) | pairs


_Located = tuple[str, int, float]  # token, sentence, share of what was typed


def _located_terms(located: list[_Located]) -> Iterator[_Located]:
    """Terms of a message with the sentence each one ends in and its share."""
    for i, (token, sentence, share) in enumerate(located):
        yield token, sentence, share
        if i:
            before, _, share_before = located[i - 1]
            yield f"{before} {token}", sentence, (share + share_before) / 2


class Matcher:
    """Immutable search index over one ``KnowledgeBase``; safe to share between tasks."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._citizen = {p.code for p in kb.topics if _CITIZEN in p.applicants}
        self._titles = {p.code: p.name for p in kb.topics} | {
            a.id: a.questions[0] if a.questions else a.id for a in kb.curated.values()
        }
        texts: list[tuple[str, bool, bool, Normalized]] = []
        for procedure in kb.topics:
            texts.append((procedure.code, False, False, normalize(procedure.name)))
            for alias in procedure.aliases:
                texts.append((procedure.code, False, True, normalize(alias)))
        for answer in kb.curated.values():
            for question in answer.questions:
                texts.append((answer.id, True, True, normalize(question)))
        # Typed without diacritics, "bao" may be the filler of "bao nhiêu" or the "bảo" of
        # "bảo hiểm"; "ban sao", "ma so", "co phan" likewise: a catalogue phrase decides.
        self._phrases = {
            f"{a} {b}"
            for *_, text in texts
            for (a, fa), (b, fb) in itertools.pairwise(zip(text.tokens, text.fillers, strict=True))
            if not (fa and fb)
        }
        raw = [
            (owner, cur, alias, tuple(t for t, *_ in self._content(text)), text)
            for owner, cur, alias, text in texts
        ]

        owners_of: dict[str, set[str]] = defaultdict(set)
        for owner, _, _, tokens, _ in raw:
            for term in _terms(tokens):
                owners_of[term].add(owner)
        total = len({owner for owner, *_ in raw})
        self._idf = {t: math.log(1 + total / len(o)) for t, o in owners_of.items()}
        self._common = {t for t, o in owners_of.items() if len(o) > _COMMON_SHARE * total}
        self._unknown_idf = math.log(1 + total) * _UNKNOWN_FACTOR
        self._vocabulary = sorted({t for t in self._idf if " " not in t})

        self._records = RecordIndex.of(kb.topics, DATA_DIR)
        self._record_of = {code: i for i, code in enumerate(self._records.codes)}
        self._surfaces: list[_Surface] = []
        self._surfaces_of: dict[str, list[int]] = defaultdict(list)
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for owner, curated, alias, tokens, text in raw:
            terms = {t: self._idf[t] for t in _terms(tokens)}
            if not terms:
                continue
            index = len(self._surfaces)
            self._surfaces_of[owner].append(index)
            weight = sum(terms.values())
            self._surfaces.append(
                _Surface(
                    owner,
                    curated,
                    alias,
                    " ".join(tokens),
                    terms,
                    weight,
                    weight ** (1 - _QUERY_EXPONENT),
                    actions(text.text, text.key),
                )
            )
            for term, weight in terms.items():
                self._postings[term].append((index, weight))

    @classmethod
    def from_knowledge(cls, kb: KnowledgeBase) -> Matcher:
        return cls(kb)

    def _content(self, text: Normalized) -> list[_Located]:
        """The topic words (with their sentence): non-fillers, and bare fillers in a phrase."""
        tokens = text.tokens
        kept = []
        for i, (token, filler, bare, sentence, share) in enumerate(
            zip(tokens, text.fillers, text.bare, text.sentences, text.shares, strict=True)
        ):
            if (
                not filler
                or (bare and i > 0 and f"{tokens[i - 1]} {token}" in self._phrases)
                or (bare and i + 1 < len(tokens) and f"{token} {tokens[i + 1]}" in self._phrases)
            ):
                kept.append((token, sentence, share))
        return kept

    def _repair(self, located: list[_Located]) -> list[_Located]:
        """Fix what normalisation could not: one-letter typos and glued syllables."""
        out: list[_Located] = []
        for token, sentence, share in located:
            if token in self._idf or is_syllable(token) or token.isdigit() or len(token) < 3:
                out.append((token, sentence, share))
                continue
            split = next(
                (
                    (fold_word(token[:i]), fold_word(token[i:]))
                    for i in range(2, len(token) - 1)
                    if fold_word(token[:i]) in self._idf and fold_word(token[i:]) in self._idf
                ),
                None,
            )
            if split:
                out += [(part, sentence, share) for part in split]
                continue
            near = process.extractOne(
                token, self._vocabulary, scorer=Levenshtein.distance, score_cutoff=1
            )
            out.append((near[0] if near else token, sentence, share))
        return out

    def _mentions_unknown(self, located: list[_Located]) -> bool:
        """A word that is neither Vietnamese nor in the knowledge base (a brand, a gadget)."""
        return any(
            token.isalpha() and len(token) > 2 and token not in self._idf and not is_syllable(token)
            for token, *_ in located
        )

    def _query_weights(self, located: list[_Located]) -> tuple[dict[str, float], dict[str, float]]:
        """Weight per term, more for the question itself and for what is said twice.

        In a long message the story comes first and the question last ("... thủ tục giải
        thể gồm những bước nào?"), so the last sentence of several counts more. A word that
        only spells out an abbreviation counts for its share ("TNHH" is one word typed).
        Returns the weights for the name index (with its IDF) and, without IDF, for the
        whole-record index (which applies its own).
        """
        last = located[-1][1] if located else 0
        boost: dict[str, float] = {}
        count: dict[str, int] = defaultdict(int)
        for term, sentence, share in _located_terms(located):
            if term in self._postings or term in self._records.idf or " " not in term:
                count[term] += 1
                factor = (_QUESTION_BOOST if last and sentence == last else 1.0) * share
                boost[term] = max(boost.get(term, 0.0), factor)
        plain = {
            term: boost[term] * min(1 + _REPEAT_BOOST * (n - 1), 2.0)
            for term, n in list(count.items())[:_MAX_QUERY_TERMS]
        }
        # a word the knowledge base never uses ("facebook", "iphone") still weighs in the
        # message, so a match on the other words is less sure
        names = {
            term: self._idf.get(term, self._unknown_idf) * weight
            for term, weight in plain.items()
            if term in self._postings or " " not in term
        }
        return names, plain

    def _adjusted(
        self,
        surface: _Surface,
        shared: float,
        covered: float,
        query_weight: float,
        asked: frozenset[Action],
    ) -> float:
        """The blend of coverages, with the bonuses of the kind of surface."""
        if shared < _MIN_EVIDENCE and shared < surface.weight:
            return 0.0
        score = _blend(shared / surface.weight, covered / query_weight)
        if asked and surface.actions:
            if surface.actions <= asked:
                score *= _ACTION_AGREE
            elif not surface.actions & asked:
                score *= _ACTION_CONFLICT
        if surface.curated:
            score *= _CURATED_FACTOR
        elif surface.alias:
            score *= _ALIAS_BONUS
        if surface.owner in self._citizen:
            score *= _CITIZEN_BONUS
        return score

    def _surface_score(
        self, index: int, query: dict[str, float], query_weight: float, asked: frozenset[Action]
    ) -> float:
        surface = self._surfaces[index]
        also = surface.terms.keys() & query.keys()
        shared = sum(surface.terms[t] for t in also)
        return self._adjusted(surface, shared, sum(query[t] for t in also), query_weight, asked)

    def _rank(
        self,
        query: dict[str, float],
        plain: dict[str, float],
        key: str,
        asked: frozenset[Action],
    ) -> list[Match]:
        if not query:
            return []
        query_weight = sum(query.values())
        overlap: dict[int, float] = defaultdict(float)
        covered: dict[int, float] = defaultdict(float)
        common = self._common.intersection(query)
        for term, weight_in_query in query.items():
            if term in self._postings and term not in self._common:
                for index, weight in self._postings[term]:
                    overlap[index] += weight
                    covered[index] += weight_in_query
        candidates = heapq.nlargest(
            _CANDIDATES,
            overlap,
            key=lambda i: overlap[i] / self._surfaces[i].norm,
        )
        lexical: dict[int, float] = {}
        for index in candidates:
            surface = self._surfaces[index]
            also = common & surface.terms.keys()
            shared = overlap[index] + sum(surface.terms[t] for t in also)
            lexical[index] = self._adjusted(
                surface,
                shared,
                covered[index] + sum(query[t] for t in also),
                query_weight,
                asked,
            )
        best_by_owner: dict[str, tuple[float, int]] = {}
        for index in sorted(lexical, key=lexical.__getitem__, reverse=True)[: _RERANK * 3]:
            owner = self._surfaces[index].owner
            if owner not in best_by_owner and lexical[index] > 0:
                best_by_owner[owner] = (lexical[index], index)
        records, ceiling = self._records.scores(plain)
        for doc in heapq.nlargest(_RECORD_CANDIDATES, records, key=records.__getitem__):
            owner = self._records.codes[doc]
            if owner not in best_by_owner:
                best_by_owner[owner] = max(
                    (self._surface_score(i, query, query_weight, asked), i)
                    for i in self._surfaces_of[owner]
                )
        combined: list[tuple[float, int]] = []
        for owner, (score, index) in best_by_owner.items():
            if score <= 0:
                continue  # the record only adds to what a name or alias already supports
            doc = self._record_of.get(owner)
            if doc is not None:
                score += _RECORD_SHARE * records.get(doc, 0.0) / ceiling
            else:  # a curated answer has no catalogue record: its questions stand for it
                score *= 1 + _CURATED_LIFT
            combined.append((score, index))
        ranked: list[tuple[float, int]] = []
        for score, index in sorted(combined, reverse=True)[:_RERANK]:
            surface = self._surfaces[index]
            fuzzy = fuzz.partial_token_set_ratio(surface.key, key) / 100
            ranked.append((0.8 * min(score, 1.0) + 0.2 * fuzzy * min(score * 2, 1.0), index))
        ranked.sort(reverse=True)
        matches = []
        for score, index in ranked[:MAX_MATCHES]:
            surface = self._surfaces[index]
            matches.append(
                Match(surface.owner, self._titles[surface.owner], round(score, 4), surface.curated)
            )
        return matches

    def search(self, text: str) -> SearchResult:
        """Classify and match one message; never raises on any ``str``."""
        vietnamese = to_vietnamese(text)
        normalized = normalize(vietnamese)
        intent = intent_of(normalized)
        located = self._repair(self._content(normalized))
        matches = self._rank(
            *self._query_weights(located),
            " ".join(t for t, *_ in located),
            actions(normalized.text, normalized.key),
        )
        # the recogniser reads what was typed: a translation keeps the procedure words only
        complaint = is_complaint(normalized if vietnamese == text else normalize(text))
        floor = _SUGGEST_SCORE if has_procedure_cue(normalized.key) else _CUELESS_SCORE
        if not matches or matches[0].score < floor:
            kind: Kind = "complaint" if complaint else "out_of_scope"
            return SearchResult(text, kind, intent, "none", [])
        kind = "complaint" if complaint else "procedure"
        return SearchResult(text, kind, intent, self._outcome(matches, located), matches)

    def _outcome(self, matches: list[Match], located: list[_Located]) -> Outcome:
        """Answer when the best match is good and ahead of the rest; otherwise suggest."""
        best = matches[0].score
        margin = best - (matches[1].score if len(matches) > 1 else 0.0)
        confident = (best >= _ANSWER_SCORE and margin >= _ANSWER_MARGIN) or (
            best >= _CLEAR_SCORE and margin >= _CLEAR_MARGIN
        )
        if confident and best < _FOREIGN_ANSWER_SCORE and self._mentions_unknown(located):
            return "suggest"
        return "answer" if confident else "suggest"
