"""The plan: the fewest further exchanges that meet every target at once, and their budget."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import attrs

from clusterxchange.kpi._mapping import FrozenMap
from clusterxchange.kpi._render import kind_name
from clusterxchange.kpi._targets import (
    EXCHANGES,
    OUTSIDE_PARTNERSHIP,
    Targets,
    kind_kpi,
)
from clusterxchange.model import Generation, OrganisationKind, Relation
from clusterxchange.model.errors import InvalidValueError

if TYPE_CHECKING:
    from clusterxchange.kpi._report import KpiReport

__all__ = ["VISITOR_KINDS_BOUND", "Plan", "PlanBudget", "PlanItem", "plan"]

#: The name, in :attr:`Plan.binding`, of the bound set by the per-kind targets together.
VISITOR_KINDS_BOUND = "visitor_kinds"

_CENT = Decimal("0.01")


def _to_kind(value: OrganisationKind | str | None) -> OrganisationKind | None:
    try:
        return None if value is None else OrganisationKind(value)
    except ValueError:
        raise InvalidValueError(f"kind: expected an organisation kind, got {value!r:.80}") from None


def _to_relation(value: Relation | str | None) -> Relation | None:
    try:
        return None if value is None else Relation(value)
    except ValueError:
        raise InvalidValueError(
            f"relation: expected inside or outside, got {value!r:.80}"
        ) from None


@attrs.frozen(kw_only=True)
class PlanItem:
    """So many further exchanges of one visitor kind, inside or outside the partnership.

    Attributes:
        kind: The visitor kind, or ``None`` for any kind.
        relation: ``outside`` when the visitor must come from outside the partnership,
            ``None`` when inside or outside will do.
        count: How many.

    >>> PlanItem(kind="sme", relation="outside", count=8).describe()
    '8 exchanges with SME visitors from outside the partnership'
    """

    kind: OrganisationKind | None = attrs.field(converter=_to_kind)
    relation: Relation | None = attrs.field(converter=_to_relation)
    count: int

    def describe(self, locale: str = "en") -> str:
        """Return the item in words, written for *locale*.

        >>> PlanItem(kind=None, relation=None, count=1).describe("de")
        '1 Austausch mit Besuchern beliebiger Art, innerhalb oder außerhalb der Partnerschaft'
        """
        from clusterxchange.model.formatting import format_number
        from clusterxchange.model.translations import translation

        t = translation(locale)
        outside = self.relation is Relation.OUTSIDE
        n = self.count
        if self.kind is None and outside:
            text = t.ngettext(
                "{count} exchange with visitors of any kind from outside the partnership",
                "{count} exchanges with visitors of any kind from outside the partnership",
                n,
            )
        elif self.kind is None:
            text = t.ngettext(
                "{count} exchange of any visitor kind, inside or outside the partnership",
                "{count} exchanges of any visitor kind, inside or outside the partnership",
                n,
            )
        elif outside:
            text = t.ngettext(
                "{count} exchange with {kind} visitors from outside the partnership",
                "{count} exchanges with {kind} visitors from outside the partnership",
                n,
            )
        else:
            text = t.ngettext(
                "{count} exchange with {kind} visitors", "{count} exchanges with {kind} visitors", n
            )
        kind = "" if self.kind is None else kind_name(self.kind, locale)
        return text.format(count=format_number(n, locale), kind=kind)


@attrs.frozen(kw_only=True)
class PlanBudget:
    """The lump sums the plan's exchanges imply, over the host countries expected.

    Attributes:
        currency: ISO 4217 code of the amounts.
        generation: The id of the generation whose ceilings were used.
        host_countries: The host countries expected (canonical codes), as given.
        per_exchange: The full lump sum of one exchange per host country.
        minimum: Every exchange hosted in the cheapest of the countries.
        expected: Each country equally likely (as often as it is listed).
        maximum: Every exchange hosted in the dearest of the countries.
        assumption: What the amounts assume, in words.
        working_days: The working days each exchange is assumed to last.
        distance_km: The distance each exchange is assumed to cover (at least).
    """

    currency: str
    generation: str
    host_countries: tuple[str, ...]
    per_exchange: FrozenMap[str, Decimal]
    minimum: Decimal
    expected: Decimal
    maximum: Decimal
    assumption: str
    working_days: int = 0
    distance_km: Decimal = Decimal(0)

    def assumption_text(self, locale: str = "en") -> str:
        """Return :attr:`assumption` written for *locale* (its words and numbers).

        >>> b = plan(Targets(exchanges=1), host_countries=["BE"], generation="cxc2").budget
        >>> b.assumption_text() == b.assumption, b.assumption_text("nl")[:32]
        (True, 'fysieke uitwisselingen van ten m')
        """
        from clusterxchange.model.formatting import format_number
        from clusterxchange.model.translations import translation

        return (
            translation(locale)
            .gettext(
                "physical exchanges of at least {days} working days between organisations at "
                "least {km} km apart (no reduction), at each host country's ceiling in "
                "generation {generation}"
            )
            .format(
                days=format_number(self.working_days, locale),
                km=format_number(self.distance_km, locale),
                generation=self.generation,
            )
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the budget with amounts as text (``"1660.00"``)."""
        return {
            "currency": self.currency,
            "generation": self.generation,
            "host_countries": list(self.host_countries),
            "per_exchange": {c: f"{a:.2f}" for c, a in self.per_exchange.items()},
            "minimum": f"{self.minimum:.2f}",
            "expected": f"{self.expected:.2f}",
            "maximum": f"{self.maximum:.2f}",
            "assumption": self.assumption,
        }


@attrs.frozen(kw_only=True)
class Plan:
    """The fewest further completed exchanges that meet every target at once.

    Attributes:
        exchanges: How many further completed exchanges are needed.
        items: What they are: per visitor kind, and which must come from outside.
        remaining: The further completed exchanges each KPI with a target still needs.
        binding: The bounds that set :attr:`exchanges`: ``exchanges``,
            ``outside_partnership`` and/or ``visitor_kinds`` (the per-kind targets together).
        budget: The lump sums implied, when host countries and a generation were given.
    """

    exchanges: int
    items: tuple[PlanItem, ...]
    remaining: FrozenMap[str, int]
    binding: tuple[str, ...]
    budget: PlanBudget | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the plan as JSON-ready data."""
        return {
            "exchanges": self.exchanges,
            "items": [
                {
                    "kind": None if i.kind is None else i.kind.value,
                    "relation": None if i.relation is None else i.relation.value,
                    "count": i.count,
                }
                for i in self.items
            ],
            "remaining": dict(self.remaining),
            "binding": list(self.binding),
            "budget": None if self.budget is None else self.budget.as_dict(),
        }

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, locale: str = "en") -> str:
        """Return the plan in words, its money and numbers written for *locale*.

        >>> print(plan(Targets(exchanges=3), host_countries=["DK"], generation="cxc2")
        ...       .to_text("de"))  # doctest: +NORMALIZE_WHITESPACE
        3 weitere abgeschlossene Austausche erfüllen alle Ziele: 3 Austausche mit Besuchern
        beliebiger Art, innerhalb oder außerhalb der Partnerschaft. Budget: erwartet
        3.300,00 € (3.300,00 € bis 3.300,00 €), unter der Annahme physischer Austausche
        von mindestens 5 Arbeitstagen zwischen Organisationen, die mindestens 200 km
        voneinander entfernt sind (keine Kürzung), zur Obergrenze jedes Gastlandes in der
        Generation cxc2.
        """
        from clusterxchange.model.formatting import format_money, format_number
        from clusterxchange.model.translations import translation

        t = translation(locale)
        if not self.exchanges:
            return t.gettext("Every target is met: no further exchange is needed.")
        items = "; ".join(item.describe(locale) for item in self.items)
        text = t.ngettext(
            "{count} further completed exchange meets every target: {items}.",
            "{count} further completed exchanges meet every target: {items}.",
            self.exchanges,
        ).format(count=format_number(self.exchanges, locale), items=items)
        b = self.budget
        if b is not None:

            def money(amount: Decimal) -> str:
                return format_money(amount, b.currency, locale)

            text += " " + t.gettext(
                "Budget {expected} expected ({minimum} to {maximum}), assuming {assumption}."
            ).format(
                expected=money(b.expected),
                minimum=money(b.minimum),
                maximum=money(b.maximum),
                assumption=b.assumption_text(locale),
            )
        return text


def plan(
    source: KpiReport | Targets,
    *,
    count_pending: bool = False,
    host_countries: Iterable[str] | None = None,
    generation: Generation | str | None = None,
) -> Plan:
    """Return the fewest further exchanges that meet every target of *source* at once.

    One exchange has one visitor kind and is inside or outside the partnership, and always
    counts for ``exchanges``; so an SME from outside counts for the total, for SMEs and for
    outside at once. With ``R`` the completed exchanges still needed for the total, ``O`` for
    outside and ``R_k`` for kind ``k`` (``S`` = the sum of the ``R_k``), the fewest is::

        N = max(R, O, S)

    *Lower bound.* Any set of further exchanges that meets every target has at least ``R``
    exchanges (each counts once for the total), at least ``O`` (each counts at most once for
    outside), and at least ``S``: an exchange has exactly one visitor kind, so it counts for at
    most one of the per-kind targets, whose needs add up. *Attained.* The plan takes ``R_k``
    exchanges of each kind ``k`` (``S`` in all), makes ``min(O, S)`` of them outside (outside
    slots go to kinds that need exchanges anyway, largest need first), adds ``O - S`` outside
    exchanges of any kind when ``O > S``, which makes ``max(O, S)``, and tops up with
    ``R - max(O, S)`` exchanges of any kind when ``R`` is larger: ``max(R, O, S)`` exchanges
    that meet every target. Being a lower bound that is reached, it is the minimum. The tests
    check both halves against a brute-force search over small cases.

    Args:
        source: A :class:`KpiReport` with targets (the remaining exchanges per KPI), or the
            :class:`Targets` alone (nothing reached yet).
        count_pending: Count the pending exchanges as if completed (their final reports will
            come), so the plan covers only what is not under way.
        host_countries: The host countries expected for the further exchanges, to price them.
        generation: The generation whose ceilings price them (needed with *host_countries*).

    Raises:
        InvalidValueError: *source* has no targets, or *host_countries* is given without a
            generation, or is empty.
        NoCeilingError: No ceiling is known for one of the host countries.

    >>> targets = Targets(exchanges=30, outside_partnership=10,
    ...                   visitor_kind={"sme": 12, "cluster_organisation": 4})
    >>> p = plan(targets, host_countries=["BE", "DK"], generation="cxc2")
    >>> p.exchanges, p.binding
    (30, ('exchanges',))
    >>> [item.describe() for item in p.items]  # doctest: +NORMALIZE_WHITESPACE
    ['10 exchanges with SME visitors from outside the partnership', '2 exchanges with SME visitors',
     '4 exchanges with cluster organisation visitors',
     '14 exchanges of any visitor kind, inside or outside the partnership']
    >>> p.budget.minimum, p.budget.expected, p.budget.maximum
    (Decimal('24900.00'), Decimal('28950.00'), Decimal('33000.00'))
    """
    remaining = _remaining(source, count_pending)
    total = remaining.get(EXCHANGES, 0)
    outside = remaining.get(OUTSIDE_PARTNERSHIP, 0)
    kinds = {k: remaining[kind_kpi(k)] for k in OrganisationKind if kind_kpi(k) in remaining}
    per_kind = sum(kinds.values())
    needed = max(total, outside, per_kind)
    bounds = ((EXCHANGES, total), (OUTSIDE_PARTNERSHIP, outside), (VISITOR_KINDS_BOUND, per_kind))
    binding = tuple(name for name, bound in bounds if needed and bound == needed)
    items: list[PlanItem] = []
    left = outside
    order = sorted(kinds, key=lambda k: (-kinds[k], list(OrganisationKind).index(k)))
    for kind in order:
        out = min(kinds[kind], left)
        left -= out
        if out:
            items.append(PlanItem(kind=kind, relation=Relation.OUTSIDE, count=out))
        if kinds[kind] - out:
            items.append(PlanItem(kind=kind, relation=None, count=kinds[kind] - out))
    if left:
        items.append(PlanItem(kind=None, relation=Relation.OUTSIDE, count=left))
    top_up = needed - per_kind - left
    if top_up > 0:
        items.append(PlanItem(kind=None, relation=None, count=top_up))
    budget = None
    if host_countries is not None or generation is not None:
        budget = _budget(needed, host_countries, generation)
    return Plan(
        exchanges=needed,
        items=tuple(items),
        remaining=FrozenMap(remaining),
        binding=binding,
        budget=budget,
    )


def _remaining(source: object, count_pending: bool) -> dict[str, int]:
    from clusterxchange.kpi._report import KpiReport

    if isinstance(source, Targets):
        if not source.items():
            raise InvalidValueError("the targets are empty: there is nothing to plan for")
        return dict(source.items())
    if isinstance(source, KpiReport):
        if not source.statuses:
            raise InvalidValueError(
                "the report has no targets: compute it with kpis(..., targets=...) or give "
                "the Targets"
            )
        return {
            s.kpi: max(0, s.target - s.actual - (s.pending if count_pending else 0))
            for s in source.statuses
        }
    raise InvalidValueError(
        f"expected a KpiReport with targets or Targets, got {type(source).__name__}"
    )


def _budget(
    needed: int, host_countries: Iterable[str] | None, generation: Generation | str | None
) -> PlanBudget:
    from clusterxchange.generations import get_generation
    from clusterxchange.model.countries import normalize_country
    from clusterxchange.money.pricing import quick_lump_sum

    if host_countries is None or generation is None:
        raise InvalidValueError(
            "a budget needs both the host countries expected and the generation"
        )
    if isinstance(host_countries, str | bytes) or not isinstance(host_countries, Iterable):
        raise InvalidValueError(
            f"host_countries: expected a list of countries, got {type(host_countries).__name__}"
        )
    countries = tuple(normalize_country(c) for c in host_countries)
    if not countries:
        raise InvalidValueError("host_countries: expected at least one host country")
    rules = generation if isinstance(generation, Generation) else get_generation(generation)
    # A full lump sum: a stay of short_stay_days working days (not "under" it) between
    # organisations short_distance_km apart (not "under" it), so no reduction applies
    # (docs/domain.md "Money"; Generation.short_stay_days, .short_distance_km, .ceilings).
    days = rules.short_stay_days.value
    km = rules.short_distance_km.value
    amounts = {
        c: quick_lump_sum(
            host_country=c, working_days=days, distance_km=km, generation=rules
        ).amount
        for c in dict.fromkeys(countries)
    }
    mean = sum((amounts[c] for c in countries), Decimal(0)) / len(countries)

    def cents(amount: Decimal) -> Decimal:
        return amount.quantize(_CENT, rounding=ROUND_HALF_UP)

    return PlanBudget(
        currency=rules.currency,
        generation=rules.id,
        host_countries=countries,
        per_exchange=FrozenMap(amounts),
        minimum=cents(needed * min(amounts.values())),
        expected=cents(needed * mean),
        maximum=cents(needed * max(amounts.values())),
        assumption=(
            f"physical exchanges of at least {days} working days between organisations at "
            f"least {km} km apart (no reduction), at each host country's ceiling in "
            f"generation {rules.id}"
        ),
        working_days=days,
        distance_km=km,
    )
