"""Sheets as people write them, for the property tests of the readers.

A strategy of CSV sheets (:func:`sheets`): some of the columns a coordinator's sheet has,
in any order, under the headers people give them, with the cells people write (odd ones
included), rows that are no exchange, short and long rows, quoted line breaks, a row of
hints under the header. Loaded by the tests that compare two ways of reading or checking
the same sheet (tests/conftest.py puts this folder on the import path).
"""

from __future__ import annotations

import csv
import io

from hypothesis import strategies as st

__all__ = ["CELLS", "NOTED", "sheets"]

#: The columns a sheet may have, with the cells people write in them (odd ones included).
CELLS = {
    "Exchange no.": ["EG0001", "TW-17", "", "#N/A", " EG0002 "],
    "Host organisation": [
        *["Hamburg Aviation", "Aerospace Valley", "Hamburg Aviation ", "", "#REF!"],
        *["Hamburg Aviation (DE)", "Tech Hub (Scotland)"],  # a country after the name
    ],
    "Host country": ["DE", "Germany", "FR", "Scotland", "Atlantis", ""],
    "Type of host": ["Cluster organisation", "cluster", "Research institute", "Company", ""],
    "Visitor organisation": [
        *["Aero Lda", "Wattwerk GmbH", "Nordic Labs Oy", "Aero Lda", ""],
        *["Aero Lda [Portugal]", "Fraunhofer (IPK)", "Aero Lda (Atlantis)"],
    ],
    "Visitor country": ["PT", "Portugal", "Finland", "EL", "England", "??", ""],
    "Type of visitor": ["SME", "Start-up", "sme", "Large company", "company", "robot", ""],
    "Visitor PIC": [
        *["123456789", "987654321", "", "12345", " 123456789", "999 888 777", "#N/A"],
        *["949123456.0", "9,49123456E+08", "9.5E+08"],  # decimals; the last lost digits
    ],
    "Visitor partnership": ["TIDEWAY", "", "AEROLINK"],
    "Start date": ["06/03/2023", "2023-03-06", "28.4.23", "", "someday", "13/03/2023"],
    "End date": [
        "17/03/2023",
        "2023-03-10",
        "",
        "yesterday",
        "01/03/2023",
        "31/12/2023",
        "03/17/2023",
    ],  # the last only month first: a table of US dates
    "Mode": ["In person", "online", "physical", "", "by pigeon", "Virtual"],
    "Virtual?": ["No", "Yes", "", "x", "maybe", "online", "Non"],  # the mode, as a tick column
    "Status": ["Completed", "Waiting for Final Activity Report", "Planned", "", "done?"],
    "Event": ["Mobility days", "", "Hydrogen week"],
    "Distance (km)": ["640,2", "1.050", "1050.5", "", "far", "2,5", "1,050"],
    "Relation": ["Outside the partnership", "", "inside"],
    "Working days": ["5", "", "five", "10"],
    "Generation": ["cxc2", "", "CXC2"],
    "Host latitude": ["53.55", "", "91"],
    "Host longitude": ["9.99", "", "abc"],
    "Report submitted": ["", "", "01/04/2023", "next week"],
    "Report validated": ["", "", "05/04/2023"],
    "Paid on": ["", "", "10/05/2023"],
    "Paid amount": ["", "", "1.200,50", "-3"],
}
_REQUIRED = ["Host organisation", "Visitor organisation"]
_OPTIONAL = [name for name in CELLS if name not in _REQUIRED]
#: Cells read with a note (each noted row is listed in its warning), by column.
NOTED = {
    "Host country": ["Scotland", "Wales"],
    "Visitor country": ["England", "Scotland"],
    "Visitor PIC": ["949123456.0", "987654321.00", "9,49123456E+08", "N/A", "PIC: 987654321"],
    "Type of visitor": ["?", "S.M.E."],
    "Status": ["-", "Completed ✓"],
    "Start date": ["28.4.23", "1.3.23", "45000"],
    "End date": ["30.4.23", "45010"],
    "Distance (km)": ["1.050", "1,050"],
}
#: Rows that are no exchange, as people leave them in sheets.
_ODD_ROWS = [["Total", "", "", "", "", "12"], [], ["", ""], ["----", "----"], ["Section B"]]


@st.composite
def sheets(draw: st.DrawFn) -> str:
    """A CSV sheet: some of the columns, in any order, with cells from their usual ones."""
    optional = draw(st.lists(st.sampled_from(_OPTIONAL), unique=True, max_size=len(_OPTIONAL)))
    if "Mode" in optional and "Virtual?" in optional:  # a table refused: the mode said twice
        optional.remove(draw(st.sampled_from(["Mode", "Virtual?"])))
    header = draw(st.permutations([*_REQUIRED, *optional]))
    delimiter = draw(st.sampled_from([",", ";"]))
    lines: list[list[str]] = []
    for number in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            odd = draw(st.sampled_from([*_ODD_ROWS, header, [c.upper() for c in header]]))
            lines.append(list(odd))  # the header again: tables pasted one under another
            continue
        if kind >= 5:  # mostly plain cells: the first two of each column's
            line = [draw(st.sampled_from(CELLS[column][:2])) for column in header]
            if kind == 9:  # plain but for cells read with a note, as whole columns are
                for i, column in enumerate(header):
                    if column in NOTED and draw(st.booleans()):
                        line[i] = draw(st.sampled_from(NOTED[column]))
        else:
            line = [draw(st.sampled_from(CELLS[column])) for column in header]
        if kind in (1, 5, 6):  # a visitor seen nowhere else, as nine rows in ten of a real table
            country = " (FI)" if kind == 6 else ""  # as a table without a country column has it
            line[header.index("Visitor organisation")] = f"Visitor {number} Ltd{country}"
        elif kind == 2:
            line = line[: draw(st.integers(1, len(line)))]  # a short row
        elif kind == 3:
            line.append(draw(st.sampled_from(["", "stray"])))  # a cell past the header
        elif kind == 4:
            line[0] = line[0] + "\nsecond line"  # a quoted cell with a line break
        lines.append(line)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    if draw(st.booleans()):  # a template's row of hints under the header
        dates = draw(st.sampled_from(["(dd/mm/yyyy)", "(mm/dd/yyyy)", "(date)"]))
        writer.writerow([dates if column.endswith("date") else "(text)" for column in header])
    writer.writerows(lines)
    return out.getvalue()
