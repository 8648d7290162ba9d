"""The message catalogues: complete, compilable, current, loaded, and used by every human output.

A message the code marks (``_()``, ``gettext``, ``ngettext``, ``N_``) must be in the template
(``messages.pot``, extracted as ``nox -s catalogues`` does) and translated, non-empty and with
the same placeholders, in every shipped locale. ``demo --locale de`` (and ``fr``) must then
leave no English heading, label or note: only the findings' messages (the rules' own English
words, docs/howto/translate.md) and the data stay as they are.
"""

from __future__ import annotations

import ast
import gettext
import importlib.util
import io
import itertools
import os
import re
import shutil
import string
from collections.abc import Iterator
from decimal import Decimal
from html import escape as html_escape
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from clusterxchange.cli import main
from clusterxchange.examples import example_partnership, example_targets, load_example
from clusterxchange.kpi._render import _KIND_NAMES, _KIND_TITLES, _KPI_TITLES, kpi_title
from clusterxchange.kpi._targets import KIND_NAMES, all_kpis, kpi_label
from clusterxchange.model import Confidence, Mode, Status, translations
from clusterxchange.model.errors import InvalidValueError
from clusterxchange.model.findings import Severity
from clusterxchange.model.formatting import format_money
from clusterxchange.model.translations import LOCALES, catalogue_file, term, translation
from clusterxchange.reports.coordinator import coordinator_report

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "clusterxchange"
TEMPLATE = PACKAGE / "locales" / "messages.pot"


def _catalogue(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=locale, abort_invalid=True)


def _ids(catalogue: Catalog) -> dict[Any, Any]:
    return {m.id: m for m in catalogue if m.id}


def _forms(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


TEMPLATE_IDS = _ids(_catalogue(TEMPLATE))


# --- the template is current ----------------------------------------------------------------


def _extract_keywords() -> dict[str, Any]:
    """Return the keywords ``nox -s catalogues`` extracts with (read from noxfile.py)."""
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    (options,) = (
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "EXTRACT"
    )
    keywords: dict[str, Any] = {}
    for option in options:
        if option.startswith("--keyword="):
            name, _, spec = option.removeprefix("--keyword=").partition(":")
            keywords[name] = tuple(int(i) for i in spec.split(",")) if spec else None
    return keywords


def test_the_template_holds_every_message_the_code_marks() -> None:
    keywords = _extract_keywords()
    assert set(keywords) == {"_", "gettext", "ngettext", "N_"}
    found = {
        message if isinstance(message, str) else tuple(message)
        for _, _, message, _, _ in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=keywords
        )
    }
    listed = {key if isinstance(key, str) else tuple(key) for key in TEMPLATE_IDS}
    # Run `nox -s catalogues` (docs/howto/translate.md) when this fails.
    assert found - listed == set(), "messages missing from messages.pot"
    assert listed - found == set(), "messages in messages.pot the code no longer has"
    assert len(listed) > 150


def _marked_in_code() -> set[Any]:
    """Return the literal messages of every marking call, read from the code's syntax tree.

    Unlike the extraction, this sees calls inside f-strings, where pybabel cannot look: a
    message marked there would never be translated.
    """
    found: set[Any] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if name in {"_", "gettext", "N_"} and literals and isinstance(literals[0], str):
                found.add(literals[0])
            elif name == "ngettext" and len(literals) >= 2 and isinstance(literals[0], str):
                found.add((literals[0], literals[1]))
    return found


def test_no_message_is_marked_where_the_extraction_cannot_see_it() -> None:
    listed = {key if isinstance(key, str) else tuple(key) for key in TEMPLATE_IDS}
    assert _marked_in_code() - listed == set(), "move these marked messages out of f-strings"


# --- every locale translates every message ---------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_has_a_translation(locale: str) -> None:
    catalogue = _catalogue(catalogue_file(locale), locale)
    assert not catalogue.fuzzy
    messages = _ids(catalogue)
    lacking = []
    for key, template in TEMPLATE_IDS.items():
        message = messages.get(key)
        forms = () if message is None else _forms(message.string)
        if message is None or "fuzzy" in message.flags or not all(f.strip() for f in forms):
            lacking.append(template.id)
    assert lacking == [], f"{locale}: messages without a translation"
    assert set(messages) == set(TEMPLATE_IDS), f"{locale}: messages the template no longer has"


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_are_those_of_the_message(locale: str) -> None:
    catalogue = _catalogue(catalogue_file(locale), locale)
    for message in catalogue:
        if not message.id:
            continue
        wanted = _placeholders(_forms(message.id)[0])
        for form in _forms(message.string):
            assert _placeholders(form) == wanted, (locale, message.id, form)


@pytest.mark.parametrize("locale", LOCALES)
def test_plural_forms_are_the_languages_own(locale: str) -> None:
    catalogue = _catalogue(catalogue_file(locale), locale)
    assert catalogue.num_plurals == Catalog(locale=Locale.parse(locale)).num_plurals
    for message in catalogue:
        if message.pluralizable:
            assert len(_forms(message.string)) == catalogue.num_plurals, message.id


@pytest.mark.parametrize("locale", LOCALES)
def test_every_catalogue_compiles_without_errors(locale: str) -> None:
    catalogue = _catalogue(catalogue_file(locale), locale)
    assert [(m.id, errors) for m, errors in catalogue.check()] == []
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    loaded = gettext.GNUTranslations(compiled)
    assert loaded.gettext("Summary") != "Summary"
    assert loaded.ngettext("{count} error", "{count} errors", 1)
    assert loaded.ngettext("{count} error", "{count} errors", 2)


def test_a_placeholder_mismatch_is_caught() -> None:
    assert _placeholders("{count} to go") != _placeholders("noch {anzahl}")
    assert _placeholders("Lump sum: {amount}.") == {"amount"}


# --- loading: compiled, or from the .po of a source checkout ---------------------------------


def _build_hook() -> ModuleType:
    """Return hatch_build.py as a module (it needs hatchling, a test dependency)."""
    pytest.importorskip("hatchling", reason="the build hook needs hatchling")
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def scratch_catalogues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A locales directory with German only, loaded afresh by :func:`translation`."""
    target = tmp_path / "locales" / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(catalogue_file("de"), target)
    monkeypatch.setattr(translations, "_DIRECTORY", tmp_path / "locales")
    translations._catalogue.cache_clear()
    yield tmp_path / "locales"
    translations._catalogue.cache_clear()


def test_a_source_checkout_reads_the_po(scratch_catalogues: Path) -> None:
    assert not list(scratch_catalogues.rglob("*.mo"))
    assert translation("de").gettext("Summary") == "Zusammenfassung"


def test_a_compiled_catalogue_is_read_and_a_stale_one_ignored(scratch_catalogues: Path) -> None:
    hook = _build_hook()
    po = scratch_catalogues / "de" / "LC_MESSAGES" / "clusterxchange.po"
    (mo,) = hook.compile_catalogues(scratch_catalogues.parent.parent, scratch_catalogues)
    assert mo == po.with_suffix(".mo")
    # A .mo that says otherwise proves which file was read.
    catalogue = _catalogue(po, "de")
    catalogue["Summary"].string = "Übersicht (kompiliert)"
    with mo.open("wb") as stream:
        write_mo(stream, catalogue)
    assert translation("de").gettext("Summary") == "Übersicht (kompiliert)"
    # The translator then edits the .po: the older .mo is no longer used.
    translations._catalogue.cache_clear()
    po.touch()
    stale = mo.stat().st_mtime - 10
    os.utime(mo, (stale, stale))
    assert translation("de").gettext("Summary") == "Zusammenfassung"


def test_the_build_hook_ships_the_compiled_catalogues(tmp_path: Path) -> None:
    hook = _build_hook()
    locales = tmp_path / "src" / "clusterxchange" / "locales"
    for language in LOCALES:
        (locales / language / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(catalogue_file(language), locales / language / "LC_MESSAGES")
    build_data: dict[str, Any] = {"artifacts": []}
    plugin = hook.CataloguesHook(str(tmp_path), {}, None, None, str(tmp_path / "dist"), "wheel")
    plugin.initialize("standard", build_data)
    assert sorted(build_data["artifacts"]) == sorted(
        f"/src/clusterxchange/locales/{language}/LC_MESSAGES/clusterxchange.mo"
        for language in LOCALES
    )
    with (locales / "hu" / "LC_MESSAGES" / "clusterxchange.mo").open("rb") as stream:
        assert gettext.GNUTranslations(stream).gettext("Summary") == "Összefoglalás"


def test_a_broken_catalogue_fails_the_build(tmp_path: Path) -> None:
    hook = _build_hook()
    broken = tmp_path / "src" / "clusterxchange" / "locales" / "de" / "LC_MESSAGES"
    broken.mkdir(parents=True)
    (broken / "clusterxchange.po").write_text(
        'msgid "Summary"\nmsgid "Other"\nmsgstr "x"\n', "utf-8"
    )
    with pytest.raises(RuntimeError, match=r"clusterxchange\.po: the catalogue does not compile"):
        hook.compile_catalogues(tmp_path)


# --- which catalogue a locale gets -----------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "summary"),
    [
        ("de", "Zusammenfassung"),
        ("de_AT", "Zusammenfassung"),
        ("pt-BR", "Resumo"),
        ("fr_CA", "Résumé"),
        ("en", "Summary"),
        ("en_GB", "Summary"),
        ("sv", "Summary"),  # no catalogue: English
    ],
)
def test_a_locale_takes_its_languages_catalogue(locale: str, summary: str) -> None:
    assert translation(locale).gettext("Summary") == summary


def test_an_unknown_locale_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="unknown locale"):
        translation("xx")


def test_every_status_severity_confidence_and_mode_is_a_term() -> None:
    values = [*Status, *Severity, *Confidence, *Mode, "declared", "computed"]
    values += ["committed", "payable"]
    for locale in LOCALES:
        catalogue = translation(locale)
        for value in values:
            shown = term(str(value), locale)
            assert shown == catalogue.gettext(str(value)), (locale, value)
            assert shown
            assert shown != "awaiting_final_report"
    assert term("awaiting_final_report", "en") == "awaiting_final_report"


def test_the_human_kpi_names_follow_the_english_ones() -> None:
    assert {kpi: kpi_title(kpi) for kpi in all_kpis()} == {
        kpi: kpi_label(kpi) for kpi in all_kpis()
    }
    assert set(_KPI_TITLES) == set(all_kpis())
    assert dict(_KIND_TITLES.items()) == {k: v[1] for k, v in KIND_NAMES.items()}
    assert {k: v[0] for k, v in KIND_NAMES.items()} == _KIND_NAMES


# --- no English left in the human outputs ------------------------------------------------------

REPORT = coordinator_report(
    load_example(), partnership=example_partnership(), targets=example_targets()
)


def run(*argv: str) -> str:
    out = io.StringIO()
    main(list(argv), out=out)
    return out.getvalue()


def _without_data(text: str) -> str:
    """Return *text* without what stays as written: the findings' messages and the file paths."""
    for line in REPORT.findings():
        text = text.replace(line.message, "")
    return re.sub(r"\S*/\S+", "", text)


def _english_fragments(locale: str) -> dict[str, str]:
    """Return the words of each English message its *locale* translation does not keep."""
    catalogue = translation(locale)
    # An English word that is also one of the locale's ("pays" in French) is not a leftover.
    own = " ".join(form for key in TEMPLATE_IDS for form in _forms(_catalogue_message(locale, key)))
    fragments: dict[str, str] = {}
    for key in TEMPLATE_IDS:
        english = _forms(key)
        shown = catalogue.gettext(english[0]) if len(english) == 1 else ""
        if len(english) > 1:
            shown = catalogue.ngettext(english[0], english[1], 2)
        for message in english:
            for literal, *_ in string.Formatter().parse(message):
                words = literal.strip(" .,:;()-")
                if (
                    re.search(r"[A-Za-z]{3}", words)
                    and words not in shown
                    and not re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", own)
                ):
                    fragments[words] = message
    return fragments


def _catalogue_message(locale: str, key: Any) -> str | tuple[str, ...]:
    message = _LOCALE_CATALOGUES.setdefault(
        locale, _ids(_catalogue(catalogue_file(locale), locale))
    )[key]
    return _forms(message.string)


_LOCALE_CATALOGUES: dict[str, dict[Any, Any]] = {}


def _headings(text: str) -> list[str]:
    """Return the headings of a text report: the lines underlined with = or -."""
    lines = text.splitlines()
    return [
        line
        for line, under in itertools.pairwise(lines)
        if under and set(under) <= {"=", "-"} and len(under) == len(line)
    ]


@pytest.mark.parametrize("locale", ["de", "fr"])
@pytest.mark.parametrize("output", ["text", "markdown"])
def test_the_demo_has_no_english_heading_left(locale: str, output: str) -> None:
    localised = run("demo", "--locale", locale, "--format", output)
    english = run("demo", "--format", output)
    headings = _headings(english) if output == "text" else re.findall(r"^#+ (.*)$", english, re.M)
    translated = (
        _headings(localised) if output == "text" else re.findall(r"^#+ (.*)$", localised, re.M)
    )
    assert len(translated) == len(headings) >= 5
    assert set(translated).isdisjoint(headings)
    left = [
        (words, message)
        for words, message in _english_fragments(locale).items()
        if re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", _without_data(localised))
    ]
    assert left == []


@pytest.mark.parametrize("locale", ["de", "fr"])
def test_the_english_fragments_are_found_in_the_english_demo(locale: str) -> None:
    # The check above can fail: in English, the same search finds the headings.
    english = _without_data(run("demo"))
    found = [w for w in _english_fragments(locale) if re.search(rf"\b{re.escape(w)}\b", english)]
    assert "Summary" in found
    assert "Findings: errors and warnings" in found
    assert len(found) > 20


@pytest.mark.parametrize("locale", ["de", "fr"])
def test_kpis_check_and_lump_sum_speak_the_locale(locale: str) -> None:
    catalogue = translation(locale)
    table = str(PACKAGE / "examples" / "tideway.csv")
    targets = str(PACKAGE / "examples" / "tideway-targets.toml")
    kpis = run("kpis", table, "--targets", targets, "--locale", locale)
    assert kpis.startswith(catalogue.gettext("KPIs of partnership {partnership}").split("{")[0])
    assert catalogue.gettext("By host country:") in kpis
    assert "By host country" not in kpis
    check = run("check", table, "--locale", locale)
    assert check.split()[0] == catalogue.gettext("Row")
    assert catalogue.gettext("Errors, warnings and rules not decided:") in check
    assert "Visitor -> host" not in check
    lump = run("lump-sum", "--host-country", "DK", "--working-days", "3", "--locale", locale)
    assert catalogue.gettext("Sources:") in lump
    for english in ("Lump sum:", "Ceiling:", "Working days:", "Why:", "Sources:", "is under"):
        assert english not in lump


# --- one money format per locale, everywhere --------------------------------------------------


@pytest.mark.parametrize("locale", ["en", *LOCALES])
def test_one_money_format_in_tables_explanations_and_plans(locale: str) -> None:
    full, half = (format_money(Decimal(a), "EUR", locale) for a in ("1100", "550"))
    lump = run("lump-sum", "--host-country", "DK", "--working-days", "3", "--locale", locale)
    # The amount line, the ceiling line and the explanation (ceiling, reduced, lump sum).
    assert lump.count(full) == 2  # the ceiling, in the table and in the explanation
    assert lump.count(half) == 3  # the amount, in the table and twice in the explanation
    assert not re.search(r"EUR ?\d|\d EUR|1100\.00|1,100\.00(?!\xa0)", lump.replace(full, ""))
    from clusterxchange.kpi import Targets, plan

    text = plan(Targets(exchanges=2), host_countries=["DK"], generation="cxc2").to_text(locale)
    assert text.count(format_money(Decimal("2200"), "EUR", locale)) == 3
    demo = run("demo", "--locale", locale)
    assert format_money(Decimal("30120"), "EUR", locale) in demo


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("days", [3, 10])
@pytest.mark.parametrize("km", [None, 100.0, 800.0])
@pytest.mark.parametrize("mode", ["physical", "virtual"])
def test_every_explanation_is_in_the_locale(
    locale: str, days: int, km: float | None, mode: str
) -> None:
    from clusterxchange.money.pricing import quick_lump_sum

    result = quick_lump_sum(
        host_country="DE", working_days=days, distance_km=km, mode=mode, generation="cxc2"
    )
    english, localised = result.explanation, result.explain(locale)
    assert localised.endswith(f"{format_money(result.amount, 'EUR', locale)}.")
    assert format_money(Decimal("830"), "EUR", locale) in localised
    # The sentences differ from the English ones, the sources and their notes are the same.
    assert localised != english
    for words in ("Host country", "working days is", "Lump sum:", "distance is unknown"):
        assert words not in localised
    for citation in result.citations:
        source = citation.provenance.source
        assert (source in localised) == (source in english), source


COORDINATOR_COMMANDS = {
    "plan": ("plan", str(PACKAGE / "examples" / "tideway.csv"), "--targets",
             str(PACKAGE / "examples" / "tideway-targets.toml"), "--host-countries", "DK,DE"),
    "budget": ("budget", str(PACKAGE / "examples" / "tideway.csv"), "--on", "2024-06-30"),
    "match": ("match", str(PACKAGE / "examples" / "tideway.csv"), "--visitor",
              "Wattwerk Elektrolyse GmbH", "--directory",
              str(PACKAGE / "examples" / "tideway-partnership.toml")),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["de", "fr"])
@pytest.mark.parametrize("output", ["text", "markdown"])
@pytest.mark.parametrize("command", sorted(COORDINATOR_COMMANDS))
def test_the_coordinators_commands_have_no_english_label_left(
    command: str, output: str, locale: str
) -> None:
    argv = COORDINATOR_COMMANDS[command]
    english = run(*argv, "--format", output)
    localised = run(*argv, "--format", output, "--locale", locale)
    assert localised != english
    # What stays as written: the rules' reasons of a match, names and paths.
    kept = "\n".join(
        line
        for line in localised.splitlines()
        if not line.startswith("   - ") and "eligible under" not in line
    )
    left = [
        (words, message)
        for words, message in _english_fragments(locale).items()
        if re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", _without_data(kept))
    ]
    assert left == []


@pytest.mark.parametrize("locale", ["de", "fr"])
def test_the_html_report_is_in_the_locale(locale: str, tmp_path: Path) -> None:
    table = str(PACKAGE / "examples" / "tideway.csv")
    targets = str(PACKAGE / "examples" / "tideway-targets.toml")
    output = tmp_path / "report.html"
    said = run("report", table, "--targets", targets, "--output", str(output), "--locale", locale)
    assert (
        said == translation(locale).gettext("Report written to {path}").format(path=output) + "\n"
    )
    page = output.read_text(encoding="utf-8")
    assert f"<html lang='{locale}'>" in page
    catalogue = translation(locale)
    for english in (
        "Summary",
        "exchanges read",
        "targets met",
        "ClusterXchange coordinator's report",
        "Made with clusterxchange",
        "Progress against targets",
        "reached (completed)",
        "All exchanges",
    ):
        assert english not in page, english
    assert html_escape(catalogue.gettext("Summary")) in page
