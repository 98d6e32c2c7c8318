"""The engine: from a folder scan and a config to results.

``scan`` reads a folder for a run; ``compute`` runs its phases: ``scope`` (the reports of the
period), ``coverage`` and ``kpi_coverage`` (the days each report, family and KPI covers),
``sources`` (which report feeds each family), ``facts``/``frames``/``profit``/``money`` (the
lazy tables, collected in one pass by ``collect``), ``shape`` (values, statuses, scores) and
``findings`` (warnings). ``compare`` and ``drivers`` explain a change between two runs;
``evaluate`` judges values against targets; ``periods`` is all period arithmetic; ``owners``
and ``dims`` the groups of a breakdown.
"""
