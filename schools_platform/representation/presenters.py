"""Rows for the report templates (templates cannot call methods with arguments)."""

from schools_platform.disclosure import TOTAL

from .reports import (
    APPOINTED,
    CATEGORY_ROWS,
    COMPARISONS,
    ETHNIC_GROUPS,
    GROUP_ROWS,
    ROW_LABELS,
    RepresentationReport,
)


def _rows(table, codes, columns):
    rows = [
        {"label": ROW_LABELS[code], "cells": [table.cell(code, c) for c in columns]}
        for code in codes
        if code in table.row_labels
    ]
    rows.append({"label": "Total", "cells": [table.cell(TOTAL, c) for c in columns]})
    return rows


def report_tables(report: RepresentationReport) -> dict:
    populations = list(report.populations)
    tables = {
        "populations": populations,
        "groups": _rows(report.groups, GROUP_ROWS, [p.key for p in populations]),
        "gap_columns": [p for p in report.comparisons if p.key in COMPARISONS],
        "gaps": [
            {
                "label": ROW_LABELS[code],
                "gaps": [
                    report.gaps[code, p.key] for p in report.comparisons if p.key in COMPARISONS
                ],
            }
            for code in ETHNIC_GROUPS
        ],
        "appointed_label": report.population_labels[APPOINTED],
    }
    if report.categories is not None:
        keys = list(report.categories.column_labels)
        tables["category_populations"] = [p for p in populations if p.key in keys]
        tables["categories"] = _rows(report.categories, CATEGORY_ROWS, keys)
    if report.trend is not None:
        years = list(report.trend.row_labels)
        tables["trend_years"] = years
        tables["trend"] = [
            {"label": ROW_LABELS[code], "cells": [report.trend.cell(y, code) for y in years]}
            for code in GROUP_ROWS
        ]
        tables["trend_totals"] = [report.trend.cell(y, TOTAL) for y in years]
    if report.schools is not None:
        schools = report.schools
        tables["school_columns"] = [ROW_LABELS[c] for c in schools.column_labels]
        tables["schools"] = [
            {
                "label": report.school_names[pk],
                "cells": [schools.cell(pk, c) for c in schools.column_labels],
                "total": schools.cell(pk, TOTAL),
            }
            for pk in schools.row_labels
        ]
        tables["schools_total"] = {
            "cells": [schools.cell(TOTAL, c) for c in schools.column_labels],
            "total": schools.cell(TOTAL, TOTAL),
        }
    likelihood = report.relative_likelihood
    if likelihood.counts is not None:
        tables["likelihood"] = [
            {
                "label": label,
                "applied": likelihood.counts.cell(code, "applied"),
                "appointed": likelihood.counts.cell(code, "appointed"),
                "rate": likelihood.rates.get(code),
            }
            for code, label in [
                ("white", "White"),
                ("other_groups", "Other ethnic groups combined"),
            ]
        ]
    return tables
