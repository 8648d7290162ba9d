"""The exceptions of clusterxchange.

Every exception the library raises on purpose derives from :class:`ClusterXchangeError`,
and each subclass also derives from the builtin it refines, so ``except LookupError`` keeps
working for callers that do not know this library.

Rule checks never raise for an ineligible exchange: they return a verdict that lists every
finding. Exceptions are for misuse and malformed input only, and for the ``ensure_*`` twins
of the checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "AmbiguousGenerationError",
    "ClusterXchangeError",
    "InvalidFileError",
    "InvalidGenerationError",
    "InvalidLocationError",
    "InvalidRecordError",
    "InvalidValueError",
    "LifecycleError",
    "NoCeilingError",
    "Problem",
    "UnknownCountryError",
    "UnknownGenerationError",
    "UnpricedError",
]


class ClusterXchangeError(Exception):
    """Base class of every exception raised by clusterxchange."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows.

    Attributes:
        message: What is wrong and what was expected, in words a coordinator understands.
        path: Where in a structured record, as a JSON-path-like string (``$[3].visitor.country``).
        file: The file the record came from, when there is one.
        row: The 1-based row of a table (the header is row 1), when there is one.
        column: The column name of a table, when there is one.
    """

    message: str
    path: str | None = None
    file: str | None = None
    row: int | None = None
    column: str | None = None

    def location(self) -> str:
        """Return where the problem is, as ``file, row 3, column start`` (empty if unknown).

        >>> Problem(message="bad", file="x.csv", row=3, column="start").location()
        'x.csv, row 3, column start'
        """
        parts: list[str] = []
        if self.file is not None:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        if self.path is not None and self.row is None:
            parts.append(self.path)
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class InvalidValueError(ClusterXchangeError, ValueError):
    """A value given to a model or function is malformed (wrong type, range or format)."""


class InvalidLocationError(InvalidValueError):
    """A latitude or longitude is outside its range or not a finite number."""


class UnknownCountryError(ClusterXchangeError, LookupError):
    """A country code or name could not be recognised.

    Attributes:
        value: The input that was not recognised.
        suggestions: Close matches, best first (may be empty).
    """

    def __init__(self, value: object, suggestions: Sequence[str] = ()) -> None:
        self.value = value
        self.suggestions = tuple(suggestions)
        expected = "expected an ISO 3166 code (DE, DEU), an EU code (EL, UK, XK) or an English name"
        if value is None or (isinstance(value, str) and not value.strip()):
            msg = f"no country given: {expected}"
        else:
            msg = f"unknown country {value!r}: {expected}"
        if self.suggestions:
            msg += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)

    def __reduce__(self) -> tuple[type[UnknownCountryError], tuple[object, tuple[str, ...]]]:
        return (type(self), (self.value, self.suggestions))


class UnknownGenerationError(ClusterXchangeError, LookupError):
    """A generation id is not known, or no generation covers a date.

    Attributes:
        generation_id: The id that was asked for (``None`` when looked up by date).
        known: The ids that are known.
    """

    def __init__(
        self, generation_id: str | None, known: Iterable[str], message: str | None = None
    ) -> None:
        self.generation_id = generation_id
        self.known = tuple(sorted(known))
        if message is None:
            message = f"unknown generation {generation_id!r}: known generations are " + ", ".join(
                self.known
            )
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.generation_id, self.known, str(self)))


class AmbiguousGenerationError(UnknownGenerationError):
    """A date falls in the periods of several generations; the caller must name one.

    Attributes:
        candidates: The ids of the generations whose periods contain the date.
    """

    def __init__(self, day: object, candidates: Iterable[str]) -> None:
        self.day = day
        self.candidates = tuple(candidates)
        super().__init__(
            None,
            self.candidates,
            f"{day} lies in the periods of several generations ({', '.join(self.candidates)}): "
            "name the generation",
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.day, self.candidates))


class InvalidRecordError(ClusterXchangeError, ValueError):
    """Input records are malformed; carries every problem found, each with its location.

    Attributes:
        problems: Every problem found, in input order.
    """

    def __init__(self, problems: Iterable[Problem], summary: str | None = None) -> None:
        self.problems = tuple(problems)
        if summary is None:
            summary = "; ".join(str(p) for p in self.problems[:5]) or "invalid record"
            if len(self.problems) > 5:
                summary += f"; and {len(self.problems) - 5} more problems"
        super().__init__(summary)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problems, str(self)))


class InvalidFileError(InvalidRecordError):
    """A file cannot be used at all (missing, unreadable, wrong format or encoding).

    Attributes:
        problems: Why the file cannot be used.
        warnings: What the reader noticed before it gave up (unknown columns, rows above the
            header), which often explain the problem.
    """

    def __init__(
        self,
        problems: Iterable[Problem],
        summary: str | None = None,
        *,
        warnings: Iterable[Problem] = (),
    ) -> None:
        super().__init__(problems, summary)
        self.warnings = tuple(warnings)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problems, str(self)), {"warnings": self.warnings})


class InvalidGenerationError(InvalidRecordError):
    """A custom generation file is malformed (for example an override without its source)."""


class NoCeilingError(ClusterXchangeError, LookupError):
    """No lump-sum ceiling is known for a host country in a generation.

    Attributes:
        country: The host country code.
        generation_id: The generation consulted.
    """

    def __init__(self, country: str, generation_id: str) -> None:
        self.country = country
        self.generation_id = generation_id
        super().__init__(
            f"no lump-sum ceiling is known for host country {country} in generation "
            f"{generation_id}: the amount cannot be computed"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.country, self.generation_id))


class UnpricedError(InvalidValueError):
    """An exchange has no lump sum: a value pricing needs is not recorded, or it is cancelled.

    Attributes:
        missing: The table columns whose values would price it (``host_country``,
            ``distance_km``, ``start``, ...); empty when no value would (a cancelled exchange).

    >>> error = UnpricedError("no host country", ("host_country",))
    >>> str(error), error.missing
    ('no host country', ('host_country',))
    """

    def __init__(self, message: str, missing: Iterable[str] = ()) -> None:
        self.missing = tuple(missing)
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (str(self), self.missing))


class LifecycleError(ClusterXchangeError, ValueError):
    """A lifecycle transition is not allowed; names exactly what is missing.

    Attributes:
        missing: Each missing requirement, in words.
    """

    def __init__(self, message: str, missing: Iterable[str] = ()) -> None:
        self.missing = tuple(missing)
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (str(self), self.missing))
