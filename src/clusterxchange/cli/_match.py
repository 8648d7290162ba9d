"""``clusterxchange match``: the hosts a visitor could go to, best first, each with its reasons.

The organisations are those the table names (hosts and visitors, with what ``--directory``
fills in) and, with ``--directory``, every cluster and member of the partnership file. The
visitor is found among them by name (case, accents and spacing ignored); an unknown name is an
error that lists the nearest names. Every other organisation is a candidate host, checked
with :func:`clusterxchange.eligibility.matching.match` under ``--generation`` (default: the
newest): only pairs that pass every rule are listed, hosts earning the full lump sum first
(see :mod:`clusterxchange.eligibility.matching` for the order). ``--start`` and ``--end``
check the duration and the hosts' availability.

Exit codes: 0 some host qualifies; 1 none does; 2 nothing could be read, an unknown visitor,
or the command is misused.
"""

from __future__ import annotations

import argparse
import difflib
import json
from collections.abc import Iterable, Sequence
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any

from clusterxchange.cli._common import (
    EXIT_INELIGIBLE,
    EXIT_OK,
    UsageError,
    add_columns,
    add_directory,
    add_file,
    add_format,
    add_generation,
    add_locale,
    markdown_table,
    parse_day,
    read_table,
    report_unusable_rows,
    resolve_generation,
)
from clusterxchange.model.translations import N_, translation

if TYPE_CHECKING:
    from clusterxchange.eligibility.matching import MatchCandidate
    from clusterxchange.model import Organisation, OrganisationKind

__all__ = ["CSV_COLUMNS", "EPILOG", "HELP", "NAME", "register", "run"]

NAME = "match"
HELP = "the hosts a visitor could go to, best first, each with the reasons for its rank"
EPILOG = """\
exit codes:
  0  some host qualifies
  1  no host qualifies (no pair passes every rule)
  2  nothing could be read, an unknown visitor, or the command is misused

example:
  clusterxchange match exchanges.csv --visitor "Aero Lda" --directory partnership.toml
"""

#: The columns of ``--format csv``: one row per candidate host, best first.
CSV_COLUMNS: tuple[str, ...] = (
    "rank",
    "host",
    "host_country",
    "host_kind",
    "full_lump_sum",
    "distance_km",
    "score",
    "reasons",
)

# The words of the text and markdown outputs.
_TITLE = N_("Hosts for {visitor} under {generation}, best first")
_NONE = N_("No host qualifies: no pair with {visitor} passes every rule of {generation}.")
_HEADER = (N_("Rank"), N_("Host"), N_("Country"), N_("Kind"), N_("Lump sum"), N_("Score"),
           N_("Reasons"))  # fmt: skip
_FULL = MappingProxyType({True: N_("full"), False: N_("halved"), None: N_("distance unknown")})


def register(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to *parser*."""
    add_file(parser)
    parser.add_argument(
        "--visitor", metavar="NAME", required=True, help="the visiting organisation's name"
    )
    parser.add_argument("--start", metavar="DATE", default=None, help="first day of activity")
    parser.add_argument("--end", metavar="DATE", default=None, help="last day of activity")
    parser.add_argument(
        "--keywords",
        metavar="WORD,...",
        default=None,
        help="what the visitor looks for, matched against the hosts' sectors and keywords",
    )
    parser.add_argument(
        "--host-kind",
        metavar="KIND,...",
        default=None,
        help="only hosts of these kinds (ids or labels: cluster_organisation, SME, ...)",
    )
    parser.add_argument(
        "--top", metavar="N", type=int, default=None, help="list only the N best hosts"
    )
    add_generation(
        parser, "generation id, or a custom generation file; default: the newest"
    )  # fmt: skip
    add_directory(parser)
    add_format(parser, ("text", "json", "csv", "markdown"))
    add_locale(parser)
    add_columns(parser)


def _key(name: str) -> str:
    """*name* as names are compared: case, accents, punctuation and spacing ignored."""
    from clusterxchange.io._folding import unaccented

    kept = "".join(c for c in unaccented(name) if c.isalnum() or c.isspace())
    return " ".join(kept.split())


def _known(organisation: Organisation) -> int:
    """How much is recorded of *organisation* (to keep the fullest of several records)."""
    return sum(
        value is not None
        for value in (
            organisation.country,
            organisation.kind,
            organisation.clusters,
            organisation.location,
            organisation.pic,
        )
    ) + bool(organisation.sectors)


def _organisations(groups: Iterable[Iterable[Organisation]]) -> dict[str, Organisation]:
    """Every organisation by folded name, the fullest record of each kept."""
    found: dict[str, Organisation] = {}
    for group in groups:
        for organisation in group:
            key = _key(organisation.name)
            if key not in found or _known(organisation) > _known(found[key]):
                found[key] = organisation
    return found


def _kinds(text: str) -> set[OrganisationKind]:
    """Return the kinds ``--host-kind`` names (ids or labels).

    Raises:
        UsageError: A kind is unknown; the message lists the known ones.
    """
    from clusterxchange.io import KIND_LABELS
    from clusterxchange.io._labels import fold_label
    from clusterxchange.model import OrganisationKind

    kinds: set[OrganisationKind] = set()
    for part in (p for p in text.split(",") if p.strip()):
        kind = KIND_LABELS.get(fold_label(part))
        if kind is None:
            known = ", ".join(k.value for k in OrganisationKind)
            raise UsageError(f"--host-kind {part.strip()!r}: unknown kind; known: {known}")
        kinds.add(kind)
    if not kinds:
        raise UsageError(f"--host-kind {text!r}: expected at least one kind")
    return kinds


def _visitor(name: str, organisations: dict[str, Organisation]) -> Organisation:
    wanted = _key(name)
    if wanted in organisations:
        return organisations[wanted]
    names = [o.name for o in organisations.values()]
    near = difflib.get_close_matches(name, names, n=5, cutoff=0.5)
    near += [n for n in names if wanted and wanted in _key(n) and n not in near][: 5 - len(near)]
    listed = ", ".join(repr(n) for n in near) if near else ", ".join(repr(n) for n in names[:10])
    raise UsageError(
        f"--visitor {name!r}: no organisation of that name in the table"
        f"{' or the directory' if organisations else ''}; "
        f"{'nearest' if near else 'known'}: {listed or 'none'}"
    )


def run(args: argparse.Namespace, out: IO[str]) -> int:
    """Print the hosts the visitor may go to."""
    from clusterxchange.eligibility.matching import match
    from clusterxchange.generations import all_generations
    from clusterxchange.io import load_partnership
    from clusterxchange.model.formatting import parse_locale

    parse_locale(args.locale)
    if args.top is not None and args.top < 1:
        raise UsageError(f"--top {args.top}: expected a number from 1")
    kinds = None if args.host_kind is None else _kinds(args.host_kind)
    start = None if args.start is None else parse_day("--start", args.start)
    end = None if args.end is None else parse_day("--end", args.end)
    generation = (
        all_generations()[-1] if args.generation is None else resolve_generation(args.generation)
    )
    table = read_table(args)
    failed = report_unusable_rows(table)
    if failed is not None:
        return failed
    groups: list[Iterable[Organisation]] = []
    if args.directory is not None:
        partnership = load_partnership(args.directory)
        groups += [(c.organisation, *c.members) for c in partnership.clusters]
    groups.append(o for e in table.exchanges for o in (e.host, e.visitor))
    organisations = _organisations(groups)
    visitor = _visitor(args.visitor, organisations)
    hosts = [
        o
        for k, o in organisations.items()
        if k != _key(visitor.name) and (kinds is None or o.kind in kinds)
    ]
    keywords = [] if args.keywords is None else [w for w in args.keywords.split(",") if w.strip()]
    found = match(visitor, hosts, generation, start=start, end=end, keywords=keywords)
    shown = found if args.top is None else found[: args.top]
    if args.format == "json":
        payload = {
            "visitor": _who(visitor),
            "generation": generation.id,
            "start": None if start is None else start.isoformat(),
            "end": None if end is None else end.isoformat(),
            "hosts_considered": len(hosts),
            "candidates": [
                {"rank": rank, **_who(c.host), **_facts(c)} for rank, c in enumerate(shown, 1)
            ],
        }
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        from clusterxchange.io import write_table

        write_table(out, CSV_COLUMNS, _csv_rows(shown))
    else:
        out.write(_render(visitor, shown, generation.id, args.format == "markdown", args.locale))
    return EXIT_OK if found else EXIT_INELIGIBLE


def _who(organisation: Organisation) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "country": organisation.country,
        "kind": None if organisation.kind is None else organisation.kind.value,
    }


def _facts(candidate: MatchCandidate) -> dict[str, Any]:
    return {
        "score": candidate.score,
        "full_lump_sum": candidate.full_lump_sum,
        "distance_km": None if candidate.distance_km is None else round(candidate.distance_km, 1),
        "reasons": list(candidate.reasons),
    }


def _csv_rows(found: Sequence[MatchCandidate]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for rank, c in enumerate(found, 1):
        facts = _facts(c)
        rows.append(
            (
                rank,
                c.host.name,
                c.host.country,
                c.host.kind,
                {True: "yes", False: "no", None: None}[c.full_lump_sum],
                facts["distance_km"],
                c.score,
                " | ".join(c.reasons),
            )
        )
    return rows


def _render(
    visitor: Organisation,
    found: Sequence[MatchCandidate],
    generation: str,
    markdown: bool,
    locale: str,
) -> str:
    from clusterxchange.kpi._render import kind_name
    from clusterxchange.model.formatting import format_country

    _ = translation(locale).gettext

    def country(organisation: Organisation) -> str:
        return "-" if organisation.country is None else format_country(organisation.country, locale)

    def kind(organisation: Organisation) -> str:
        return "-" if organisation.kind is None else kind_name(organisation.kind, locale)

    title = _(_TITLE).format(visitor=visitor.name, generation=generation)
    if not found:
        return _(_NONE).format(visitor=visitor.name, generation=generation) + "\n"
    if markdown:
        rows = [tuple(map(_, _HEADER))] + [
            (
                str(rank),
                c.host.name,
                country(c.host),
                kind(c.host),
                _(_FULL[c.full_lump_sum]),
                str(c.score),
                "; ".join(c.reasons),
            )
            for rank, c in enumerate(found, 1)
        ]
        return f"## {title}\n\n" + markdown_table(rows, right=(0, 5))
    parts = [f"{title}:\n"]
    for rank, c in enumerate(found, 1):
        line = _("{rank}. {host} ({country}, {kind}): score {score}").format(
            rank=rank, host=c.host.name, country=country(c.host), kind=kind(c.host), score=c.score
        )
        parts.append(f"\n{line}\n")
        # The reasons are the rules' own words (English), as the findings of `check` are.
        parts.extend(f"   - {reason}\n" for reason in c.reasons)
    return "".join(parts)
