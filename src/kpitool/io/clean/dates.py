"""Dates and times: raw cell text -> dates and datetimes, as Polars expressions (see the
package's docstring)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import polars as pl

from kpitool.io.clean.numbers import _WHITESPACE, _fast_first, _within

# ---------------------------------------------------------------------------------------------
# Dates and times
# ---------------------------------------------------------------------------------------------

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("jan", "january", "januar", "jän", "jänner", "janvier", "janv", "gennaio", "gen",
        "enero", "ene"),
    2: ("feb", "february", "februar", "février", "fevrier", "févr", "fevr", "fév", "fev",
        "febbraio", "febrero"),
    3: ("mar", "march", "märz", "maerz", "mär", "mrz", "mars", "marzo"),
    4: ("apr", "april", "avril", "avr", "aprile", "abril", "abr"),
    5: ("may", "mai", "maggio", "mag", "mayo"),
    6: ("jun", "june", "juni", "juin", "giugno", "giu", "junio"),
    7: ("jul", "july", "juli", "juillet", "juil", "luglio", "lug", "julio"),
    8: ("aug", "august", "août", "aout", "aoû", "agosto", "ago"),
    9: ("sep", "sept", "september", "septembre", "settembre", "set", "septiembre",
        "setiembre"),
    10: ("oct", "october", "okt", "oktober", "octobre", "ottobre", "ott", "octubre"),
    11: ("nov", "november", "novembre", "noviembre"),
    12: ("dec", "december", "dez", "dezember", "déc", "décembre", "decembre", "dicembre",
         "dic", "diciembre"),
}  # fmt: skip
MONTHS: dict[str, int] = {name: m for m, names in _MONTH_NAMES.items() for name in names}
"""Lower-case month names and abbreviations (EN/DE/FR/IT/ES, no trailing dot) -> 1..12."""

_TZ = (
    "utc|gmt|z|pst|pdt|mst|mdt|cst|cdt|est|edt|akst|akdt|hst|mez|mesz|cet|cest|bst|ist|jst"
    "|aest|aedt|wet|west|eet|eest|uhr"
)


def _ci(word: str) -> str:
    """Regex for ASCII letters in any case, without ``(?i)`` (which slows capture groups)."""
    return re.sub("[a-z]", lambda m: f"[{m[0]}{m[0].upper()}]", word)


# A time-zone name and/or offset after the time: matched, then dropped (not applied).
_ZONE = (
    rf"(?:[+-][0-9]{{2}}(?::?[0-9]{{2}})?|(?:{_ci(_TZ)})(?:\s*[+-][0-9]{{1,2}}(?::?[0-9]{{2}})?)?)"
)
_TIME = (
    rf"(?:(?:{_ci('t')}|,?\s+)(?P<H>[0-9]{{1,2}}):(?P<M>[0-9]{{2}})"
    r"(?::(?P<S>[0-9]{2})(?:[.,][0-9]+)?)?"
    rf"(?:\s*(?:(?P<am>[aA])|(?P<pm>[pP]))\.?\s*[mM]\.?)?(?:\s*{_ZONE})?)?"
)
# Only the letters of MONTHS can spell a month: a narrow class keeps the regexes fast.
_LETTERS = "".join(MONTHS)
_MONTH_WORD = "[" + "".join(sorted(set(_LETTERS + _LETTERS.upper()))) + "]+"


@functools.cache
def _date_re(day_first: bool) -> str:
    """Every accepted date (and time) layout as one anchored regex (letters in any case); each
    alternative names its own groups (y1, m1, d1, ...), the time groups are shared."""
    a, b = ("d3", "m3") if day_first else ("m3", "d3")
    return (
        r"^\s*(?:"
        r"(?P<y1>[0-9]{4})[-/.](?P<m1>[0-9]{1,2})[-/.](?P<d1>[0-9]{1,2})"  # 2019-12-11
        r"|(?P<d2>[0-9]{1,2})\.(?P<m2>[0-9]{1,2})[/.-](?P<y2>[0-9]{4})"  # 01.12.2019: day first
        rf"|(?P<{a}>[0-9]{{1,2}})[/-](?P<{b}>[0-9]{{1,2}})[/.-](?P<y3>[0-9]{{4}})"  # 11/10/2019
        # Nov 16, 2019
        rf"|(?P<n4>{_MONTH_WORD})\.?\s*(?P<d4>[0-9]{{1,2}})\.?,?\s*(?P<y4>[0-9]{{4}})"
        # 1 déc. 2019, 1. März 2019, 1 de diciembre de 2019
        rf"|(?P<d5>[0-9]{{1,2}})(?:\.|{_ci('er')})?[\s-]*(?:{_ci('de')}\s+)?(?P<n5>{_MONTH_WORD})"
        rf"\.?[\s,-]*(?:{_ci('de')}\s+)?(?P<y5>[0-9]{{4}})"
        rf"){_TIME}\s*$"
    )


def _int(e: pl.Expr) -> pl.Expr:
    return e.cast(pl.Int32, strict=False)


def _general(e: pl.Expr, day_first: bool, dtype: pl.DataType) -> pl.Expr:
    """Any layout of ``_date_re``: one ``extract_groups``, then integer checks.

    The parts are computed inside the struct (``with_fields``), so the regex runs once.
    """
    f = pl.field

    def first(*names: str) -> pl.Expr:  # one alternative matched: one of its groups is set
        return pl.coalesce([f(n) for n in names])

    name = first("n4", "n5").str.to_lowercase()
    hour = _int(f("H")).fill_null(0)  # no time: midnight
    am, pm = f("am").is_not_null(), f("pm").is_not_null()
    parts = e.str.extract_groups(_date_re(day_first)).struct.with_fields(
        y=_int(first("y1", "y2", "y3", "y4", "y5")),
        m=pl.coalesce(
            _int(first("m1", "m2", "m3")),
            name.replace_strict(MONTHS, default=None, return_dtype=pl.Int32),
        ),
        d=_int(first("d1", "d2", "d3", "d4", "d5")),
        h=pl.when(~am & ~pm)
        .then(hour)
        .when(hour.is_between(1, 12))  # 12-hour clock: 12 AM is 0 h, 12 PM is 12 h
        .then(hour % 12 + pl.when(pm).then(12).otherwise(0)),
        mi=_int(f("M")).fill_null(0),
        s=_int(f("S")).fill_null(0),
    )
    y, m, d, h, mi, s = (f(c) for c in ("y", "m", "d", "h", "mi", "s"))
    leap = ((y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))).cast(pl.Int32)
    days_in_month = pl.when(m == 2).then(28 + leap).otherwise(30 + (m + m // 8) % 2)
    ok = (
        m.is_between(1, 12)
        & d.is_between(1, days_in_month)
        & h.is_between(0, 23)
        & mi.is_between(0, 59)
        & s.is_between(0, 59)  # no leap seconds
    )
    y_ok = pl.when(ok).then(y)  # pl.date / pl.datetime raise on impossible components
    if dtype == pl.Date:
        out = pl.date(y_ok, m, d)
    else:
        out = pl.datetime(y_ok, m, d, h, mi, s, time_unit="us")
    return parts.struct.with_fields(_out=out).struct.field("_out")


_DIRECTIVES: dict[str, str] = {
    "%Y": "[0-9]{4}",
    "%m": "[0-9]{1,2}",
    "%d": "[0-9]{1,2}",
    "%B": "[A-Za-z]+",  # an English month name or its abbreviation (chrono checks it)
    "%H": "[0-9]{1,2}",
    "%I": "[0-9]{1,2}",
    "%M": "[0-5][0-9]",
    "%S": "[0-5][0-9]",  # no leap second (chrono would roll 60 over into the next minute)
    "%p": "[AaPp][Mm]",
}


def _format_re(fmt: str) -> str:
    """The text ``fmt`` reads, as a regex: each number has its usual digits (chrono alone would
    take ``19`` for ``%Y``, or a sign or spaces before a number); a space means any spaces."""
    pieces = []
    for token in re.split(r"(%.| )", fmt):
        if token in _DIRECTIVES:
            pieces.append(_DIRECTIVES[token])
        elif token == " ":
            pieces.append(r"\s+")
        elif token.startswith("%"):
            raise ValueError(f"date format {fmt!r}: unsupported directive {token}")
        elif token:
            pieces.append(re.escape(token))
    return "".join(pieces)


def _with_format(e: pl.Expr, fmt: str, dtype: pl.DataType) -> pl.Expr:
    """The fast path for one format: one match checks the cell, one ``strptime`` reads it
    (for a date without a time, ``strptime`` first, see ``_fast_first``)."""
    if not _timed(fmt):
        # cheaper still, a strptime alone: it also takes "1/ 5/2026" or "Oct 1,2026" (to the
        # dates they show), and a two-digit year, which is sent to the regex (and rejected)
        return _fast_first(
            e,
            pl.field("raw").str.strptime(pl.Date, fmt, strict=False),
            lambda rest: _fitting(rest, fmt).str.strptime(pl.Date, fmt, strict=False),
            keep=lambda x: x.dt.year().is_between(1000, 9999),
        ).cast(dtype)
    text = _fitting(e, fmt)
    parsed = text.str.replace(rf"\s*{_ZONE}$", "").str.strptime(
        pl.Datetime("us"), fmt, strict=False
    )
    return parsed.dt.date() if dtype == pl.Date else parsed


def _timed(fmt: str) -> bool:
    return "%H" in fmt or "%I" in fmt  # after a time, a zone may follow: dropped


def _fitting_re(fmt: str) -> str:
    """A whole cell in ``fmt`` (each directive's digits; after a time, maybe a zone)."""
    zone = rf"(?:\s*{_ZONE})?" if _timed(fmt) else ""
    return rf"^\s*{_format_re(fmt)}{zone}\s*$"


def _fitting(e: pl.Expr, fmt: str) -> pl.Expr:
    """The cells that fit ``fmt`` exactly, stripped; the others null."""
    ok = e.str.contains(_fitting_re(fmt))
    return pl.when(ok).then(e.str.strip_chars(_WHITESPACE))


def _dates(
    e: pl.Expr, day_first: bool, formats: Sequence[str] | None, dtype: pl.DataType
) -> pl.Expr:
    if formats is None:
        parsed = _general(e, day_first, dtype)
    elif not formats:
        raise ValueError("formats: give at least one date format, or None")
    else:
        parsed = pl.coalesce([_with_format(e, fmt, dtype) for fmt in formats])
    return in_date_range(parsed).name.keep()


#: dates outside these years are bad cells (year 0000, 12/31/9999): no report holds them,
#: and Python's dates end at 9999
MIN_YEAR, MAX_YEAR = 1900, 2199


def in_date_range(parsed: pl.Expr) -> pl.Expr:
    """``parsed`` (a Date or Datetime), null where its year is out of range."""
    return _within(parsed, lambda d: d.dt.year().is_between(MIN_YEAR, MAX_YEAR))


def to_datetime(
    e: pl.Expr, *, day_first: bool = False, formats: Sequence[str] | None = None
) -> pl.Expr:
    """Parse a date-time as naive wall-clock time as written (Datetime("us")).

    Formats: ``Dec 1, 2019 2:29:33 AM PST`` (also ``p.m.``), ``November 16, 2019``,
    ``11/10/2019`` (month first unless ``day_first``), ``2019-12-11``,
    ``2019-12-11T08:00:00+00:00``, ``2019-12-11 08:00:00 UTC``, ``01.12.2019 14:29:33 MEZ``
    (dots: always day first), ``1 déc. 2019``, ``Dez. 1, 2019``, ``1 de diciembre de 2019``.
    Time-zone names and offsets are dropped, not applied. No time means midnight.

    ``formats`` (strptime formats such as ``"%B %d, %Y %I:%M:%S %p"``, e.g. found by
    ``detect_date_format``) tries only those, which is several times faster; a cell that fits
    none is null (and ``invalid``). Directives: ``%Y`` (4 digits), ``%m %d %H %I`` (1 or 2),
    ``%M %S`` (2), ``%B`` (English month name or abbreviation), ``%p`` (AM/PM); a space stands
    for any run of spaces. As in the general parser, surrounding spaces and a time-zone name or
    offset after the time are dropped. ``day_first`` is then unused.
    """
    return _dates(e, day_first, formats, pl.Datetime("us"))


def to_date(
    e: pl.Expr, *, day_first: bool = False, formats: Sequence[str] | None = None
) -> pl.Expr:
    """Parse a date (pl.Date), as written; any time part is validated then dropped.

    Accepts every format of ``to_datetime``, and its ``formats`` option.
    """
    return _dates(e, day_first, formats, pl.Date())


DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%B %d, %Y",
    "%d %B %Y",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%B %d, %Y %I:%M:%S %p",
    "%B %d, %Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%d/%m/%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
)
"""The formats ``detect_date_format`` tries, in order."""


def detect_date_format(
    values: Iterable[str | None], *, datetime: bool, day_first: bool = False
) -> str | None:
    """The first of ``DATE_FORMATS`` that reads a sample of raw date cells exactly as the
    general parser does (``to_datetime`` if ``datetime``, else ``to_date``, with ``day_first``):
    every value it parses, to the same result. None when no format fits, or the sample holds
    no date at all. Time-zone names/offsets after a time do not matter (both drop them).

    The first format that fits one of the first values is tried first (a Polars pass for it
    alone: one for all 17 costs ~8 ms more, whatever the sample's size), then all of them.
    """
    # each distinct value once (a month's report repeats ~31 dates): ~2 ms less per column
    texts = list(dict.fromkeys(v for v in values if v is not None))
    if not texts:
        return None
    head = texts[:_DETECT_HEAD]
    likely = next((f for f in DATE_FORMATS if any(map(_fitting_compiled(f).match, head))), None)
    for fmts in ([likely] if likely else [], DATE_FORMATS):
        found = _first_reading_like_general(texts, fmts, datetime, day_first)
        if found is not None:
            return found
    return None


_DETECT_HEAD = 50


@functools.cache
def _fitting_compiled(fmt: str) -> re.Pattern[str]:
    return re.compile(_fitting_re(fmt))


def _first_reading_like_general(
    texts: list[str], fmts: Sequence[str], datetime: bool, day_first: bool
) -> str | None:
    if not fmts:
        return None
    cleaner = to_datetime if datetime else to_date
    raw = pl.col("v")
    out = pl.DataFrame({"v": texts}, schema={"v": pl.String}).select(
        cleaner(raw, day_first=day_first).alias("general"),
        *[cleaner(raw, formats=[fmt]).alias(fmt) for fmt in fmts],
    )
    general = out["general"]
    if general.null_count() == len(general):
        return None
    return next((f for f in fmts if out[f].equals(general, check_names=False)), None)
