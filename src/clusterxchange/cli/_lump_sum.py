"""``clusterxchange lump-sum``: one lump sum with its reasons and sources.

Without ``--generation`` the newest shipped generation is used; ``--generation`` also takes a
custom generation file (``.toml`` or ``.json``). A host country without a known ceiling prints
the ``threshold`` finding on stderr and exits 2.
"""

from __future__ import annotations

import argparse
import json
import math
from types import MappingProxyType
from typing import IO, TYPE_CHECKING

from clusterxchange.cli._common import (
    EXIT_OK,
    add_format,
    add_generation,
    add_locale,
    fail,
    resolve_generation,
)
from clusterxchange.model import Generation, Location
from clusterxchange.model.errors import ClusterXchangeError, NoCeilingError
from clusterxchange.model.translations import N_

if TYPE_CHECKING:
    from clusterxchange.money.pricing import LumpSum

__all__ = ["EPILOG", "HELP", "NAME", "register", "run"]

NAME = "lump-sum"
HELP = "compute one lump sum with its reasons: host country, working days, distance, mode"

EPILOG = """\
exit codes:
  0  the lump sum is printed
  2  bad input: no ceiling for the host country, an unknown generation, a bad option

example:
  clusterxchange lump-sum --host-country DK --working-days 4 --distance-km 150
"""

_REDUCTION_LABELS = MappingProxyType(
    {
        "short_stay": N_("short stay"),
        "short_distance": N_("short distance"),
        "virtual": N_("virtual exchange (never funded)"),
    }
)


def register(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to *parser*."""
    parser.add_argument(
        "--host-country", required=True, metavar="CC", help="host country (code or name)"
    )
    parser.add_argument(
        "--working-days",
        required=True,
        type=int,
        metavar="N",
        help="working days of activity, travel excluded",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--distance-km",
        metavar="KM",
        default=None,
        help="declared distance between the organisations",
    )
    where.add_argument(
        "--from",
        dest="origin",
        metavar="LAT,LON",
        default=None,
        help="visitor's location in decimal degrees (write --from=-33.9,18.4 for a negative "
        "latitude); needs --to",
    )
    parser.add_argument(
        "--to",
        dest="destination",
        metavar="LAT,LON",
        default=None,
        help="host's location in decimal degrees; needs --from",
    )
    parser.add_argument(
        "--mode",
        choices=("physical", "virtual"),
        default="physical",
        help="physical or virtual (default physical)",
    )
    add_generation(
        parser, "generation id, or a custom generation file (.toml/.json); default: the newest"
    )
    add_format(parser, ("text", "json"))
    add_locale(parser)


class _UsageError(Exception):
    """A bad option value: one line on stderr, exit 2."""


def _location(option: str, text: str) -> Location:
    parts = text.split(",")
    try:
        if len(parts) != 2:
            raise ValueError(text)
        latitude, longitude = float(parts[0]), float(parts[1])
    except ValueError:
        raise _UsageError(f"{option} {text!r}: expected LAT,LON in decimal degrees") from None
    try:
        return Location(latitude=latitude, longitude=longitude)
    except ClusterXchangeError as error:
        raise _UsageError(f"{option} {text!r}: {error}") from None


def _distance(text: str) -> float:
    try:
        km = float(text)
    except ValueError:
        km = math.nan
    if not math.isfinite(km) or km < 0:
        raise _UsageError(f"--distance-km {text!r}: expected a distance in km >= 0")
    return km


def _generation(value: str | None) -> Generation:
    from clusterxchange.generations import all_generations

    return all_generations()[-1] if value is None else resolve_generation(value)


def _write_text(result: LumpSum, locale: str, out: IO[str]) -> None:
    from clusterxchange.model.formatting import (
        format_country,
        format_km,
        format_money,
        format_number,
    )
    from clusterxchange.model.translations import term, translation

    _ = translation(locale).gettext
    money = format_money(result.amount, result.currency, locale)
    country = format_country(result.host_country, locale)
    lines = [
        _("Lump sum: {amount} (host country {country}, generation {generation})").format(
            amount=money, country=country, generation=result.generation
        ),
        _("Ceiling: {amount}").format(
            amount=format_money(result.threshold, result.currency, locale)
        ),
        _("Working days: {days}").format(days=format_number(result.working_days, locale)),
    ]
    if result.distance_km is None:
        lines.append(_("Distance: unknown (assumed not short)"))
    else:
        lines.append(
            _("Distance: {distance} ({source})").format(
                distance=format_km(result.distance_km, locale),
                source=term(result.distance_source or "", locale),
            )
        )
    labels = [_(_REDUCTION_LABELS[r]) for r in result.reductions]
    lines.append(
        _("Reductions: {reductions}").format(reductions=", ".join(labels) if labels else _("none"))
    )
    lines.append(_("Why: {explanation}").format(explanation=result.explain(locale)))
    lines.append(_("Sources:"))
    for citation in result.citations:
        provenance = citation.provenance
        confidence = _("{confidence} confidence").format(
            confidence=term(provenance.confidence.value, locale)
        )
        lines.append(f"  {citation.field} = {citation.value}: {provenance.source} ({confidence})")
    out.write("\n".join(lines) + "\n")


def run(args: argparse.Namespace, out: IO[str]) -> int:
    """Compute and print one lump sum."""
    from clusterxchange.model.formatting import parse_locale
    from clusterxchange.money.pricing import quick_lump_sum, threshold_finding

    parse_locale(args.locale)
    if (args.origin is None) != (args.destination is None):
        return fail("--from and --to go together: give both locations, or --distance-km")
    try:
        distance = None if args.distance_km is None else _distance(args.distance_km)
        between = None
        if args.origin is not None:
            between = (_location("--from", args.origin), _location("--to", args.destination))
    except _UsageError as error:
        return fail(str(error))
    generation = _generation(args.generation)
    try:
        result = quick_lump_sum(
            host_country=args.host_country,
            working_days=args.working_days,
            distance_km=distance,
            between=between,
            mode=args.mode,
            generation=generation,
        )
    except NoCeilingError as error:
        finding = threshold_finding(error)
        return fail(f"{finding.rule}: {finding.message}")
    if args.format == "json":
        out.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        _write_text(result, args.locale, out)
    return EXIT_OK
