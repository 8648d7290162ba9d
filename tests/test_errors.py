"""The exceptions: one base class, each subclass also the builtin it refines, all picklable."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

import clusterxchange
from clusterxchange import ClusterXchangeError, InvalidFileError, InvalidValueError
from clusterxchange.eligibility import IneligibleExchangeError
from clusterxchange.model.errors import (
    AmbiguousGenerationError,
    InvalidGenerationError,
    InvalidLocationError,
    InvalidRecordError,
    LifecycleError,
    NoCeilingError,
    Problem,
    UnknownCountryError,
    UnknownGenerationError,
)

BUILTIN_OF = {
    InvalidValueError: ValueError,
    InvalidLocationError: ValueError,
    UnknownCountryError: LookupError,
    UnknownGenerationError: LookupError,
    AmbiguousGenerationError: LookupError,
    InvalidRecordError: ValueError,
    InvalidFileError: ValueError,
    InvalidGenerationError: ValueError,
    NoCeilingError: LookupError,
    IneligibleExchangeError: ValueError,
    LifecycleError: ValueError,
}

EXAMPLES: list[ClusterXchangeError] = [
    InvalidValueError("bad value"),
    InvalidLocationError("latitude 91.0 is outside [-90, 90]"),
    UnknownCountryError("XX", ["XK (Kosovo)"]),
    UnknownCountryError(None),
    UnknownGenerationError("cxc9", ["cxc2", "cxc1"]),
    UnknownGenerationError(None, ["cxc1"], "no generation covers 2019-01-01"),
    AmbiguousGenerationError(dt.date(2022, 3, 1), ["cxc1", "cxc2"]),
    InvalidRecordError([Problem(message="bad date", file="x.csv", row=3, column="start")]),
    InvalidFileError([Problem(message="cannot read the file", file="x.csv")]),
    InvalidGenerationError([Problem(message="missing value", path="$.cap.value")]),
    NoCeilingError("GB", "cxc2"),
    IneligibleExchangeError({"eligible": False}, "the exchange is not eligible"),
    LifecycleError("cannot complete", ["the final report is not validated"]),
]


def test_every_public_exception_is_covered_here() -> None:
    from clusterxchange import eligibility
    from clusterxchange.model import errors

    public = {
        getattr(module, name)
        for module in (clusterxchange, errors, eligibility)
        for name in module.__all__
        if isinstance(getattr(module, name), type)
        and issubclass(getattr(module, name), BaseException)
    }
    assert public >= set(BUILTIN_OF) | {ClusterXchangeError}


@pytest.mark.parametrize(("error", "builtin"), list(BUILTIN_OF.items()))
def test_each_error_refines_a_builtin(error: type[Exception], builtin: type[Exception]) -> None:
    assert issubclass(error, ClusterXchangeError)
    assert issubclass(error, builtin)


def test_the_base_is_an_exception() -> None:
    assert issubclass(ClusterXchangeError, Exception)


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_errors_survive_pickling(error: ClusterXchangeError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args


def test_unknown_country_message() -> None:
    error = UnknownCountryError("XX", ["XK (Kosovo)", "MX (Mexico)"])
    assert error.value == "XX"
    assert error.suggestions == ("XK (Kosovo)", "MX (Mexico)")
    assert str(error) == (
        "unknown country 'XX': expected an ISO 3166 code (DE, DEU), an EU code (EL, UK, XK) "
        "or an English name; did you mean 'XK (Kosovo)' or 'MX (Mexico)'?"
    )
    assert str(UnknownCountryError("  ")).startswith("no country given: ")


def test_unknown_generation_message() -> None:
    error = UnknownGenerationError("cxc9", ["cxc2", "cxc1"])
    assert error.generation_id == "cxc9"
    assert error.known == ("cxc1", "cxc2")
    assert str(error) == "unknown generation 'cxc9': known generations are cxc1, cxc2"


def test_ambiguous_generation_names_the_candidates() -> None:
    error = AmbiguousGenerationError(dt.date(2022, 3, 1), ("cxc1", "cxc2"))
    assert error.day == dt.date(2022, 3, 1)
    assert error.candidates == ("cxc1", "cxc2")
    assert error.generation_id is None
    assert "(cxc1, cxc2): name the generation" in str(error)


def test_no_ceiling_names_country_and_generation() -> None:
    error = NoCeilingError("GB", "cxc2")
    assert (error.country, error.generation_id) == ("GB", "cxc2")
    assert str(error) == (
        "no lump-sum ceiling is known for host country GB in generation cxc2: "
        "the amount cannot be computed"
    )


def test_ineligible_and_lifecycle_carry_their_details() -> None:
    verdict = object()
    assert IneligibleExchangeError(verdict, "not eligible").verdict is verdict
    error = LifecycleError("cannot pay", ["final report", "evidence"])
    assert error.missing == ("final report", "evidence")
    assert LifecycleError("cannot pay").missing == ()


# ---------------------------------------------------------------------------------------------
# Problems and records


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem(message="bad"), "bad"),
        (Problem(message="bad", file="x.csv"), "x.csv: bad"),
        (
            Problem(message="bad", file="x.csv", row=3, column="start"),
            "x.csv, row 3, column start: bad",
        ),
        (Problem(message="bad", row=3), "row 3: bad"),
        (Problem(message="bad", path="$[3].visitor.country"), "$[3].visitor.country: bad"),
        (Problem(message="bad", file="g.toml", path="$.cap.source"), "g.toml, $.cap.source: bad"),
        (
            Problem(message="bad", path="$[3].start", row=4, column="start"),
            "row 4, column start: bad",
        ),
    ],
)
def test_problem_names_its_location(problem: Problem, text: str) -> None:
    assert str(problem) == text


def test_problem_location_is_empty_when_unknown() -> None:
    assert Problem(message="bad").location() == ""


def test_invalid_record_summarises_its_problems() -> None:
    problems = [Problem(message=f"bad {i}", row=i + 2) for i in range(7)]
    error = InvalidRecordError(problems)
    assert error.problems == tuple(problems)
    assert str(error) == (
        "row 2: bad 0; row 3: bad 1; row 4: bad 2; row 5: bad 3; row 6: bad 4; and 2 more problems"
    )
    assert str(InvalidRecordError([])) == "invalid record"
    assert str(InvalidRecordError(problems[:1], "one bad row")) == "one bad row"


def test_invalid_record_pickles_with_its_problems() -> None:
    error = InvalidGenerationError([Problem(message="missing value", path="$.cap.value")])
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == error.problems
