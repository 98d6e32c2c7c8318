"""Find a file's report kind from its header signature (never from its file name)."""

from __future__ import annotations

from dataclasses import dataclass

from kpitool.io.headers import Header, alias_table, normalise, resolve
from kpitool.io.kinds import KIND_SPECS, KindSpec


@dataclass
class Detection:
    spec: KindSpec
    headers: list[Header]
    columns: dict[str, int]  # canonical name -> header index
    window: int | None  # attribution days from the "N Day" prefixes
    header_currency: str | None  # from a "(₹)" suffix


@dataclass
class NearMiss:
    """A header that looks like a report but matches no kind exactly."""

    closest: KindSpec
    missing: list[str]  # Amazon header names the file lacks


def detect(raw_headers: list[str]) -> Detection | NearMiss | None:
    """The kind whose signature the header carries (the most specific one when several do)."""
    headers = [normalise(h) for h in raw_headers]
    # excludes name columns of *other* kinds (a by-date Business Report has a "Date", an SB
    # report "New-to-brand" columns): look them up in every kind's alias table
    present = {
        canon
        for spec in KIND_SPECS
        for h in headers
        if (canon := alias_table(spec.kind).get(h.name)) is not None
    }
    best: tuple[int, KindSpec, dict[str, int]] | None = None
    best_miss: tuple[float, KindSpec, list[str]] | None = None
    for spec in KIND_SPECS:
        found = resolve(spec.kind, headers)
        missing = [name for name in spec.signature if name not in found]
        excluded = [name for name in spec.excludes if name in found or name in present]
        if not missing and not excluded:
            # SB search term = SP search term + New-to-brand: the longer signature wins
            if best is None or len(spec.signature) > best[0]:
                best = (len(spec.signature), spec, found)
            continue
        if not excluded:
            share = (len(spec.signature) - len(missing)) / len(spec.signature)
            if share >= 0.5 and (best_miss is None or share > best_miss[0]):
                best_miss = (share, spec, missing)
    if best is not None:
        return _detection(best[1], headers, best[2])
    if best_miss is None:
        return None
    _, spec, missing = best_miss
    names = {c.name: c.aliases[0] for c in spec.columns}
    return NearMiss(spec, [names[m] for m in missing])


def _detection(spec: KindSpec, headers: list[Header], found: dict[str, int]) -> Detection:
    windows = {h.window for h in headers if h.window is not None}
    window = max(windows) if windows else spec.default_window
    currencies = {h.currency for h in headers if h.currency}
    currency = currencies.pop() if len(currencies) == 1 else None
    return Detection(spec, headers, found, window, currency)
