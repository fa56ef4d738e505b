"""Category and priority suggested from a complaint's words, for staff to accept or ignore.

The rules are words with weights per category and per raised priority, kept in the categories
file. A complaint's words are matched by lemma (Persian), stem (English) or folded spelling
(finglish), see bot.domain.word_forms. Nothing here changes a complaint: the result is a
Suggestion value that the staff card shows with the words that matched.
"""

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.domain.categories import RAISED_PRIORITIES, Categories, WordWeights
from bot.domain.priority import Priority
from bot.domain.word_forms import ZWNJ, Word, joined, rule_keys, split_words, words

_PRIORITY_ORDER = (Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT)
_FINGLISH_WEIGHT_FOR_ENGLISH = 0.5
"""An English speaker rarely types finglish, and short finglish words collide with English."""


@dataclass(frozen=True, slots=True)
class Term:
    """One rule word or phrase, as the file spells it, compiled to the keys each word needs."""

    text: str
    lang: str
    weight: float
    shapes: tuple[tuple[frozenset[str], ...], ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule term found in the text: the term, the words as the complainant wrote them."""

    term: str
    written: str
    weight: float
    position: int


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything the rules saw in one text: hits per category and per raised priority."""

    categories: Mapping[str, tuple[Hit, ...]]
    priorities: Mapping[str, tuple[Hit, ...]]

    def score(self, key: str) -> float:
        """A category's total weight."""
        return sum(hit.weight for hit in self.categories.get(key, ()))

    def ranked(self) -> list[tuple[str, float]]:
        """Categories with any hit, best first (file order breaks ties)."""
        scored = [(key, self.score(key)) for key in self.categories]
        return sorted((item for item in scored if item[1] > 0), key=lambda item: -item[1])


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What triage proposes; None where it has nothing to say. evidence: the words behind it,
    as written, in the order they appear (category words first, then priority words)."""

    category: str | None
    priority: Priority | None
    evidence: tuple[str, ...]
    category_evidence: tuple[str, ...] = ()
    priority_evidence: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether there is nothing to show staff."""
        return self.category is None and self.priority is None


def _compile_term(text: str, lang: str, weight: float) -> Term:
    """A term's word sequence and, for a phrase, the same words written together
    («بی ادب» and «بی‌ادب» are one rule)."""
    parts = split_words(text)
    shapes = [tuple(rule_keys(part, lang) for part in parts)]
    if len(parts) > 1 and lang != "en":
        shapes.append((rule_keys(ZWNJ.join(parts), lang),))
    return Term(text=text, lang=lang, weight=weight, shapes=tuple(shapes))


def _compile(weights: WordWeights) -> tuple[Term, ...]:
    """All terms of one rule table, every language."""
    return tuple(
        _compile_term(text, lang, weight)
        for lang, pairs in weights.items()
        for text, weight in pairs
        if text.strip()
    )


@dataclass(frozen=True, slots=True)
class _Text:
    """A text's words, and where each key first appears alone or in two words written apart."""

    words: Sequence[Word]
    single: Mapping[str, int]
    paired: Mapping[str, int]

    @classmethod
    def of(cls, text: str) -> "_Text":
        text_words = words(text)
        single: dict[str, int] = {}
        paired: dict[str, int] = {}
        for position, item in enumerate(text_words):
            for key in item.keys:
                single.setdefault(key, position)
        for position in range(len(text_words) - 1):
            for key in joined(text_words[position : position + 2]).keys:
                paired.setdefault(key, position)
        return cls(text_words, single, paired)

    def find(self, shape: tuple[frozenset[str], ...]) -> tuple[int, int] | None:
        """Where a shape's words occur in a row, as (start, end); a one-word shape may also
        match two neighbouring words written apart."""
        if len(shape) == 1:
            alone = [self.single[key] for key in shape[0] if key in self.single]
            if alone:
                return min(alone), min(alone) + 1
            apart = [self.paired[key] for key in shape[0] if key in self.paired]
            return (min(apart), min(apart) + 2) if apart else None
        firsts = sorted(self.single[key] for key in shape[0] if key in self.single)
        for start in firsts:
            run = self.words[start : start + len(shape)]
            if len(run) == len(shape) and all(k & w.keys for k, w in zip(shape, run, strict=True)):
                return start, start + len(shape)
        return None


def _hits(terms: Iterable[Term], text: _Text, language: str) -> tuple[Hit, ...]:
    """Each term found at most once, weighed for the complainant's language; where two terms
    cover the same words («cancelled»/«canceled», «اطلاعات»/«اطلاعات شخصی») only the heavier
    counts, so a word weighs once per table."""
    found = []
    for term in terms:
        for shape in term.shapes:
            span = text.find(shape)
            if span:
                weight = term.weight
                if term.lang == "fa_latin" and language == "en":
                    weight *= _FINGLISH_WEIGHT_FOR_ENGLISH
                found.append((span, Hit(term.text, _written_span(text, span), weight, span[0])))
                break
    kept: list[tuple[tuple[int, int], Hit]] = []
    for span, hit in sorted(found, key=lambda item: (-item[1].weight, item[0][0] - item[0][1])):
        if all(span[1] <= other[0] or other[1] <= span[0] for other, _ in kept):
            kept.append((span, hit))
    return tuple(hit for _, hit in sorted(kept, key=lambda item: item[0]))


def _written_span(text: _Text, span: tuple[int, int]) -> str:
    """The matched words as the complainant wrote them."""
    return " ".join(item.text for item in text.words[span[0] : span[1]])


def _written(hits: Iterable[Hit]) -> tuple[str, ...]:
    """The matched words as written, in text order, each once."""
    ordered = sorted(hits, key=lambda hit: hit.position)
    return tuple(dict.fromkeys(hit.written for hit in ordered))


class Triage:
    """The organisation's triage rules, compiled on first use (the lemmatiser loads then)."""

    def __init__(self, categories: Categories) -> None:
        self._categories = categories
        self._settings = categories.triage

    @functools.cached_property
    def _category_terms(self) -> dict[str, tuple[Term, ...]]:
        return {
            item.key: _compile(item.words)
            for item in self._categories.items
            if item.key != self._settings.catch_all
        }

    @functools.cached_property
    def _priority_terms(self) -> dict[str, tuple[Term, ...]]:
        words_of = self._settings.priority_words
        return {level: _compile(words_of.get(level, {})) for level in RAISED_PRIORITIES}

    def read(self, text: str, language: str) -> Reading:
        """Match every rule against a text."""
        text_words = _Text.of(text)
        return Reading(
            categories={
                key: _hits(terms, text_words, language)
                for key, terms in self._category_terms.items()
            },
            priorities={
                level: _hits(terms, text_words, language)
                for level, terms in self._priority_terms.items()
            },
        )

    def best_category(self, reading: Reading) -> str:
        """The category the words alone point to, or the catch-all when they are not sure."""
        ranked = reading.ranked()
        if ranked and ranked[0][1] >= self._settings.suggest_at:
            return ranked[0][0]
        return self._settings.catch_all

    def _category(self, reading: Reading, picked: str | None) -> str | None:
        """A category worth proposing: for a catch-all pick, the best sure one; otherwise only
        one that beats the pick by the margin."""
        best = self.best_category(reading)
        if best == self._settings.catch_all or best == picked:
            return None
        if picked is None or picked == self._settings.catch_all:
            return best
        if self._categories.get(picked) is None:
            return best
        beats = reading.score(best) >= reading.score(picked) + self._settings.margin
        return best if beats else None

    def _priority(self, reading: Reading) -> Priority | None:
        """urgent when its words weigh enough; high when urgent and high words together do."""
        urgent = sum(hit.weight for hit in reading.priorities.get("urgent", ()))
        high = sum(hit.weight for hit in reading.priorities.get("high", ()))
        if urgent and urgent >= self._settings.urgent_at:
            return Priority.URGENT
        if urgent + high and urgent + high >= self._settings.high_at:
            return Priority.HIGH
        return None

    def suggest(
        self,
        description: str,
        picked_category: str | None,
        language: str,
        current_priority: Priority = Priority.NORMAL,
    ) -> Suggestion:
        """What staff might change: a category when the pick was the catch-all or the words
        contradict it, a priority only when it is above the current one."""
        reading = self.read(description, language)
        category = self._category(reading, picked_category)
        priority = self._priority(reading)
        if priority and _PRIORITY_ORDER.index(priority) <= _PRIORITY_ORDER.index(current_priority):
            priority = None
        category_words = _written(reading.categories[category]) if category else ()
        priority_words = (
            _written(
                hit
                for level in RAISED_PRIORITIES
                for hit in reading.priorities.get(level, ())
                if priority == Priority.HIGH or level == "urgent"
            )
            if priority
            else ()
        )
        return Suggestion(
            category=category,
            priority=priority,
            evidence=tuple(dict.fromkeys(category_words + priority_words)),
            category_evidence=category_words,
            priority_evidence=priority_words,
        )
