"""The words partnerships write in their exchange tables, mapped to canonical columns and ids.

This is a data module: every table below is what :mod:`clusterxchange.io` accepts, so the
documentation can list it as is. Keys are matched after :func:`fold_label` (case-insensitive,
stray spaces ignored, ``_`` ``-`` ``,`` ``.`` ``(`` ``)`` read as spaces), so
``"Scaling-up support organisation"``, ``"scaling_up_support_organisation"`` and
``" SCALING UP  support organisation "`` are one label.

Sources: the exchange table and the kinds of participant the documentation describes
(``docs/command-line.md``), the scheme's participant pages (clustercollaboration.eu/clusterxchange/
how-can-i-participate: the examples of a scaling-up support organisation), the labels of
partnership mid-term reports ("Completed, but without the IT tool", "Waiting for Final Activity
Report"), and the words of partnership sheets in the package's locales (da, de, fr, nl, es, it,
pt, hu, tr), each noted beside its table. Labels with two plausible meanings (``university``,
``business support organisation``, ``hybrid``, ``pending`` alone) are deliberately absent: a
wrong guess would change a verdict or a KPI without anyone noticing, so a cell error asks the
coordinator and lists the choices (:data:`AMBIGUOUS_LABELS`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import TypeVar

from clusterxchange.io._folding import unaccented
from clusterxchange.io._headers import COLUMN_ALIASES, canonical_column
from clusterxchange.model import Mode, OrganisationKind, Relation, Status

__all__ = [
    "AMBIGUOUS_LABELS",
    "COLUMNS",
    "COLUMN_ALIASES",
    "EXCEL_ERRORS",
    "EXTRA_COLUMNS",
    "KIND_LABELS",
    "LABEL_NOTES",
    "MODE_LABELS",
    "NOT_RECORDED",
    "NO_CLUSTER_LABELS",
    "RELATION_LABELS",
    "REQUIRED_COLUMNS",
    "STATUS_LABELS",
    "WITHOUT_IT_TOOL_LABELS",
    "canonical_column",
    "fold_label",
]

#: The columns of docs/design.md's exchange table, in the order the library writes them.
COLUMNS: tuple[str, ...] = (
    "id", "host", "host_country", "host_kind", "host_partnership",
    "visitor", "visitor_country", "visitor_kind", "visitor_partnership", "visitor_pic",
    "relation", "event", "start", "end", "working_days", "mode", "status", "distance_km",
    "host_lat", "host_lon", "visitor_lat", "visitor_lon", "generation", "remarks",
)  # fmt: skip

#: Columns this library adds to docs/design.md's table. ``host_clusters`` and ``visitor_clusters``
#: hold ``;``-separated cluster names (a blank cell, or no column, means "not recorded");
#: ``visitor_count`` makes a row a group of that many visitors (read only: see ``_groups``).
#: ``report_submitted`` and ``report_validated`` are the days of the visitor's Final Activity
#: Report, ``paid_on`` and ``paid_amount`` (EUR) the payment of the lump sum: with them a table
#: says when a payment falls due and whether it was made (a blank cell: not recorded).
#: ``period`` holds both days in one cell (``06/03/2023 - 17/03/2023``), read as ``start`` and
#: ``end`` (read only: see ``_period``). ``virtual`` is the mode as a yes/no column (read only:
#: see ``_virtual``).
EXTRA_COLUMNS: tuple[str, ...] = (
    "host_pic", "host_clusters", "visitor_clusters", "prior_approval", "visitor_count",
    "report_submitted", "report_validated", "paid_on", "paid_amount", "period", "virtual",
)  # fmt: skip

#: Columns without which a table cannot describe an exchange at all.
REQUIRED_COLUMNS: tuple[str, ...] = ("host", "visitor")

_SEPARATORS = re.compile(r"[\s_\-–—,.()]+")
#: An abbreviation written with dots (``S.M.E.``): its letters make one word.
_DOTTED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.){2,}(?![^\W\d_])")
#: Marks a sheet puts beside a label (a tick, a cross, a star, an emoji): not part of it.
_MARKS = re.compile(r"[\u2190-\u2bff\U0001f000-\U0001faff\ufe0f*]+")


def fold_label(text: str) -> str:
    """Return *text* folded for label matching: lower case, separators read as single spaces.

    Accents are dropped (``terminé`` and ``termine`` are one label, as are ``KOBİ`` and
    ``KOBI``): a coordinator's keyboard does not always have them.

    >>> fold_label("  Completed, but without the IT-tool ")
    'completed but without the it tool'
    >>> fold_label("scaling_up_support") == fold_label("Scaling-up  Support")
    True
    >>> fold_label("Terminé"), fold_label("Tamamlandı"), fold_label("Großunternehmen")
    ('termine', 'tamamlandi', 'grossunternehmen')

    An abbreviation written with dots is one word, and a mark beside a label is dropped:

    >>> fold_label("S.M.E."), fold_label("Completed ✓"), fold_label("✅ Paid")
    ('sme', 'completed', 'paid')
    """
    text = _DOTTED.sub(lambda match: match[0].replace(".", ""), _MARKS.sub(" ", text))
    return _SEPARATORS.sub(" ", unaccented(text)).strip()


_T = TypeVar("_T")


def _folded(table: Mapping[str, _T]) -> Mapping[str, _T]:
    """Return *table* keyed by folded labels; two labels that fold alike must agree."""
    folded: dict[str, _T] = {}
    for label, value in table.items():
        key = fold_label(label)
        if folded.setdefault(key, value) != value:
            raise AssertionError(f"label {label!r} folds to {key!r}, read two ways")
        folded[key] = value
    return MappingProxyType(folded)


#: Organisation kinds: canonical ids, the labels of the scheme's participant pages, and the
#: variants partnership sheets use. The examples of a scaling-up support organisation (technology
#: centre, research institute, fab lab, (digital) innovation hub, creative hub, resource-
#: efficiency service provider, incubator, accelerator) are the scheme's own
#: (clustercollaboration.eu/clusterxchange/how-can-i-participate).
KIND_LABELS: Mapping[str, OrganisationKind] = _folded(
    {
        **{kind.value: kind for kind in OrganisationKind},
        "cluster organisation": OrganisationKind.CLUSTER_ORGANISATION,
        "cluster organization": OrganisationKind.CLUSTER_ORGANISATION,
        "cluster organisations": OrganisationKind.CLUSTER_ORGANISATION,
        "cluster management organisation": OrganisationKind.CLUSTER_ORGANISATION,
        "cluster management organization": OrganisationKind.CLUSTER_ORGANISATION,
        "cluster": OrganisationKind.CLUSTER_ORGANISATION,
        "business network organisation": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        "business network organization": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        "business network organisations": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        "business network": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        # Associations of businesses and chambers are networks of their member companies;
        # the scheme's pages do not name them, so this is what a coordinator would expect.
        "business association": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        "industry association": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        "chamber of commerce": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        "SME": OrganisationKind.SME,
        "SMEs": OrganisationKind.SME,
        "small and medium-sized enterprise": OrganisationKind.SME,
        "small and medium sized enterprise": OrganisationKind.SME,
        "small or medium-sized enterprise": OrganisationKind.SME,
        "micro enterprise": OrganisationKind.SME,
        "microenterprise": OrganisationKind.SME,
        "small enterprise": OrganisationKind.SME,
        "medium-sized enterprise": OrganisationKind.SME,
        "medium enterprise": OrganisationKind.SME,
        "start-up": OrganisationKind.SME,
        "startup": OrganisationKind.SME,
        "scaling-up support organisation": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "scaling-up support organization": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "scaling-up support organisations": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "scale-up support organisation": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "scale-up support organization": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "technology centre": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "technology center": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "research institute": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        # A research organisation that is not a university is what the scheme calls a research
        # institute; a university stays ambiguous (AMBIGUOUS_LABELS).
        "research organisation": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "research organization": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "research centre": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "research center": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "research and technology organisation": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "research and technology organization": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "RTO": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "fab lab": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "fablab": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "innovation hub": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "digital innovation hub": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "European digital innovation hub": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "DIH": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "EDIH": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "creative hub": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "resource-efficiency service provider": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "resource efficiency service provider": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "incubator": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "business incubator": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "accelerator": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "science park": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "technology park": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "large company": OrganisationKind.LARGE_COMPANY,
        "large companies": OrganisationKind.LARGE_COMPANY,
        "large enterprise": OrganisationKind.LARGE_COMPANY,
        "large enterprises": OrganisationKind.LARGE_COMPANY,
        "large firm": OrganisationKind.LARGE_COMPANY,
        "large corporation": OrganisationKind.LARGE_COMPANY,
        "public authority": OrganisationKind.PUBLIC_AUTHORITY,
        "public authorities": OrganisationKind.PUBLIC_AUTHORITY,
        "public administration": OrganisationKind.PUBLIC_AUTHORITY,
        "public body": OrganisationKind.PUBLIC_AUTHORITY,
        "public agency": OrganisationKind.PUBLIC_AUTHORITY,
        # Innovation and regional development agencies are public bodies: the executive arm of
        # a ministry or a region, whatever support services they also run.
        "innovation agency": OrganisationKind.PUBLIC_AUTHORITY,
        "regional development agency": OrganisationKind.PUBLIC_AUTHORITY,
        "local authority": OrganisationKind.PUBLIC_AUTHORITY,
        "regional authority": OrganisationKind.PUBLIC_AUTHORITY,
        "national authority": OrganisationKind.PUBLIC_AUTHORITY,
        "municipality": OrganisationKind.PUBLIC_AUTHORITY,
        "city council": OrganisationKind.PUBLIC_AUTHORITY,
        "ministry": OrganisationKind.PUBLIC_AUTHORITY,
        "training provider": OrganisationKind.TRAINING_PROVIDER,
        "training providers": OrganisationKind.TRAINING_PROVIDER,
        "training organisation": OrganisationKind.TRAINING_PROVIDER,
        "training organization": OrganisationKind.TRAINING_PROVIDER,
        "vocational training provider": OrganisationKind.TRAINING_PROVIDER,
        "vocational training centre": OrganisationKind.TRAINING_PROVIDER,
        # The same kinds in the package's locales: the words of the EU's own translations of
        # "SME" (Recommendation 2003/361/EC: KMU, PME, pyme, PMI, mkb, kkv, KOBİ, SMV) and the
        # everyday names of the other kinds. Only words with one reading are listed.
        "KMU": OrganisationKind.SME,  # de
        "PME": OrganisationKind.SME,  # fr, pt
        "pyme": OrganisationKind.SME,  # es
        "PMI": OrganisationKind.SME,  # it
        "mkb": OrganisationKind.SME,  # nl
        "mkb-bedrijf": OrganisationKind.SME,  # nl
        "kkv": OrganisationKind.SME,  # hu
        "KOBİ": OrganisationKind.SME,  # tr
        "SMV": OrganisationKind.SME,  # da
        "Clusterorganisation": OrganisationKind.CLUSTER_ORGANISATION,  # de
        "Clustermanagement": OrganisationKind.CLUSTER_ORGANISATION,  # de
        "organisation de cluster": OrganisationKind.CLUSTER_ORGANISATION,  # fr
        "pôle de compétitivité": OrganisationKind.CLUSTER_ORGANISATION,  # fr: France's clusters
        "organización clúster": OrganisationKind.CLUSTER_ORGANISATION,  # es
        "clúster": OrganisationKind.CLUSTER_ORGANISATION,  # es
        "organizzazione cluster": OrganisationKind.CLUSTER_ORGANISATION,  # it
        "organização de cluster": OrganisationKind.CLUSTER_ORGANISATION,  # pt
        "clusterorganisatie": OrganisationKind.CLUSTER_ORGANISATION,  # nl
        "klaszter": OrganisationKind.CLUSTER_ORGANISATION,  # hu
        "klaszterszervezet": OrganisationKind.CLUSTER_ORGANISATION,  # hu
        "küme kuruluşu": OrganisationKind.CLUSTER_ORGANISATION,  # tr
        "klyngeorganisation": OrganisationKind.CLUSTER_ORGANISATION,  # da
        "Unternehmensnetzwerk": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # de
        "réseau d'entreprises": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # fr
        "red empresarial": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # es
        "rete di imprese": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # it
        "rede de empresas": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # pt
        "bedrijvennetwerk": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # nl
        "erhvervsnetværk": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # da
        "Forschungsinstitut": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # de
        "Forschungseinrichtung": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # de
        "Technologiezentrum": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # de
        "institut de recherche": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # fr
        "centre technologique": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # fr
        "instituto de investigación": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # es
        "centro tecnológico": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # es, pt
        "istituto di ricerca": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # it
        "instituto de investigação": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # pt
        "onderzoeksinstituut": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # nl
        "kutatóintézet": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # hu
        "araştırma enstitüsü": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # tr
        "forskningsinstitut": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # da
        "Großunternehmen": OrganisationKind.LARGE_COMPANY,  # de
        "grande entreprise": OrganisationKind.LARGE_COMPANY,  # fr
        "gran empresa": OrganisationKind.LARGE_COMPANY,  # es
        "grande impresa": OrganisationKind.LARGE_COMPANY,  # it
        "grande empresa": OrganisationKind.LARGE_COMPANY,  # pt
        "grote onderneming": OrganisationKind.LARGE_COMPANY,  # nl
        "nagyvállalat": OrganisationKind.LARGE_COMPANY,  # hu
        "büyük işletme": OrganisationKind.LARGE_COMPANY,  # tr
        "stor virksomhed": OrganisationKind.LARGE_COMPANY,  # da
        "Behörde": OrganisationKind.PUBLIC_AUTHORITY,  # de
        "öffentliche Verwaltung": OrganisationKind.PUBLIC_AUTHORITY,  # de
        "autorité publique": OrganisationKind.PUBLIC_AUTHORITY,  # fr
        "administration publique": OrganisationKind.PUBLIC_AUTHORITY,  # fr
        "administración pública": OrganisationKind.PUBLIC_AUTHORITY,  # es
        "pubblica amministrazione": OrganisationKind.PUBLIC_AUTHORITY,  # it
        "administração pública": OrganisationKind.PUBLIC_AUTHORITY,  # pt
        "overheidsinstantie": OrganisationKind.PUBLIC_AUTHORITY,  # nl
        "kamu kurumu": OrganisationKind.PUBLIC_AUTHORITY,  # tr
        "offentlig myndighed": OrganisationKind.PUBLIC_AUTHORITY,  # da
        "organisme de formation": OrganisationKind.TRAINING_PROVIDER,  # fr
        "ente di formazione": OrganisationKind.TRAINING_PROVIDER,  # it
        "entidade formadora": OrganisationKind.TRAINING_PROVIDER,  # pt
        # Chambers of commerce, research centres and incubators, as the English ones read.
        "chambre de commerce": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # fr
        "chambre de commerce et d'industrie": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        "CCI": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # fr
        "Handelskammer": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # de
        "Industrie- und Handelskammer": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # de
        "IHK": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # de
        "cámara de comercio": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # es
        "camera di commercio": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # it
        "câmara de comércio": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # pt
        "kamer van koophandel": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,  # nl
        "centre de recherche": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # fr
        "organisme de recherche": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # fr
        "Forschungszentrum": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # de
        "centro de investigación": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # es
        "centro di ricerca": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # it
        "centro de investigação": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # pt
        "onderzoekscentrum": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # nl
        "incubateur": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # fr
        "accélérateur": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # fr
        "Inkubator": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # de
        "Gründerzentrum": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # de
        "incubadora": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # es, pt
        "incubatore": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,  # it
        # An ETI (France's mid-sized firm, 250 to 4,999 staff) is above the EU's SME ceiling of
        # 250 staff (Recommendation 2003/361/EC): a large company for the scheme.
        "ETI": OrganisationKind.LARGE_COMPANY,  # fr
        "entreprise de taille intermédiaire": OrganisationKind.LARGE_COMPANY,  # fr
    }
)

#: Lifecycle statuses: the canonical ids, the labels of partnership reports, and the words of
#: coordinators' own sheets, each mapped to the lifecycle stage it asserts and no further. The
#: stages: registered (profile validated) -> matched (both sides agree) -> prepared (Commitment
#: to Quality and Financial Agreement signed) -> in progress -> awaiting the Final Activity
#: Report -> completed (report validated) -> paid; cancelled before completion.
STATUS_LABELS: Mapping[str, Status] = _folded(
    {
        **{status.value: status for status in Status},
        "in progress": Status.IN_PROGRESS,
        "ongoing": Status.IN_PROGRESS,
        "running": Status.IN_PROGRESS,
        "started": Status.IN_PROGRESS,
        # "Planned", "Approved" and "Confirmed": the exchange is agreed (by both sides or the
        # partnership) but nothing says its documents are signed, so matched, not prepared.
        # Matched asks nothing of the documents, so no lifecycle finding follows from it.
        "planned": Status.MATCHED,
        "scheduled": Status.MATCHED,
        "approved": Status.MATCHED,
        "confirmed": Status.MATCHED,
        "agreed": Status.MATCHED,
        # Postponed is not cancelled: the exchange is still planned (LABEL_NOTES warns).
        "postponed": Status.MATCHED,
        "rescheduled": Status.MATCHED,
        "signed": Status.PREPARED,
        "agreements signed": Status.PREPARED,
        "waiting for final activity report": Status.AWAITING_FINAL_REPORT,
        "waiting for final report": Status.AWAITING_FINAL_REPORT,
        "awaiting final activity report": Status.AWAITING_FINAL_REPORT,
        "awaiting final report": Status.AWAITING_FINAL_REPORT,
        "final report pending": Status.AWAITING_FINAL_REPORT,
        "final activity report pending": Status.AWAITING_FINAL_REPORT,
        "pending final report": Status.AWAITING_FINAL_REPORT,
        "final report due": Status.AWAITING_FINAL_REPORT,
        # A submitted report is not yet validated, and reports count an exchange as completed
        # only once its report is validated: still pending.
        "report submitted": Status.AWAITING_FINAL_REPORT,
        "final report submitted": Status.AWAITING_FINAL_REPORT,
        "final activity report submitted": Status.AWAITING_FINAL_REPORT,
        "report validated": Status.COMPLETED,
        "final report validated": Status.COMPLETED,
        "complete": Status.COMPLETED,
        "finished": Status.COMPLETED,
        "finalised": Status.COMPLETED,
        "finalized": Status.COMPLETED,
        "done": Status.COMPLETED,
        "completed, but without the IT tool": Status.COMPLETED,
        "completed but without the IT tool": Status.COMPLETED,
        "completed without the IT tool": Status.COMPLETED,
        "completed outside the IT tool": Status.COMPLETED,
        "completed (outside the IT tool)": Status.COMPLETED,
        "payment made": Status.PAID,
        "payment done": Status.PAID,
        "paid out": Status.PAID,
        "canceled": Status.CANCELLED,
        "cancelled by the visitor": Status.CANCELLED,
        "cancelled by the host": Status.CANCELLED,
        "withdrawn": Status.CANCELLED,
        "called off": Status.CANCELLED,
        # The same stages in the package's locales (the everyday words of partnership sheets).
        "Entwurf": Status.DRAFT,  # de
        "brouillon": Status.DRAFT,  # fr
        "borrador": Status.DRAFT,  # es
        "bozza": Status.DRAFT,  # it
        "rascunho": Status.DRAFT,  # pt
        "tervezet": Status.DRAFT,  # hu
        "taslak": Status.DRAFT,  # tr
        "kladde": Status.DRAFT,  # da
        "registriert": Status.REGISTERED,  # de
        "enregistré": Status.REGISTERED,  # fr
        "inscrit": Status.REGISTERED,  # fr
        "registrado": Status.REGISTERED,  # es, pt (br)
        "registrato": Status.REGISTERED,  # it
        "registado": Status.REGISTERED,  # pt
        "geregistreerd": Status.REGISTERED,  # nl
        "regisztrált": Status.REGISTERED,  # hu
        "registreret": Status.REGISTERED,  # da
        "geplant": Status.MATCHED,  # de: planned
        "bestätigt": Status.MATCHED,  # de: confirmed
        "genehmigt": Status.MATCHED,  # de: approved
        "verschoben": Status.MATCHED,  # de: postponed
        "prévu": Status.MATCHED,  # fr: planned
        "planifié": Status.MATCHED,  # fr
        "confirmé": Status.MATCHED,  # fr
        "approuvé": Status.MATCHED,  # fr
        "reporté": Status.MATCHED,  # fr: postponed
        "gepland": Status.MATCHED,  # nl
        "bevestigd": Status.MATCHED,  # nl
        "goedgekeurd": Status.MATCHED,  # nl
        "uitgesteld": Status.MATCHED,  # nl: postponed
        "planificado": Status.MATCHED,  # es
        "previsto": Status.MATCHED,  # es, it, pt
        "confirmado": Status.MATCHED,  # es, pt
        "aprobado": Status.MATCHED,  # es
        "aplazado": Status.MATCHED,  # es: postponed
        "pianificato": Status.MATCHED,  # it
        "confermato": Status.MATCHED,  # it
        "approvato": Status.MATCHED,  # it
        "rinviato": Status.MATCHED,  # it: postponed
        "planeado": Status.MATCHED,  # pt
        "aprovado": Status.MATCHED,  # pt
        "adiado": Status.MATCHED,  # pt: postponed
        "tervezett": Status.MATCHED,  # hu
        "jóváhagyott": Status.MATCHED,  # hu: approved
        "elhalasztva": Status.MATCHED,  # hu: postponed
        "planlandı": Status.MATCHED,  # tr
        "onaylandı": Status.MATCHED,  # tr: approved, confirmed
        "ertelendi": Status.MATCHED,  # tr: postponed
        "planlagt": Status.MATCHED,  # da
        "bekræftet": Status.MATCHED,  # da
        "godkendt": Status.MATCHED,  # da
        "udsat": Status.MATCHED,  # da: postponed
        "laufend": Status.IN_PROGRESS,  # de
        "läuft": Status.IN_PROGRESS,  # de
        "in Durchführung": Status.IN_PROGRESS,  # de: being carried out
        "en cours": Status.IN_PROGRESS,  # fr
        "lopend": Status.IN_PROGRESS,  # nl
        "en curso": Status.IN_PROGRESS,  # es
        "in corso": Status.IN_PROGRESS,  # it
        "em curso": Status.IN_PROGRESS,  # pt
        "em andamento": Status.IN_PROGRESS,  # pt
        "folyamatban": Status.IN_PROGRESS,  # hu
        "devam ediyor": Status.IN_PROGRESS,  # tr
        "i gang": Status.IN_PROGRESS,  # da
        "Abschlussbericht ausstehend": Status.AWAITING_FINAL_REPORT,  # de
        "rapport final en attente": Status.AWAITING_FINAL_REPORT,  # fr
        "en attente du rapport final": Status.AWAITING_FINAL_REPORT,  # fr
        "en attente du rapport final d'activité": Status.AWAITING_FINAL_REPORT,  # fr
        "rapport final soumis": Status.AWAITING_FINAL_REPORT,  # fr: submitted, not validated
        "rapport final remis": Status.AWAITING_FINAL_REPORT,  # fr
        "wartet auf Abschlussbericht": Status.AWAITING_FINAL_REPORT,  # de
        "Warten auf Abschlussbericht": Status.AWAITING_FINAL_REPORT,  # de
        "Abschlussbericht eingereicht": Status.AWAITING_FINAL_REPORT,  # de: submitted
        "pendiente del informe final": Status.AWAITING_FINAL_REPORT,  # es
        "a la espera del informe final": Status.AWAITING_FINAL_REPORT,  # es
        "in attesa della relazione finale": Status.AWAITING_FINAL_REPORT,  # it
        "a aguardar o relatório final": Status.AWAITING_FINAL_REPORT,  # pt
        "rapport final validé": Status.COMPLETED,  # fr
        "Abschlussbericht validiert": Status.COMPLETED,  # de
        "Abschlussbericht genehmigt": Status.COMPLETED,  # de
        "informe final validado": Status.COMPLETED,  # es
        "relazione finale approvata": Status.COMPLETED,  # it
        "abgeschlossen": Status.COMPLETED,  # de
        "beendet": Status.COMPLETED,  # de
        "terminé": Status.COMPLETED,  # fr
        "achevé": Status.COMPLETED,  # fr
        "finalisé": Status.COMPLETED,  # fr
        "afgerond": Status.COMPLETED,  # nl
        "voltooid": Status.COMPLETED,  # nl
        "finalizado": Status.COMPLETED,  # es, pt
        "completado": Status.COMPLETED,  # es
        "terminado": Status.COMPLETED,  # es, pt
        "completato": Status.COMPLETED,  # it
        "concluso": Status.COMPLETED,  # it
        "concluído": Status.COMPLETED,  # pt
        "befejezett": Status.COMPLETED,  # hu
        "befejezve": Status.COMPLETED,  # hu
        "tamamlandı": Status.COMPLETED,  # tr
        "afsluttet": Status.COMPLETED,  # da
        "gennemført": Status.COMPLETED,  # da
        "bezahlt": Status.PAID,  # de
        "ausgezahlt": Status.PAID,  # de
        "payé": Status.PAID,  # fr
        "betaald": Status.PAID,  # nl
        "pagado": Status.PAID,  # es
        "pagato": Status.PAID,  # it
        "kifizetve": Status.PAID,  # hu
        "kifizetett": Status.PAID,  # hu
        "ödendi": Status.PAID,  # tr
        "betalt": Status.PAID,  # da
        "storniert": Status.CANCELLED,  # de
        "abgesagt": Status.CANCELLED,  # de
        "annulé": Status.CANCELLED,  # fr
        "geannuleerd": Status.CANCELLED,  # nl
        "cancelado": Status.CANCELLED,  # es, pt
        "anulado": Status.CANCELLED,  # es, pt
        "annullato": Status.CANCELLED,  # it
        "törölve": Status.CANCELLED,  # hu
        "lemondva": Status.CANCELLED,  # hu
        "iptal edildi": Status.CANCELLED,  # tr
        "iptal": Status.CANCELLED,  # tr
        "aflyst": Status.CANCELLED,  # da
        "annulleret": Status.CANCELLED,  # da
    }
)

#: Labels with several plausible readings, and the choices a coordinator picks from. A cell
#: holding one is an error that lists them, never a guess: the readings differ in eligibility
#: (a scaling-up support organisation must be a cluster member to visit; a business network
#: organisation need not) or in KPIs (pending or not).
AMBIGUOUS_LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "organisation kind": _folded(
            {
                "university": "a university may be a research institute "
                "(scaling_up_support_organisation), a training_provider or a public_authority",
                "business support organisation": "a business support organisation may be a "
                "business_network_organisation (a chamber, an association of firms) or a "
                "scaling_up_support_organisation (an incubator, an accelerator, an agency's "
                "innovation service)",
                "business support organization": "a business support organisation may be a "
                "business_network_organisation or a scaling_up_support_organisation",
                "company": "a company may be an sme or a large_company",
                "enterprise": "an enterprise may be an sme or a large_company",
                **dict.fromkeys(
                    # The same word in the package's locales.
                    (
                        "université",
                        "Universität",
                        "Hochschule",
                        "universidad",
                        "università",
                        "universidade",
                        "universiteit",
                        "hogeschool",
                        "egyetem",
                        "üniversite",
                        "universitet",
                    ),
                    "a university may be a research institute (scaling_up_support_organisation), "
                    "a training_provider or a public_authority",
                ),
                **{
                    word: f"{word} (a company) may be an sme or a large_company"
                    for word in ("entreprise", "Unternehmen", "empresa", "impresa")
                },
            }
        ),
        "status": _folded(
            {
                "pending": "pending may be registered or matched (not yet agreed) or "
                "awaiting_final_report (the exchange took place, its report is awaited)",
                "open": "open may be any status before completed",
                "closed": "closed may be completed or cancelled",
                "in Bearbeitung": "in Bearbeitung may be in_progress (the exchange under way) "
                "or awaiting_final_report (its report being processed)",
                "offen": "offen (open) may be any status before completed",
                "en attente": "en attente (pending) may be registered or matched (not yet "
                "agreed) or awaiting_final_report (the exchange took place, its report is "
                "awaited)",
                # "Carried out" and "validated" say that something happened, not what: the
                # exchange (its report may still be awaited), its report, or a profile.
                **{
                    word: f"{word} (carried out) may be awaiting_final_report (the exchange "
                    "took place, its report is awaited) or completed (its report validated)"
                    for word in (
                        "réalisé",
                        "effectué",
                        "durchgeführt",
                        "realizado",
                        "realizzato",
                        "svolto",
                        "uitgevoerd",
                    )
                },
                **{
                    word: f"{word} (validated) may be registered (the profile validated), "
                    "matched (the exchange approved) or completed (its final report validated)"
                    for word in ("validé", "validiert", "validado", "validato", "gevalideerd")
                },
            }
        ),
        "mode": _folded(
            dict.fromkeys(
                # hybrid in en, de, da; then fr and nl, es and pt, it, hu, tr
                ("hybrid", "hybride", "híbrido", "ibrido", "hibrid", "hibrit"),
                "a hybrid exchange must be recorded as physical or virtual",
            )
        ),
    }
)

#: What a label's reading means, added to the warning that notes it (folded label -> note).
LABEL_NOTES: Mapping[str, str] = _folded(
    dict.fromkeys(
        (
            "postponed",
            "rescheduled",
            "verschoben",
            "reporté",
            "uitgesteld",
            "aplazado",
            "rinviato",
            "adiado",
            "elhalasztva",
            "ertelendi",
            "udsat",
        ),
        "a postponed exchange is still planned, not cancelled: check its dates",
    )
)

#: Status labels that also say the exchange was run outside the official IT tool, so it has
#: no tool ID (docs/domain.md "Lifecycle and documents"); the reader notes it in a warning.
WITHOUT_IT_TOOL_LABELS: frozenset[str] = frozenset(
    label
    for label in STATUS_LABELS
    if "without the it tool" in label or "outside the it tool" in label
)

#: Relation of the visitor to its partnership (docs/design.md: ``inside``/``outside``).
RELATION_LABELS: Mapping[str, Relation] = _folded(
    {
        "inside": Relation.INSIDE,
        "inside the partnership": Relation.INSIDE,
        "inside partnership": Relation.INSIDE,
        "internal": Relation.INSIDE,
        "outside": Relation.OUTSIDE,
        "outside the partnership": Relation.OUTSIDE,
        "outside partnership": Relation.OUTSIDE,
        "external": Relation.OUTSIDE,
    }
)

#: Mode of an exchange (docs/design.md: ``physical``/``virtual``).
MODE_LABELS: Mapping[str, Mode] = _folded(
    {
        "physical": Mode.PHYSICAL,
        "in person": Mode.PHYSICAL,
        "in-person": Mode.PHYSICAL,
        "on site": Mode.PHYSICAL,
        "onsite": Mode.PHYSICAL,
        "face to face": Mode.PHYSICAL,
        "virtual": Mode.VIRTUAL,
        "online": Mode.VIRTUAL,
        "remote": Mode.VIRTUAL,
        # The same in the package's locales (the everyday words of partnership sheets).
        "Präsenz": Mode.PHYSICAL,  # de
        "in Präsenz": Mode.PHYSICAL,  # de
        "vor Ort": Mode.PHYSICAL,  # de
        "physisch": Mode.PHYSICAL,  # de
        "virtuell": Mode.VIRTUAL,  # de
        "présentiel": Mode.PHYSICAL,  # fr
        "en présentiel": Mode.PHYSICAL,  # fr
        "sur place": Mode.PHYSICAL,  # fr
        "physique": Mode.PHYSICAL,  # fr
        "virtuel": Mode.VIRTUAL,  # fr, da
        "en ligne": Mode.VIRTUAL,  # fr
        "à distance": Mode.VIRTUAL,  # fr
        "distanciel": Mode.VIRTUAL,  # fr
        "en distanciel": Mode.VIRTUAL,  # fr
        "fysiek": Mode.PHYSICAL,  # nl
        "op locatie": Mode.PHYSICAL,  # nl
        "virtueel": Mode.VIRTUAL,  # nl
        "presencial": Mode.PHYSICAL,  # es, pt
        "físico": Mode.PHYSICAL,  # es, pt; it "fisico"
        "en línea": Mode.VIRTUAL,  # es
        "a distancia": Mode.VIRTUAL,  # es
        "in presenza": Mode.PHYSICAL,  # it
        "virtuale": Mode.VIRTUAL,  # it
        "a distanza": Mode.VIRTUAL,  # it
        "à distância": Mode.VIRTUAL,  # pt
        "személyes": Mode.PHYSICAL,  # hu: in person
        "virtuális": Mode.VIRTUAL,  # hu
        "yüz yüze": Mode.PHYSICAL,  # tr: face to face
        "sanal": Mode.VIRTUAL,  # tr
        "çevrimiçi": Mode.VIRTUAL,  # tr: online
        "fysisk": Mode.PHYSICAL,  # da
    }
)

#: Cluster-cell values that say "member of no cluster" (an empty tuple), as opposed to a blank
#: cell, which says "not recorded" (``None``): reading a blank as "no cluster" would turn an
#: unknown into an ineligible SME.
NO_CLUSTER_LABELS: frozenset[str] = frozenset(
    {"none", "no cluster", "no clusters", "not a cluster member", "no membership"}
)

#: Values a spreadsheet shows in a cell whose formula failed; never a name or a date.
EXCEL_ERRORS: frozenset[str] = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)

#: Cell values that say "not recorded", read as a blank cell with a warning listing their
#: rows (case aside): "not applicable" and "not available" in the package's languages (k.A.,
#: keine Angabe; n.d., non disponible / no disponible / non disponibile), a dash, "unknown",
#: "to be decided". A name is never one of them: ``N/A`` as a host is an organisation's name.
NOT_RECORDED: frozenset[str] = frozenset(
    {
        "n/a", "na", "n.a.", "n. a.", "n/d", "n.d.", "k.a.", "k. a.", "keine angabe",
        "-", "--", "–", "—", "?", "unknown", "not known", "tbd", "tbc", "inconnu",
        "unbekannt", "desconocido", "sconosciuto", "onbekend",
    }
)  # fmt: skip
