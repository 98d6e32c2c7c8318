"""The review pack (``kpitool report``): a :class:`~kpitool.results.review.Review` as one
self-contained HTML page with KPI cards, scorecards, tables and static SVG charts.

The interface is :func:`build_report`: pure (no file or network I/O), so the command line
writes its text where ``--output`` says, atomically, as for every other format.
"""

from __future__ import annotations

from kpitool.results.review import Review


def build_report(review: Review) -> str:
    """The HTML page of ``review``: no script, no external style, font or image."""
    from kpitool.report.page import render_page

    return render_page(review)


__all__ = ["build_report"]
