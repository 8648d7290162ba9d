"""Money: the working days of a stay, the distance between organisations, and lump sums.

- :mod:`~clusterxchange.money.days`: working days, less a host country's public holidays;
- :mod:`~clusterxchange.money.distance`: geodesic distances, and the exact "under the
  limit?" decision;
- :mod:`~clusterxchange.money.pricing`: what the visitor's partnership is paid, and why.

Import from those modules (the package itself re-exports nothing, so that the rule checks,
which need working days and distances, do not load the lump sums).

Layer: beside :mod:`clusterxchange.lifecycle`, above :mod:`clusterxchange.generations`; it
may import those two lower layers and :mod:`clusterxchange.model`, never eligibility or
anything above it.
"""
