"""What a coordinator reads about a partnership's exchanges: budgets and the report.

- :mod:`~clusterxchange.reports.budgets`: lump sums totalled by partnership, host country
  and status, and the payments due or overdue;
- :mod:`~clusterxchange.reports.coordinator`: the coordinator's report, which puts
  eligibility, money, progress against targets and the plan in one document (written as
  text, Markdown or one self-contained HTML page by private renderers).

Import from those modules; the package itself re-exports nothing.

Layer: above :mod:`clusterxchange.kpi`; it may import kpi, io and every package below them,
never the command line, the examples or the strategies.
"""
