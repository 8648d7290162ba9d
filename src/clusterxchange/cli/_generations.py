"""``clusterxchange generations``: list the generations with their periods and sources."""

from __future__ import annotations

import argparse
import json
from typing import IO

from clusterxchange.cli._common import EXIT_OK, add_format, add_locale

__all__ = ["EPILOG", "HELP", "NAME", "register", "run"]

NAME = "generations"
HELP = "list the generations: id, period, programme and sources"

EPILOG = """\
exit codes:
  0  the generations are listed
  2  the command is misused (an unknown locale, a bad option)

example:
  clusterxchange generations --format json
"""


def register(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to *parser*."""
    add_format(parser, ("text", "json"))
    add_locale(parser)


def run(args: argparse.Namespace, out: IO[str]) -> int:
    """List the shipped generations."""
    from clusterxchange.generations import all_generations
    from clusterxchange.model.formatting import format_date, parse_locale

    generations = all_generations()
    if args.format == "json":
        payload = [
            {
                "id": g.id,
                "title": g.title,
                "programme": g.programme.value,
                "period": {
                    "start": g.period.value.start.isoformat(),
                    "end": g.period.value.end.isoformat(),
                },
                "source": g.period.provenance.source,
                "sources": sorted({g.programme.provenance.source, g.period.provenance.source}),
            }
            for g in generations
        ]
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    from clusterxchange.model.translations import translation

    parse_locale(args.locale)
    _ = translation(args.locale).gettext
    for g in generations:
        start = format_date(g.period.value.start, args.locale)
        end = format_date(g.period.value.end, args.locale)
        out.write(f"{g.id}  {start} – {end}  {g.title}\n")
        out.write("      " + _("programme: {programme}").format(programme=g.programme.value) + "\n")
        out.write("      " + _("source: {source}").format(source=g.period.provenance.source) + "\n")
    return EXIT_OK
