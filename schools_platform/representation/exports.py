"""The published report as long-format rows, for CSV, XLSX and the JSON API alike.

One row per published figure: (table, scope, group, year, population, category_code,
category, measure, value). Counts are ints or a symbol such as "c"; percentages and gaps
numbers or a symbol. The kit's writers (core/downloads.py) make every text cell formula-safe;
XLSX numbers stay numbers.
"""

from schools_platform.core import downloads
from schools_platform.disclosure import TOTAL, methodology_note, symbol_key

from .reports import APPOINTED, GROUP_ROWS, ROW_LABELS, RepresentationReport

COLUMNS = [
    "table",
    "scope",
    "group",
    "year",
    "population",
    "category_code",
    "category",
    "measure",
    "value",
]


def _label(code) -> str:
    return "Total" if code == TOTAL else ROW_LABELS.get(code, str(code))


def report_rows(report: RepresentationReport) -> list[dict]:
    rows: list[dict] = []
    labels = report.population_labels

    def add(table, population, code, measure, value, year=report.year):
        rows.append(
            {
                "table": table,
                "scope": report.scope_label,
                "group": report.group_label,
                "year": year,
                "population": population,
                "category_code": "total" if code == TOTAL else str(code),
                "category": _label(code),
                "measure": measure,
                "value": value,
            }
        )

    def add_table(name, table, population_label, *, year=report.year, percent=True):
        for code, population, cell in table.all_cells():
            add(name, population_label(population), code, "count", cell.value, year)
            if percent:
                add(name, population_label(population), code, "percent", cell.percent_value, year)

    add_table("High-level ethnic groups", report.groups, labels.get)
    for (code, comparison), gap in report.gaps.items():
        add(
            "Gap in percentage points",
            f"{labels[APPOINTED]} minus {labels[comparison]}",
            code,
            "percentage_points",
            gap.export_value,
        )
    if report.categories is not None:
        add_table("Ethnicity categories (19)", report.categories, labels.get)
    likelihood = report.relative_likelihood
    if likelihood.counts is not None:
        for code, stage, cell in likelihood.counts.all_cells():
            name = "White" if code == "white" else "Other ethnic groups combined"
            add("Relative likelihood", name, stage, "count", cell.value)
        for code, rate in likelihood.rates.items():
            name = "White" if code == "white" else "Other ethnic groups combined"
            add("Relative likelihood", name, "appointed", "percent_of_applicants", float(rate))
    add(
        "Relative likelihood",
        "White compared with other ethnic groups",
        "appointed",
        "relative_likelihood",
        float(likelihood.value) if likelihood.value is not None else likelihood.symbol,
    )
    if report.trend is not None:
        for year in report.trend.row_labels:
            for code in [*GROUP_ROWS, TOTAL]:
                cell = report.trend.cell(year, code)
                add(
                    "Trend", labels[APPOINTED].rsplit(" in ", 1)[0], code, "count", cell.value, year
                )
                add(
                    "Trend",
                    labels[APPOINTED].rsplit(" in ", 1)[0],
                    code,
                    "percent",
                    cell.percent_value,
                    year,
                )
    if report.schools is not None:
        names = report.school_names
        add_table(
            "Schools",
            report.schools.transpose(),  # rows by ethnic group, a column per school
            lambda pk: "All schools shown" if pk == TOTAL else names[pk],
            percent=False,
        )
    return rows


def report_notes(report: RepresentationReport) -> list[str]:
    """What is particular to this report: missing data, sources, why a figure is absent."""
    lines = list(report.notes)
    for population in report.comparisons:
        if population.note:
            lines.append(f"{population.label}: {population.note}")
    if report.categories_note:
        lines.append(report.categories_note)
    if report.relative_likelihood.reason:
        lines.append(f"Relative likelihood: {report.relative_likelihood.reason}")
    return lines


def to_csv(report: RepresentationReport) -> bytes:
    rows = ([row[c] for c in COLUMNS] for row in report_rows(report))
    return downloads.csv_bytes(COLUMNS, rows)


def to_xlsx(report: RepresentationReport) -> bytes:
    lines = [
        f"{report.group_label}: {report.scope_label}, {report.year}.",
        *methodology_note(report.policy),
        *[f"{symbol}: {meaning}" for symbol, meaning in symbol_key()],
        *report_notes(report),
    ]
    return downloads.xlsx_bytes(
        downloads.Sheet(
            "Data", ([row[c] for c in COLUMNS] for row in report_rows(report)), COLUMNS
        ),
        downloads.Sheet("Notes", [[line] for line in lines]),
    )


def to_json(report: RepresentationReport) -> dict:
    return {
        "group": report.group,
        "year": report.year,
        "scope": report.scope.token,
        "scope_label": report.scope_label,
        "policy": report.policy.as_dict(),
        "methodology": methodology_note(report.policy),
        "symbols": dict(symbol_key()),
        "notes": report_notes(report),
        "populations": [
            {"key": p.key, "label": p.label, "note": p.note} for p in report.populations
        ],
        "rows": report_rows(report),
    }
