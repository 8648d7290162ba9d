"""The installed version, from the file hatch-vcs writes at build time, else a fallback."""

from __future__ import annotations

__all__ = ["__version__"]

try:
    from clusterxchange._version import __version__
except ImportError:  # pragma: no cover - a source tree that was never built
    __version__ = "0.1.0.dev0"
