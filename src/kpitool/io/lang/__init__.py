"""Amazon's report headers in the languages other than English, one table per locale.

Each locale module (``de``, ``fr``...) holds ``NAME`` (the language, in English), ``WINDOW_WORDS``
(the word for "day" in its "7 Day " attribution prefix, if any) and ``ALIASES``: for each report
family (``business``, ``ads``, ``inventory``, ``payments``), canonical column name -> that
language's normalised header spellings (see ``io.headers.normalise``). Adding a language is one
module here plus one line in ``LOCALES``; the families in io/kinds/ pick the aliases up.
Headers only go into a table once seen in a real file or several independent code bases
(``../shared/reference/report_formats.md``); never from memory.
"""

from __future__ import annotations

from types import ModuleType

from kpitool.io.lang import de, es, fr, it

LOCALES: dict[str, ModuleType] = {"de": de, "fr": fr, "it": it, "es": es}


def aliases_for(family: str, column: str) -> tuple[str, ...]:
    """Every locale's spellings of one canonical column of one family."""
    out: list[str] = []
    for module in LOCALES.values():
        table: dict[str, dict[str, tuple[str, ...]]] = module.ALIASES
        out.extend(table.get(family, {}).get(column, ()))
    return tuple(out)


def window_words() -> tuple[str, ...]:
    """The words for "day" in attribution prefixes ("7 Tage, ..."), English first."""
    words = ["day"]
    for module in LOCALES.values():
        words.extend(w for w in module.WINDOW_WORDS if w not in words)
    return tuple(words)


def languages_read(family: str) -> list[str]:
    """The languages whose headers kpitool reads for a family (English first)."""
    return ["English"] + [m.NAME for m in LOCALES.values() if m.ALIASES.get(family)]
