"""Sphinx configuration: MyST pages (and notebooks, through myst-nb), the furo theme.

``nox -s docs`` builds with warnings as errors, then runs the ``{doctest}`` blocks of the pages
with the doctest builder. Project extensions live in ``docs/_ext``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from clusterxchange import __version__

DOCS = Path(__file__).parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "clusterxchange"
author = "The clusterxchange developers"
copyright = "2026, The clusterxchange developers"
release = __version__
version = ".".join(__version__.split(".")[:2])

extensions = [
    # myst-nb reads MyST Markdown pages as myst-parser does, and also text or .ipynb notebooks.
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    # Renders the rules reference from the generation data (docs/_ext/rules_reference.py).
    "rules_reference",
    # Renders values.md from the readers' vocabularies (docs/_ext/values_reference.py).
    "values_reference",
    # Resolves clusterxchange.Exchange to where it is documented (docs/_ext/api_aliases.py).
    "api_aliases",
    # Lists the column headers on command-line.md from the data (docs/_ext/column_headers.py).
    "column_headers",
]

source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "jupyter_execute", "_ext", "Thumbs.db", ".DS_Store"]

# MyST
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

# Notebooks: run those saved without outputs; a failing cell fails the build.
nb_execution_mode = "auto"
nb_execution_raise_on_error = True
nb_execution_timeout = 120

# API reference: Google-style docstrings; "Attributes:" as fields, so attrs fields are not
# described twice.
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True
# The build is offline (no intersphinx), so the standard library's and dependencies' types in
# signatures have no target; every reference to clusterxchange itself must resolve.
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|decimal|collections\.abc|enum|os|pathlib|typing|types|io)\..*"),
    (r"py:.*", r"(attrs|cattrs|hypothesis|pandas|polars|babel)\..*"),
    # Type variables (T, K, V) of generic signatures have no entry of their own.
    (r"py:.*", r"(clusterxchange\.[\w.]+\.)?[A-Z]"),
]

# Doctests: the pages' {doctest} blocks run here. The ">>>" examples in docstrings already run
# under pytest --doctest-modules, in their own module's namespace, so they are not run twice.
doctest_test_doctest_blocks = ""
doctest_global_setup = """
import datetime as dt
from decimal import Decimal

import clusterxchange as cx
"""

# HTML
html_theme = "furo"
html_title = f"clusterxchange {release}"
html_static_path: list[str] = []
