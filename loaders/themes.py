"""Theme labels: recognising them and repairing the ones the OCR cut short."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from .text import fold, strip_markup


@dataclass(frozen=True)
class ThemeVocabulary:
    """Known labels (from `knowledge/themes.yaml`) plus the labels printed in the document at hand."""

    known: dict[str, str]  # folded → display form
    printed: Counter = field(default_factory=Counter)  # folded → times printed
    printed_display: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_labels(cls, labels: Iterable[str]) -> ThemeVocabulary:
        return cls(known={fold(label): label for label in labels})

    def with_printed(self, labels: Iterable[str]) -> ThemeVocabulary:
        counts: Counter = Counter()
        display: dict[str, str] = {}
        for label in labels:
            key = fold(label)
            counts[key] += 1
            display.setdefault(key, strip_markup(label))
        return ThemeVocabulary(known=self.known, printed=counts, printed_display=display)

    @property
    def _words(self) -> dict[str, str]:
        """Every word of the known labels, folded → as displayed."""
        return {fold(word): word for label in self.known.values() for word in label.split()}

    def _display(self, key: str) -> str:
        return self.printed_display.get(key) or self.known[key]

    def knows(self, text: str) -> bool:
        key = fold(strip_markup(text))
        return key in self.known or key in self.printed or self.repair(text, by_word=False)[1]

    def repair(self, text: str, by_word: bool = True) -> tuple[str, bool]:
        """The label as intended, and whether it had to be repaired; `by_word`: a label nobody printed whole
        is repaired at its last word, from the words of the known labels ("SOCIALE E SANIT" → "… SANITÀ").

        >>> vocabulary = ThemeVocabulary.from_labels(["AMBIENTE", "PRIVACY", "TERRITORIO", "CITTADINANZA ATTIVA"])
        >>> [vocabulary.repair(t)[0] for t in ("AMBIENT", "MBIENTE", "PRIVAC", "TERRITORIC", "CITTADINANZA")]
        ['AMBIENTE', 'AMBIENTE', 'PRIVACY', 'TERRITORIO', 'CITTADINANZA']
        >>> vocabulary.repair("TERRITORIO E AMBIEN")[0]
        'TERRITORIO E AMBIENTE'
        """
        label = strip_markup(text)
        key = fold(label)
        if key in self.known:
            return self._display(key), False
        candidates = [c for c in {*self.known, *self.printed} if c != key and _truncation_of(key, c)]
        if not candidates and by_word and len(words := label.split()) > 1:
            last = fold(words[-1])
            completions = [w for w in self._words if w != last and _truncation_of(last, w) and w.startswith(last)]
            if completions and last not in self._words:
                return " ".join([*words[:-1], self._words[min(completions, key=len)]]), True
        if not candidates:
            return label, False
        # Prefer a label printed in full elsewhere in the document, then the shortest completion.
        best = min(candidates, key=lambda c: (c not in self.printed, len(c)))
        if self.printed.get(key, 0) > self.printed.get(best, 0) and best not in self.known:
            return label, False
        return self._display(best), True

    def trailing_theme(self, title: str) -> str | None:
        """A known label glued to the end of a title line, as printed there."""
        words = title.split()
        for size in range(min(5, len(words) - 2), 0, -1):
            tail = " ".join(words[-size:])
            if fold(tail) in self.known or fold(tail) in self.printed:
                return tail
        return None


def _truncation_of(short: str, full: str) -> bool:
    """True when `short` is `full` with a few letters lost at either end or one letter misread."""
    if len(short) < 4:
        return False
    if full.startswith(short) and full[len(short)].isalpha() and len(full) - len(short) <= 3:
        return True
    if full.endswith(short) and full[-len(short) - 1].isalpha() and len(full) - len(short) <= 3:
        return True
    return len(short) >= 6 and len(short) == len(full) and Levenshtein.distance(short, full) == 1
