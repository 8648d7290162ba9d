"""The headers partnerships write above their exchange tables, mapped to canonical columns.

This is a data module: :data:`HEADER_ALIASES` is every header the readers recognise besides the
canonical column names themselves, each with the language it is written in and where it comes
from (:data:`ALIAS_SOURCES`), so the documentation lists it as is (the command-line page's
"Column headers" section is generated from it). Headers are matched after
:func:`fold_header`: case, accents, punctuation and a distance unit (``(km)``, ``[km]``,
``in km``) do not matter, so ``Distance (km)``, ``distance in KM`` and ``DISTANCE`` are one
header.

Three headers name a column of either side and take the side from where they stand
(:data:`SIDED_HEADERS`): a bare ``Type of entity``, ``Country`` or ``PIC`` (and their
translations) is the host's or the visitor's after the nearest host or visitor column to its
left. ``Type of entity`` with no such column to its left is the visitor's (the kind that
partnership reports count); a ``Country`` or ``PIC`` there is reported and ignored.

Choosing aliases, a wrong guess is worse than an unknown column (which is reported and can be
mapped with ``--columns``): headers with two plausible meanings are left out, such as ``No.``
(a row number or an exchange's?), ``Group`` (a label or a count?), ``Duration`` (calendar or
working days?), ``From`` and ``To``, bare ``Gast`` (German for guest, but "Gastorganisation"
is the host), bare ``Hôte`` (French for the host and the guest alike), and the Italian and
Spanish ``Stato``/``Estado``, which also mean "country".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from clusterxchange.io._folding import unaccented

__all__ = [
    "ALIAS_SOURCES",
    "COLUMN_ALIASES",
    "HEADER_ALIASES",
    "SIDED_HEADERS",
    "HeaderAlias",
    "canonical_column",
    "date_hint",
    "fold_header",
    "is_hint_row",
    "without_date_hint",
]

#: Where the aliases come from, by the key each :class:`HeaderAlias` names.
ALIAS_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "it-tool": "exports of the ECCP IT tool, old and new (exchange lists)",
        "report": "the exchange tables in the annexes of partnership mid-term reports",
        "coordinator": "coordinators' own tracking sheets",
        "translation": "the same headers as coordinators write them in the package's languages",
    }
)


class HeaderAlias(NamedTuple):
    """One header partnerships write, and the column it names.

    Attributes:
        header: The header as written (matched after :func:`fold_header`).
        column: The canonical column; ``{side}_kind``, ``{side}_country`` and ``{side}_pic``
            for a header that takes its side from where it stands (:data:`SIDED_HEADERS`).
        language: The language it is written in (``en``, or a locale of the package).
        source: Where it comes from: a key of :data:`ALIAS_SOURCES`.
    """

    header: str
    column: str
    language: str
    source: str


def _aliases(column: str, source: str, language: str, *headers: str) -> list[HeaderAlias]:
    return [HeaderAlias(header, column, language, source) for header in headers]


_IT, _REPORT, _SHEET, _TR = "it-tool", "report", "coordinator", "translation"

#: Every header recognised besides the canonical names, in the order the docs list them.
HEADER_ALIASES: tuple[HeaderAlias, ...] = (
    # English: the IT tool's exports, the mid-term report annexes, coordinators' sheets.
    *_aliases("id", _REPORT, "en", "Exchange no.", "Exchange number", "Exchange nr"),
    *_aliases("id", _IT, "en", "Exchange ID", "Exchange code", "IT tool ID", "Tool ID"),
    *_aliases("host", _REPORT, "en", "HO"),
    *_aliases("host", _IT, "en", "Host organisation", "Host organization",
              "Hosting organisation", "Hosting organization", "Host organisation name"),
    *_aliases("host", _SHEET, "en", "Host name", "Name of host", "Name of host organisation"),
    *_aliases("host_country", _SHEET, "en", "Country of host", "Country of host organisation",
              "HO country", "Country (host)"),
    *_aliases("host_country", _IT, "en", "Host organisation country", "Host organization country"),
    *_aliases("host_kind", _SHEET, "en", "Type of entity (host)", "Host type of entity",
              "HO type of entity", "Host type", "Type of host",
              "Type of host organisation"),
    *_aliases("host_kind", _IT, "en", "Host organisation type", "Host organization type",
              "Host entity type"),
    *_aliases("host_partnership", _REPORT, "en", "HOP"),
    *_aliases("host_partnership", _SHEET, "en", "Partnership of host", "Host ESCP"),
    *_aliases("host_pic", _IT, "en", "HO PIC", "PIC (host)"),
    *_aliases("host_lat", _SHEET, "en", "Host latitude"),
    *_aliases("host_lon", _SHEET, "en", "Host longitude"),
    *_aliases("host_clusters", _SHEET, "en", "Host cluster membership"),
    *_aliases("visitor", _REPORT, "en", "VO"),
    *_aliases("visitor", _IT, "en", "Visiting organisation", "Visiting organization",
              "Visitor organisation", "Visitor organization", "Visiting organisation name"),
    *_aliases("visitor", _SHEET, "en", "Visitor name", "Name of visitor",
              "Name of visiting organisation"),
    *_aliases("visitor_country", _SHEET, "en", "Country of visitor",
              "Country of visiting organisation", "VO country", "Country (visitor)"),
    *_aliases("visitor_country", _IT, "en", "Visiting organisation country",
              "Visiting organization country"),
    *_aliases("visitor_kind", _REPORT, "en", "VO Type of entity"),
    *_aliases("visitor_kind", _SHEET, "en", "Type of entity (visitor)", "Visitor type of entity",
              "Visitor type", "Type of visitor",
              "Type of visiting organisation"),
    *_aliases("visitor_kind", _IT, "en", "Visiting organisation type",
              "Visiting organization type", "Visitor entity type"),
    *_aliases("visitor_partnership", _REPORT, "en", "VOP"),
    # A bare "Partnership" is the visitor's: the partnership that pays and counts the exchange.
    *_aliases("visitor_partnership", _SHEET, "en", "Partnership", "Partnership of visitor",
              "Visiting partnership", "Visitor ESCP"),
    *_aliases("visitor_pic", _IT, "en", "VO PIC", "PIC (visitor)"),
    *_aliases("visitor_lat", _SHEET, "en", "Visitor latitude"),
    *_aliases("visitor_lon", _SHEET, "en", "Visitor longitude"),
    *_aliases("visitor_clusters", _SHEET, "en", "Visitor cluster membership"),
    *_aliases("relation", _REPORT, "en", "Inside/outside partnership",
              "Inside/outside the partnership"),
    *_aliases("relation", _SHEET, "en", "Inside or outside the partnership",
              "Relation to the partnership"),
    *_aliases("event", _REPORT, "en", "(Group) exchange"),
    *_aliases("event", _SHEET, "en", "Event name", "Group/event"),
    *_aliases("start", _IT, "en", "Start date", "First day"),
    *_aliases("start", _SHEET, "en", "Date of start", "Starting date", "Start of exchange"),
    *_aliases("end", _IT, "en", "End date", "Last day"),
    *_aliases("end", _SHEET, "en", "Date of end", "Ending date", "End of exchange"),
    # One cell for both days ("06/03/2023 - 17/03/2023"): read as start and end.
    *_aliases("period", _SHEET, "en", "Dates", "Dates of exchange",
              "Dates of the exchange", "Exchange dates", "Exchange period", "Period of exchange",
              "Activity dates", "Dates of activity"),
    *_aliases("working_days", _SHEET, "en", "Number of working days", "No. of working days"),
    *_aliases("mode", _SHEET, "en", "Physical/virtual", "Physical or virtual", "Mode of exchange"),
    # The mode as a tick column ("Virtual?" over Yes and No): read as the mode. A header's
    # punctuation is folded away: "Online?" is "Online", "Virtual?" the column's own name.
    *_aliases("virtual", _SHEET, "en", "Virtual exchange", "Online",
              "Online exchange", "Remote"),
    *_aliases("status", _IT, "en", "Exchange status"),
    *_aliases("distance_km", _SHEET, "en", "Distance", "Travel distance", "Distance travelled",
              "Declared distance", "Km"),
    *_aliases("remarks", _REPORT, "en", "Remark", "Comments", "Comment"),
    *_aliases("remarks", _SHEET, "en", "Notes", "Note", "Observations"),
    *_aliases("visitor_count", _SHEET, "en", "Number of visitors", "No. of visitors",
              "Group size"),
    *_aliases("prior_approval", _SHEET, "en", "Agency approval"),
    *_aliases("report_submitted", _SHEET, "en", "Final report submitted",
              "Final activity report submitted", "Final report submission date",
              "Date of submission of the final report", "FAR submitted"),
    *_aliases("report_validated", _SHEET, "en", "Final report validated",
              "Final activity report validated", "Final report validation date",
              "Date of validation of the final report", "FAR validated"),
    *_aliases("paid_on", _SHEET, "en", "Date of payment", "Payment date", "Date paid"),
    # A bare "Paid" is the amount: a "yes" or a date in it is a cell error, never a guess.
    *_aliases("paid_amount", _SHEET, "en", "Paid", "Amount paid", "Amount paid (EUR)",
              "Payment amount", "Lump sum paid"),
    # Bare headers that take their side from where they stand.
    *_aliases("{side}_kind", _SHEET, "en", "Type of entity", "Entity type",
              "Type of organisation", "Organisation type"),
    *_aliases("{side}_country", _SHEET, "en", "Country"),
    *_aliases("{side}_pic", _IT, "en", "PIC"),
    # German. "Gastorganisation" is the host, as in Erasmus+ (the organisation one is a guest of).
    *_aliases("id", _TR, "de", "Austausch-Nr.", "Austauschnummer"),
    *_aliases("host", _TR, "de", "Gastorganisation", "Gastgeber", "Gastgebende Organisation",
              "Aufnehmende Organisation"),
    *_aliases("host_country", _TR, "de", "Land der Gastorganisation", "Land des Gastgebers",
              "Gastland", "Land Gastgeber", "Gastgeberland"),
    *_aliases("host_kind", _TR, "de", "Art der Gastorganisation", "Typ der Gastorganisation",
              "Art des Gastgebers", "Art Gastgeber", "Typ Gastgeber"),
    # A bare "Gast" is not guessed (the guest, or the organisation one is a guest of).
    *_aliases("visitor", _TR, "de", "Besuchende Organisation", "Entsendende Organisation",
              "Besucher", "Besucherorganisation"),
    *_aliases("visitor_country", _TR, "de", "Land der besuchenden Organisation",
              "Herkunftsland", "Land des Besuchers", "Land Besucher"),
    *_aliases("visitor_kind", _TR, "de", "Art der besuchenden Organisation",
              "Typ der besuchenden Organisation", "Art des Besuchers", "Art Besucher",
              "Typ Besucher"),
    *_aliases("host_pic", _TR, "de", "PIC Gastgeber", "PIC des Gastgebers",
              "PIC der Gastorganisation", "Gastgeber-PIC"),
    *_aliases("visitor_pic", _TR, "de", "PIC Besucher", "PIC des Besuchers",
              "PIC der besuchenden Organisation", "Besucher-PIC"),
    *_aliases("visitor_partnership", _TR, "de", "Partnerschaft"),
    *_aliases("relation", _TR, "de", "Innerhalb/außerhalb der Partnerschaft"),
    *_aliases("event", _TR, "de", "Gruppenaustausch", "Veranstaltung"),
    *_aliases("start", _TR, "de", "Beginn", "Startdatum", "Anfangsdatum"),
    *_aliases("end", _TR, "de", "Ende", "Enddatum"),
    *_aliases("period", _TR, "de", "Zeitraum", "Austauschzeitraum"),
    *_aliases("working_days", _TR, "de", "Arbeitstage", "Anzahl Arbeitstage"),
    *_aliases("distance_km", _TR, "de", "Entfernung", "Distanz"),
    *_aliases("mode", _TR, "de", "Modus", "Präsenz/virtuell", "Präsenz oder virtuell"),
    *_aliases("virtual", _TR, "de", "Virtuell", "Virtueller Austausch"),
    *_aliases("remarks", _TR, "de", "Bemerkungen", "Anmerkungen", "Kommentar", "Kommentare"),
    *_aliases("visitor_count", _TR, "de", "Anzahl der Besucher", "Anzahl Besucher"),
    *_aliases("{side}_kind", _TR, "de", "Organisationstyp", "Art der Organisation", "Art", "Typ"),
    *_aliases("report_submitted", _TR, "de", "Abschlussbericht eingereicht"),
    *_aliases("report_validated", _TR, "de", "Abschlussbericht validiert",
              "Abschlussbericht genehmigt"),
    *_aliases("paid_on", _TR, "de", "Zahlungsdatum", "Datum der Zahlung"),
    *_aliases("paid_amount", _TR, "de", "Gezahlter Betrag", "Ausgezahlter Betrag"),
    *_aliases("{side}_country", _TR, "de", "Land"),
    # French.
    *_aliases("id", _TR, "fr", "N° d'échange", "Numéro d'échange", "N° échange", "ID échange",
              "Identifiant de l'échange"),
    *_aliases("host", _TR, "fr", "Organisation d'accueil", "Organisme d'accueil",
              "Structure d'accueil"),
    # "Hôte" is the host and the guest alike: bare, it is not guessed; "organisation hôte",
    # "pays hôte" are the host's.
    *_aliases("host", _TR, "fr", "Organisation hôte"),
    *_aliases("host_country", _TR, "fr", "Pays d'accueil", "Pays de l'organisation d'accueil",
              "Pays hôte", "Pays de l'hôte"),
    *_aliases("host_kind", _TR, "fr", "Type de l'organisation d'accueil",
              "Type d'organisation d'accueil", "Type hôte", "Type de l'hôte"),
    *_aliases("host_pic", _TR, "fr", "PIC de l'organisation d'accueil", "PIC hôte",
              "PIC de l'hôte", "PIC d'accueil"),
    *_aliases("visitor", _TR, "fr", "Organisation visiteuse", "Organisme visiteur", "Visiteur"),
    *_aliases("visitor_country", _TR, "fr", "Pays de l'organisation visiteuse",
              "Pays d'origine", "Pays visiteur", "Pays du visiteur"),
    *_aliases("visitor_kind", _TR, "fr", "Type de l'organisation visiteuse", "Type visiteur",
              "Type du visiteur", "Type de visiteur"),
    *_aliases("visitor_pic", _TR, "fr", "PIC de l'organisation visiteuse", "PIC visiteur",
              "PIC du visiteur"),
    *_aliases("visitor_partnership", _TR, "fr", "Partenariat"),
    *_aliases("event", _TR, "fr", "Échange de groupe", "Événement"),
    *_aliases("start", _TR, "fr", "Date de début", "Début"),
    *_aliases("end", _TR, "fr", "Date de fin", "Fin"),
    *_aliases("period", _TR, "fr", "Période", "Dates de l'échange", "Période de l'échange"),
    *_aliases("working_days", _TR, "fr", "Jours ouvrés", "Nombre de jours ouvrés"),
    *_aliases("remarks", _TR, "fr", "Remarques", "Commentaires"),
    *_aliases("status", _TR, "fr", "Statut"),
    *_aliases("mode", _TR, "fr", "Modalité", "Présentiel/virtuel", "Présentiel ou virtuel"),
    *_aliases("virtual", _TR, "fr", "Virtuel", "En ligne", "Échange virtuel"),
    *_aliases("visitor_count", _TR, "fr", "Nombre de visiteurs"),
    *_aliases("{side}_kind", _TR, "fr", "Type d'entité", "Type d'organisation"),
    *_aliases("report_submitted", _TR, "fr", "Rapport final soumis", "Rapport final remis"),
    *_aliases("report_validated", _TR, "fr", "Rapport final validé"),
    *_aliases("paid_on", _TR, "fr", "Date de paiement", "Date du paiement"),
    *_aliases("paid_amount", _TR, "fr", "Montant payé", "Montant versé"),
    *_aliases("{side}_country", _TR, "fr", "Pays"),
    # Dutch.
    *_aliases("host", _TR, "nl", "Gastorganisatie", "Ontvangende organisatie"),
    *_aliases("host_country", _TR, "nl", "Land van de gastorganisatie"),
    *_aliases("visitor", _TR, "nl", "Bezoekende organisatie"),
    *_aliases("visitor_country", _TR, "nl", "Land van de bezoekende organisatie"),
    *_aliases("visitor_partnership", _TR, "nl", "Partnerschap"),
    *_aliases("start", _TR, "nl", "Begindatum"),
    *_aliases("end", _TR, "nl", "Einddatum"),
    *_aliases("period", _TR, "nl", "Periode"),
    *_aliases("virtual", _TR, "nl", "Virtueel"),
    *_aliases("working_days", _TR, "nl", "Werkdagen", "Aantal werkdagen"),
    *_aliases("distance_km", _TR, "nl", "Afstand"),
    *_aliases("remarks", _TR, "nl", "Opmerkingen"),
    *_aliases("visitor_count", _TR, "nl", "Aantal bezoekers"),
    *_aliases("{side}_kind", _TR, "nl", "Type organisatie"),
    *_aliases("report_submitted", _TR, "nl", "Eindrapport ingediend"),
    *_aliases("report_validated", _TR, "nl", "Eindrapport gevalideerd", "Eindrapport goedgekeurd"),
    *_aliases("paid_on", _TR, "nl", "Betaaldatum", "Datum van betaling"),
    *_aliases("paid_amount", _TR, "nl", "Betaald bedrag"),
    # Spanish.
    *_aliases("host", _TR, "es", "Organización anfitriona", "Organización de acogida"),
    *_aliases("host_country", _TR, "es", "País de la organización anfitriona", "País anfitrión"),
    *_aliases("host_kind", _TR, "es", "Tipo anfitrión", "Tipo de anfitrión"),
    *_aliases("host_pic", _TR, "es", "PIC anfitrión", "PIC de la organización anfitriona"),
    *_aliases("visitor", _TR, "es", "Organización visitante"),
    *_aliases("visitor_country", _TR, "es", "País de la organización visitante",
              "País visitante"),
    *_aliases("visitor_kind", _TR, "es", "Tipo visitante", "Tipo de visitante"),
    *_aliases("visitor_pic", _TR, "es", "PIC visitante", "PIC de la organización visitante"),
    *_aliases("start", _TR, "es", "Fecha de inicio"),
    *_aliases("end", _TR, "es", "Fecha de fin", "Fecha de finalización"),
    *_aliases("period", _TR, "es", "Fechas", "Periodo", "Período"),
    *_aliases("working_days", _TR, "es", "Días laborables"),
    *_aliases("distance_km", _TR, "es", "Distancia"),
    *_aliases("mode", _TR, "es", "Modalidad", "Presencial/virtual"),
    *_aliases("virtual", _TR, "es", "Intercambio virtual"),
    *_aliases("remarks", _TR, "es", "Observaciones", "Comentarios"),
    *_aliases("status", _TR, "es", "Estado del intercambio"),
    *_aliases("visitor_count", _TR, "es", "Número de visitantes"),
    *_aliases("{side}_kind", _TR, "es", "Tipo de entidad"),
    *_aliases("report_submitted", _TR, "es", "Informe final presentado"),
    *_aliases("report_validated", _TR, "es", "Informe final validado"),
    *_aliases("paid_on", _TR, "es", "Fecha de pago"),
    *_aliases("paid_amount", _TR, "es", "Importe pagado"),
    *_aliases("{side}_country", _TR, "es", "País"),
    # Italian.
    *_aliases("host", _TR, "it", "Organizzazione ospitante"),
    *_aliases("host_country", _TR, "it", "Paese dell'organizzazione ospitante",
              "Paese ospitante"),
    *_aliases("host_kind", _TR, "it", "Tipo ospitante", "Tipo di ospitante"),
    *_aliases("host_pic", _TR, "it", "PIC ospitante", "PIC dell'organizzazione ospitante"),
    *_aliases("visitor", _TR, "it", "Organizzazione in visita"),
    *_aliases("visitor_country", _TR, "it", "Paese dell'organizzazione in visita",
              "Paese visitatore", "Paese del visitatore"),
    *_aliases("visitor_kind", _TR, "it", "Tipo visitatore", "Tipo di visitatore"),
    *_aliases("visitor_pic", _TR, "it", "PIC visitatore", "PIC del visitatore"),
    *_aliases("start", _TR, "it", "Data di inizio"),
    *_aliases("end", _TR, "it", "Data di fine"),
    *_aliases("period", _TR, "it", "Periodo"),
    *_aliases("working_days", _TR, "it", "Giorni lavorativi"),
    *_aliases("distance_km", _TR, "it", "Distanza"),
    *_aliases("mode", _TR, "it", "Modalità", "In presenza/virtuale"),
    *_aliases("virtual", _TR, "it", "Virtuale", "Scambio virtuale"),
    *_aliases("remarks", _TR, "it", "Osservazioni", "Commenti"),
    *_aliases("status", _TR, "it", "Stato dello scambio"),
    *_aliases("visitor_count", _TR, "it", "Numero di visitatori"),
    *_aliases("{side}_kind", _TR, "it", "Tipo di ente"),
    *_aliases("report_submitted", _TR, "it", "Relazione finale presentata"),
    *_aliases("report_validated", _TR, "it", "Relazione finale convalidata",
              "Relazione finale validata"),
    *_aliases("paid_on", _TR, "it", "Data di pagamento", "Data del pagamento"),
    *_aliases("paid_amount", _TR, "it", "Importo pagato"),
    *_aliases("{side}_country", _TR, "it", "Paese"),
    # Portuguese.
    *_aliases("host", _TR, "pt", "Organização anfitriã", "Organização de acolhimento"),
    *_aliases("host_country", _TR, "pt", "País da organização anfitriã"),
    *_aliases("visitor", _TR, "pt", "Organização visitante"),
    *_aliases("visitor_country", _TR, "pt", "País da organização visitante"),
    *_aliases("start", _TR, "pt", "Data de início"),
    *_aliases("end", _TR, "pt", "Data de fim"),
    *_aliases("period", _TR, "pt", "Período", "Datas"),
    *_aliases("working_days", _TR, "pt", "Dias úteis"),
    *_aliases("distance_km", _TR, "pt", "Distância"),
    *_aliases("mode", _TR, "pt", "Modalidade", "Presencial/virtual"),
    *_aliases("virtual", _TR, "pt", "Intercâmbio virtual"),
    *_aliases("remarks", _TR, "pt", "Observações", "Comentários"),
    *_aliases("{side}_kind", _TR, "pt", "Tipo de entidade"),
    *_aliases("report_submitted", _TR, "pt", "Relatório final apresentado",
              "Relatório final submetido"),
    *_aliases("report_validated", _TR, "pt", "Relatório final validado"),
    *_aliases("paid_on", _TR, "pt", "Data de pagamento", "Data do pagamento"),
    *_aliases("paid_amount", _TR, "pt", "Montante pago", "Valor pago"),
    # Hungarian.
    *_aliases("host", _TR, "hu", "Fogadó szervezet"),
    *_aliases("host_country", _TR, "hu", "Fogadó szervezet országa"),
    *_aliases("visitor", _TR, "hu", "Látogató szervezet"),
    *_aliases("visitor_country", _TR, "hu", "Látogató szervezet országa"),
    *_aliases("start", _TR, "hu", "Kezdő dátum"),
    *_aliases("end", _TR, "hu", "Záró dátum"),
    *_aliases("period", _TR, "hu", "Időszak"),
    *_aliases("working_days", _TR, "hu", "Munkanapok száma"),
    *_aliases("distance_km", _TR, "hu", "Távolság"),
    *_aliases("remarks", _TR, "hu", "Megjegyzés", "Megjegyzések"),
    *_aliases("status", _TR, "hu", "Státusz"),
    *_aliases("visitor_count", _TR, "hu", "Látogatók száma"),
    *_aliases("{side}_kind", _TR, "hu", "Szervezet típusa"),
    *_aliases("report_submitted", _TR, "hu", "Zárójelentés benyújtva"),
    *_aliases("report_validated", _TR, "hu", "Zárójelentés jóváhagyva"),
    *_aliases("paid_on", _TR, "hu", "Kifizetés dátuma"),
    *_aliases("paid_amount", _TR, "hu", "Kifizetett összeg"),
    *_aliases("{side}_country", _TR, "hu", "Ország"),
    # Turkish.
    *_aliases("host", _TR, "tr", "Ev sahibi kuruluş"),
    *_aliases("host_country", _TR, "tr", "Ev sahibi ülke"),
    *_aliases("visitor", _TR, "tr", "Ziyaretçi kuruluş"),
    *_aliases("visitor_country", _TR, "tr", "Ziyaretçi ülke"),
    *_aliases("start", _TR, "tr", "Başlangıç tarihi"),
    *_aliases("end", _TR, "tr", "Bitiş tarihi"),
    *_aliases("period", _TR, "tr", "Tarihler", "Dönem"),
    *_aliases("working_days", _TR, "tr", "İş günü sayısı"),
    *_aliases("distance_km", _TR, "tr", "Mesafe"),
    *_aliases("remarks", _TR, "tr", "Açıklamalar", "Notlar"),
    *_aliases("status", _TR, "tr", "Durum"),
    *_aliases("visitor_count", _TR, "tr", "Ziyaretçi sayısı"),
    *_aliases("{side}_kind", _TR, "tr", "Kuruluş türü"),
    *_aliases("report_submitted", _TR, "tr", "Nihai rapor sunuldu"),
    *_aliases("report_validated", _TR, "tr", "Nihai rapor onaylandı"),
    *_aliases("paid_on", _TR, "tr", "Ödeme tarihi"),
    *_aliases("paid_amount", _TR, "tr", "Ödenen tutar"),
    *_aliases("{side}_country", _TR, "tr", "Ülke"),
    # Danish.
    *_aliases("host", _TR, "da", "Værtsorganisation", "Vært"),
    *_aliases("host_country", _TR, "da", "Værtsland"),
    *_aliases("visitor", _TR, "da", "Besøgende organisation"),
    *_aliases("visitor_country", _TR, "da", "Den besøgendes land"),
    *_aliases("start", _TR, "da", "Startdato"),
    *_aliases("end", _TR, "da", "Slutdato"),
    *_aliases("period", _TR, "da", "Periode", "Datoer"),
    *_aliases("working_days", _TR, "da", "Arbejdsdage", "Antal arbejdsdage"),
    *_aliases("remarks", _TR, "da", "Bemærkninger", "Kommentarer"),
    *_aliases("visitor_count", _TR, "da", "Antal besøgende"),
    *_aliases("{side}_kind", _TR, "da", "Organisationstype"),
    *_aliases("report_submitted", _TR, "da", "Slutrapport indsendt"),
    *_aliases("report_validated", _TR, "da", "Slutrapport godkendt"),
    *_aliases("paid_on", _TR, "da", "Betalingsdato"),
    *_aliases("paid_amount", _TR, "da", "Udbetalt beløb"),
)  # fmt: skip

# A distance unit written after the header: "(km)", "[km]", "in km", "en km".
_UNIT = re.compile(
    r"\s*(?:[(\[]\s*(?:km|kms|kilomet(?:er|re)s?)\s*[)\]]|\b(?:in|en)\s+(?:km|kilomet(?:er|re)s))"
    r"\s*$"
)
_WORD = re.compile(r"[^\W_]+")
#: A date format written after a header, as templates do: ``(dd/mm/yyyy)``, ``[jj.mm.aaaa]``,
#: ``(format: TT.MM.JJJJ)``. Its three letter groups are read by :func:`date_hint`.
_DATE_HINT = re.compile(
    r"\s*[(\[]\s*(?:(?i:format|formato)\s*:?\s*)?"
    r"([a-zA-Z]{1,4})\s*[-/. ]\s*([a-zA-Z]{1,4})\s*[-/. ]\s*([a-zA-Z]{1,4})\s*[)\]]\s*$"
)
#: The letters of a date format's groups in the package's languages: the day (day, jour,
#: Tag, giorno, día), the month, the year (year, année/año/anno, Jahr/jaar, rok).
_DAY_LETTERS, _MONTH_LETTERS, _YEAR_LETTERS = frozenset("djtg"), frozenset("m"), frozenset("yajr")


def date_hint(header: str) -> str | None:
    """Return the order of the date format a header ends with, if it ends with one.

    ``"day first"`` (``dd/mm/yyyy``, ``jj/mm/aaaa``, ``TT.MM.JJJJ``) and ``"year first"``
    (``yyyy-mm-dd``) are the orders the readers read numeric dates in; any other order of a
    day, a month and a year (``mm/dd/yyyy``) is ``"month first"``. A year is its group of four
    letters, or of a year's letters, so ``jj`` is a French day and ``JJJJ`` a German year.

    >>> date_hint("Start date (dd/mm/yyyy)"), date_hint("Date de début [jj.mm.aaaa]")
    ('day first', 'day first')
    >>> date_hint("Beginn (TT.MM.JJJJ)"), date_hint("Start (YYYY-MM-DD)")
    ('day first', 'year first')
    >>> date_hint("End (mm/dd/yy)")
    'month first'
    >>> date_hint("Beginn (TT.MM.JJ)"), date_hint("Distance (km)"), date_hint("Start date")
    ('day first', None, None)
    """
    match = _DATE_HINT.search(header)
    if match is None:
        return None
    groups = [group.casefold() for group in match.groups()]
    if any(len(set(group)) != 1 for group in groups):  # each group one letter repeated
        return None
    letters = [group[0] for group in groups]
    roles = []
    for group, letter in zip(groups, letters, strict=True):
        if letter in _MONTH_LETTERS:
            roles.append("month")
        elif len(group) == 4 or (letter in _YEAR_LETTERS and letter not in _DAY_LETTERS):
            roles.append("year")
        elif letter in _DAY_LETTERS:
            roles.append("day")
        else:
            return None
    if roles.count("day") == 2 and letters.count("j") == 1:
        roles[letters.index("j")] = "year"  # TT.MM.JJ: a German short year
    if sorted(roles) != ["day", "month", "year"]:
        return None
    if roles == ["day", "month", "year"]:
        return "day first"
    return "year first" if roles == ["year", "month", "day"] else "month first"


def without_date_hint(header: str) -> str:
    """Return *header* without the date format it ends with (:func:`date_hint`), if any.

    >>> without_date_hint("End date (mm/dd/yyyy)")
    'End date'
    """
    return _DATE_HINT.sub("", header) if date_hint(header) is not None else header


#: A cell that only says what its column holds: ``(ISO code)``, ``[dd/mm/yyyy]``, ``(e.g. SME)``.
_HINT = re.compile(r"\(.*\)|\[.*\]", re.DOTALL)


def is_hint_row(cells: Sequence[object]) -> bool:
    """Whether a row under the header only says what its columns hold, each cell in brackets.

    Templates write such a row: ``(name)``, ``(ISO code)``, ``(dd/mm/yyyy)``. A row of data
    never has two filled cells that are all in brackets.

    >>> is_hint_row(["(name)", "(ISO code)", "", "[dd/mm/yyyy]"])
    True
    >>> is_hint_row(["Fraunhofer (IPK)", "(DE)"]), is_hint_row(["(name)", ""])
    (False, False)
    """
    filled = [text for cell in cells if (text := "" if cell is None else str(cell).strip())]
    return len(filled) >= 2 and all(_HINT.fullmatch(text) for text in filled)


def fold_header(header: str) -> str:
    """Return *header* folded for matching: lower case, no accents or unit, words joined by ``_``.

    Accents are dropped (``Date de début`` is ``date_de_debut``) and a dotless ``ı`` is an
    ``i``; other letters that are not an accented Latin letter (``ø``, ``æ``) stay as they are.

    >>> fold_header(" Distance (km) "), fold_header("Date de début"), fold_header("VISITOR-PIC")
    ('distance', 'date_de_debut', 'visitor_pic')
    >>> fold_header("(Group) exchange"), fold_header("Inside/outside partnership")
    ('group_exchange', 'inside_outside_partnership')

    A date format the readers read (:func:`date_hint`: day or year first) is dropped too, so
    ``Start date (dd/mm/yyyy)`` is ``start_date``; a month-first one stays, and the header
    names no known column.

    >>> fold_header("Start date (dd/mm/yyyy)"), fold_header("Start date (mm/dd/yyyy)")
    ('start_date', 'start_date_mm_dd_yyyy')
    """
    text = unaccented(header.lstrip("\ufeff"))
    if date_hint(text) in _READ_ORDERS:
        text = _DATE_HINT.sub("", text)
    return "_".join(_WORD.findall(_UNIT.sub("", text)))


_READ_ORDERS = frozenset({"day first", "year first"})


def _table() -> tuple[Mapping[str, str], Mapping[str, str]]:
    aliases: dict[str, str] = {}
    sided: dict[str, str] = {}
    for alias in HEADER_ALIASES:
        key = fold_header(alias.header)
        table, column = (
            (sided, alias.column.removeprefix("{side}_"))
            if alias.column.startswith("{side}_")
            else (aliases, alias.column)
        )
        other = aliases.get(key) or sided.get(key)
        if other is not None and other != column:  # an alias must name one column only
            raise AssertionError(f"header {alias.header!r} names {other} and {column}")
        table[key] = column
    return MappingProxyType(aliases), MappingProxyType(sided)


#: Folded header (:func:`fold_header`) -> canonical column, for every alias of one column.
#: Canonical column names are not listed: they name themselves.
#: Folded header -> the part of the column after ``host_``/``visitor_`` (``kind``,
#: ``country``, ``pic``), for the headers that take their side from where they stand.
COLUMN_ALIASES, SIDED_HEADERS = _table()


def canonical_column(header: str, *, side: str | None = None) -> str:
    """Return the canonical column a header names (case, accents, punctuation and units aside).

    A header that takes its side from where it stands (a bare ``Type of entity``, ``Country``,
    ``PIC``) is *side*'s column (``"host"`` or ``"visitor"``: the nearest host or visitor
    column to its left, which the table readers pass). Without a side, ``Type of entity`` is
    the visitor's and ``Country`` and ``PIC`` come back folded, as unknown headers do, so the
    caller can report them.

    >>> canonical_column(" Host country "), canonical_column("VISITOR-PIC"), canonical_column("HOP")
    ('host_country', 'visitor_pic', 'host_partnership')
    >>> canonical_column("Distance (km)"), canonical_column("Date de début")
    ('distance_km', 'start')
    >>> canonical_column("Type of entity"), canonical_column("Type of entity", side="host")
    ('visitor_kind', 'host_kind')
    >>> canonical_column("Budget line"), canonical_column("Country")
    ('budget_line', 'country')
    """
    key = fold_header(header)
    column = COLUMN_ALIASES.get(key)
    if column is not None:
        return column
    field = SIDED_HEADERS.get(key)
    if field is not None and side is not None:
        return f"{side}_{field}"
    if field == "kind":
        return "visitor_kind"
    return key
