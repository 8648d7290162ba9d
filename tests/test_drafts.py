"""Group drafts: half-filled, saved, reloaded losslessly, completed into checked exchanges."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import (
    GroupExchange,
    InvalidFileError,
    InvalidValueError,
    Location,
    Mode,
    Organisation,
    OrganisationKind,
    Severity,
    Status,
)
from clusterxchange.eligibility import check_dataset, check_exchange
from clusterxchange.lifecycle.drafts import (
    DRAFT_FORMAT,
    GroupDraft,
    OrganisationDraft,
    complete_draft,
    load_draft,
    save_draft,
)
from clusterxchange.lifecycle.ids import is_local_id, with_local_ids
from clusterxchange.model import ClusterRef
from clusterxchange.model.errors import InvalidRecordError, UnknownCountryError

HAMBURG = Location(latitude=53.55, longitude=9.99)
PEMAS = ClusterRef(name="Pemas", eccp_profiled=True)


def host() -> OrganisationDraft:
    return OrganisationDraft(
        name="Hamburg Aviation",
        country="DE",
        kind="cluster_organisation",
        pic="900000001",
        clusters=[ClusterRef(name="Hamburg Aviation", eccp_profiled=True)],
        location=HAMBURG,
    )


# --- the draft and what it still needs ---------------------------------------------------------


def test_an_empty_draft_needs_everything() -> None:
    assert GroupDraft().missing() == ("host", "event", "start", "end", "visitors")


def test_a_half_filled_draft_lists_each_gap_by_visitor() -> None:
    draft = GroupDraft(
        host=OrganisationDraft(name="Hamburg Aviation", country="DE"),
        start=dt.date(2023, 3, 6),
        visitors=[OrganisationDraft(name="Aero Lda", country="PT"), OrganisationDraft(kind="sme")],
    )
    assert draft.missing() == (
        "host: kind",
        "event",
        "end",
        "visitor 1 (Aero Lda): kind",
        "visitor 2: name",
        "visitor 2: country",
    )


def test_draft_values_are_checked_as_they_are_entered() -> None:
    assert OrganisationDraft(country="Portugal", kind="SME").country == "PT"
    assert OrganisationDraft(kind=" sme ").kind is OrganisationKind.SME
    assert OrganisationDraft(country=" ", kind="").country is None
    assert OrganisationDraft(clusters=["Pemas"]).clusters == (ClusterRef(name="Pemas"),)
    with pytest.raises(UnknownCountryError):
        OrganisationDraft(country="Atlantis")
    with pytest.raises(InvalidValueError):
        OrganisationDraft(kind="startup")
    with pytest.raises(InvalidValueError, match="single text"):
        OrganisationDraft(clusters="Pemas")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="ends"):
        GroupDraft(start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 1))


def test_add_visitor_and_draft_of_an_organisation() -> None:
    visitor = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=[PEMAS])
    draft = GroupDraft().add_visitor(OrganisationDraft.of(visitor))
    assert draft.visitors[0].clusters == (PEMAS,)
    assert draft.visitors[0].missing() == ()
    assert OrganisationDraft.of(Organisation(name="X", country="PT", kind="sme")).clusters is None


# --- completing a draft ------------------------------------------------------------------------


def test_complete_draft_lists_every_missing_field_with_its_path() -> None:
    draft = GroupDraft(event="Aero week", visitors=[OrganisationDraft(name="Aero Lda")])
    with pytest.raises(InvalidRecordError) as info:
        complete_draft(draft)
    assert [(p.path, p.message) for p in info.value.problems] == [
        ("$.host", "missing host"),
        ("$.start", "missing start"),
        ("$.end", "missing end"),
        ("$.visitors[0].country", "missing visitor 1 (Aero Lda): country"),
        ("$.visitors[0].kind", "missing visitor 1 (Aero Lda): kind"),
    ]


def test_complete_draft_reports_values_the_model_refuses() -> None:
    draft = GroupDraft(
        host=attrs.evolve(host(), pic="12"),
        event="Aero week",
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 10),
        visitors=[
            OrganisationDraft(name="Aero", country="PT", kind="sme", pic="123"),
            OrganisationDraft(name="Fine", country="ES", kind="sme"),
        ],
    )
    with pytest.raises(InvalidRecordError) as info:
        complete_draft(draft)
    assert [p.path for p in info.value.problems] == ["$.host", "$.visitors[0]"]
    assert all("9 digits" in p.message for p in info.value.problems)


def test_complete_draft_keeps_the_group_fields() -> None:
    draft = GroupDraft(
        host=host(),
        event="Aero week",
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 10),
        visitors=[OrganisationDraft(name="Aero", country="PT", kind="sme")],
        host_partnership="AERO-HOP",
        visitor_partnership="AERO-VOP",
        mode="virtual",
        generation="cxc1",
        remarks="by e-mail",
    )
    group = complete_draft(draft)
    assert isinstance(group, GroupExchange)
    (exchange,) = group.exchanges()
    assert exchange.status is Status.DRAFT
    assert exchange.mode is Mode.VIRTUAL
    assert (exchange.host_partnership, exchange.visitor_partnership) == ("AERO-HOP", "AERO-VOP")
    assert (exchange.generation, exchange.remarks, exchange.event) == (
        "cxc1",
        "by e-mail",
        "Aero week",
    )


# --- saving and loading ------------------------------------------------------------------------


def test_save_and_load_through_a_path(tmp_path: Path) -> None:
    draft = GroupDraft(host=host(), event="Aero week", visitors=[OrganisationDraft(name="Ä")])
    path = tmp_path / "draft.json"
    save_draft(draft, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == (DRAFT_FORMAT, 1)
    assert document["visitors"][0]["name"] == "Ä"
    assert load_draft(path) == draft
    assert load_draft(str(path)) == draft


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "draft.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problem_of(error: InvalidRecordError) -> tuple[str | None, str | None, str]:
    (problem,) = error.problems
    return problem.file, problem.path, problem.message


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        ('{"format": ', None, "not valid JSON: Expecting value at line 1, column 12"),
        ("[]", "$.format", 'not a group draft: expected "format": "clusterxchange.group-draft"'),
        ('{"format": "other"}', "$.format", "not a group draft"),
        (
            '{"format": "clusterxchange.group-draft"}',
            "$.version",
            "group draft version None is not supported",
        ),
        (
            '{"format": "clusterxchange.group-draft", "version": 2}',
            "$.version",
            "group draft version 2 is not supported: this library reads version 1",
        ),
        ("[" * 100_000, None, "not valid JSON"),
    ],
)
def test_files_that_are_not_drafts(
    tmp_path: Path, text: str, path: str | None, message: str
) -> None:
    file = write(tmp_path, text)
    with pytest.raises(InvalidFileError) as info:
        load_draft(file)
    where, at, said = problem_of(info.value)
    assert where == str(file)
    assert at == path
    assert said.startswith(message)


def test_a_missing_file_and_a_file_not_in_utf8(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError, match="no such file"):
        load_draft(tmp_path / "none.json")
    with pytest.raises(InvalidFileError, match="not UTF-8"):
        load_draft(write(tmp_path, b'{"event": "\xff"}'))
    with pytest.raises(InvalidFileError, match="cannot read"):
        load_draft(tmp_path)


def test_malformed_draft_fields_are_located_in_the_file(tmp_path: Path) -> None:
    document = {
        "format": DRAFT_FORMAT,
        "version": 1,
        "start": "2023-02-30",
        "visitors": [{"name": "A"}, {"country": "Atlantis"}],
        "colour": "blue",
    }
    file = write(tmp_path, json.dumps(document))
    with pytest.raises(InvalidRecordError) as info:
        load_draft(file)
    assert not isinstance(info.value, InvalidFileError)
    paths = {p.path for p in info.value.problems}
    assert {"$.start", "$.visitors[1].country"} <= paths
    assert any("colour" in p.message for p in info.value.problems)
    assert {p.file for p in info.value.problems} == {str(file)}


def test_a_stream_is_named_by_its_name_or_as_a_stream() -> None:
    with pytest.raises(InvalidFileError) as info:
        load_draft(io.StringIO("nope"))
    assert info.value.problems[0].file == "<stream>"


texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=12)
optional_texts = st.none() | texts
organisation_drafts = st.builds(
    OrganisationDraft,
    name=optional_texts,
    country=st.none() | st.sampled_from(["DE", "PT", "Greece", "XK", "gb"]),
    kind=st.none() | st.sampled_from(OrganisationKind),
    pic=st.none() | st.from_regex(r"\d{9}", fullmatch=True) | texts,
    clusters=st.none()
    | st.lists(
        st.builds(ClusterRef, name=texts.filter(str.strip), eccp_profiled=st.none() | st.booleans())
    ),
    sectors=st.lists(texts.filter(str.strip), max_size=2),
    keywords=st.lists(texts.filter(str.strip), max_size=2),
    location=st.none()
    | st.builds(Location, latitude=st.floats(-90, 90), longitude=st.floats(-180, 180)),
)


@st.composite
def group_drafts(draw: st.DrawFn) -> GroupDraft:
    days = sorted(draw(st.lists(st.dates(), max_size=2)))
    start = days[0] if days else None
    end = days[-1] if len(days) == 2 else None
    if draw(st.booleans()):
        start, end = (None, start) if start is not None else (start, end)
    return GroupDraft(
        host=draw(st.none() | organisation_drafts),
        event=draw(optional_texts),
        start=start,
        end=end,
        visitors=draw(st.lists(organisation_drafts, max_size=4)),
        host_partnership=draw(optional_texts),
        visitor_partnership=draw(optional_texts),
        mode=draw(st.sampled_from(Mode)),
        status=draw(st.sampled_from(Status)),
        generation=draw(optional_texts),
        remarks=draw(optional_texts),
    )


@given(group_drafts())
def test_save_then_load_is_lossless(draft: GroupDraft) -> None:
    out = io.StringIO()
    save_draft(draft, out)
    assert load_draft(io.StringIO(out.getvalue())) == draft
    again = io.StringIO()
    save_draft(load_draft(io.StringIO(out.getvalue())), again)
    assert again.getvalue() == out.getvalue()


def valid_pic(pic: str | None) -> bool:
    return pic is None or re.fullmatch(r"\d{9}", pic.replace(" ", "")) is not None


@given(group_drafts())
def test_a_draft_completes_exactly_when_nothing_is_missing(draft: GroupDraft) -> None:
    parties = [draft.host, *draft.visitors] if draft.host else draft.visitors
    if draft.missing():
        with pytest.raises(InvalidRecordError) as info:
            complete_draft(draft)
        said = [p.message.removeprefix("missing ") for p in info.value.problems]
        assert said == list(draft.missing())
    elif all(valid_pic(party.pic) for party in parties):
        assert len(complete_draft(draft).exchanges()) == len(draft.visitors)
    else:
        with pytest.raises(InvalidRecordError, match="a PIC is 9 digits"):
            complete_draft(draft)


# --- done when: five visitors at one host ------------------------------------------------------

VISITORS = [
    ("Aero Lda", "PT", Location(latitude=38.72, longitude=-9.14)),
    ("Aeroespacial Sevilla SL", "ES", Location(latitude=37.39, longitude=-5.98)),
    ("Torino Avio Srl", "IT", Location(latitude=45.07, longitude=7.69)),
    ("Toulouse Composites SAS", "FR", Location(latitude=43.60, longitude=1.44)),
    ("Rzeszow Aero Sp. z o.o.", "PL", Location(latitude=50.04, longitude=22.00)),
]


def test_five_visitors_drafted_half_filled_saved_reloaded_completed_and_checked(
    tmp_path: Path,
) -> None:
    # Monday: the coordinator knows the host, the event and the visitors' names only.
    draft = GroupDraft(host=host(), event="Aerospace week Hamburg")
    for name, _, _ in VISITORS:
        draft = draft.add_visitor(OrganisationDraft(name=name))
    assert len(draft.missing()) == 2 + 5 * 2  # dates, and each visitor's country and kind
    path = tmp_path / "aerospace-week.json"
    save_draft(draft, path)

    # Wednesday: the draft is reloaded and completed.
    reloaded = load_draft(path)
    assert reloaded == draft
    visitors = [
        attrs.evolve(
            visitor,
            country=country,
            kind="sme",
            pic=f"80000000{index}",
            clusters=[PEMAS],
            location=location,
        )
        for index, (visitor, (_, country, location)) in enumerate(
            zip(reloaded.visitors, VISITORS, strict=True)
        )
    ]
    done = attrs.evolve(
        reloaded, visitors=visitors, start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 10)
    )
    assert done.missing() == ()
    save_draft(done, path)
    exchanges = complete_draft(load_draft(path)).exchanges()

    assert len(exchanges) == 5
    for exchange in exchanges:
        verdict = check_exchange(exchange)
        assert verdict.eligible, verdict.errors()
        assert not [f for f in verdict.findings if f.severity is Severity.ERROR]
    assert check_dataset(exchanges).eligible

    # Each gets a local ID, the same however the group is rebuilt or ordered.
    with_ids = with_local_ids(exchanges)
    assert all(is_local_id(e.id) for e in with_ids)
    assert len({e.id for e in with_ids}) == 5
    rebuilt = with_local_ids(reversed(complete_draft(load_draft(path)).exchanges()))
    assert {e.id for e in rebuilt} == {e.id for e in with_ids}


# --- junk in, a clean error out ------------------------------------------------------------------


def test_junk_drafts_and_targets_are_refused_cleanly(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="mode: expected physical or virtual"):
        GroupDraft(mode="flying")
    with pytest.raises(InvalidValueError, match="status: expected one of draft"):
        GroupDraft(status="dreaming")
    with pytest.raises(InvalidValueError, match="expected a GroupDraft"):
        complete_draft("draft")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="target: expected a path or a text stream"):
        save_draft(GroupDraft(), 42)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="source: expected a path or a text stream"):
        load_draft(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidFileError, match="cannot write"):
        save_draft(GroupDraft(), tmp_path / "no-such-folder" / "draft.json")
