"""``clusterxchange demo``: the coordinator's report on the bundled example partnership.

Reads the example exchange table that ships with the package (the fictional TIDEWAY
partnership, see :mod:`clusterxchange.examples`), checks every exchange, computes the lump
sums, the budget and the progress against the partnership's targets, and prints the report a
coordinator would read. It needs nothing but the installed package, and exits 0.
"""

from __future__ import annotations

import argparse
from typing import IO

from clusterxchange.cli._common import EXIT_OK, add_format, add_locale

__all__ = ["EPILOG", "HELP", "NAME", "register", "run"]

NAME = "demo"
HELP = (
    "check, price and measure the bundled example partnership against its targets, "
    "and print the coordinator's report"
)

EPILOG = """\
exit codes:
  0  the report is printed
  2  the command is misused (an unknown locale, a bad option)

example:
  clusterxchange demo --format markdown --locale de
"""


def register(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to *parser*."""
    add_format(parser, ("text", "markdown"))
    add_locale(parser)


def run(args: argparse.Namespace, out: IO[str]) -> int:
    """Print the coordinator's report on the example partnership."""
    from clusterxchange.examples import (
        example_partnership,
        example_path,
        example_targets,
        load_example,
    )
    from clusterxchange.model.formatting import format_country, parse_locale
    from clusterxchange.model.translations import translation
    from clusterxchange.reports.coordinator import coordinator_report

    parse_locale(args.locale)
    t = translation(args.locale)
    partnership = example_partnership()
    countries = ", ".join(
        format_country(c.organisation.country, args.locale)
        for c in partnership.clusters
        if c.organisation.country is not None
    )
    path = example_path("tideway.csv")
    report = coordinator_report(
        load_example(),
        partnership=partnership,
        targets=example_targets(),
        title=t.gettext("{partnership}: the coordinator's report").format(
            partnership=partnership.name
        ),
        note="\n".join(
            (
                t.ngettext(
                    "The fictional example partnership bundled with clusterxchange: {count} "
                    "cluster ({countries}).",
                    "The fictional example partnership bundled with clusterxchange: {count} "
                    "clusters ({countries}).",
                    len(partnership.clusters),
                ).format(count=len(partnership.clusters), countries=countries),
                t.gettext("Exchanges: {path}").format(path=path),
                t.gettext("Targets: {path}").format(path=example_path("tideway-targets.toml")),
            )
        ),
    )
    text = (
        report.to_markdown(args.locale)
        if args.format == "markdown"
        else report.to_text(args.locale)
    )
    out.write(text)
    return EXIT_OK
