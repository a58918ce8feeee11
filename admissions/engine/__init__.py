"""The panel-composition engine (issue 13): greedy baseline, capacity check, CP-SAT model,
minimal-change re-planning, and the clerk's runs. Every roster it proposes is judged by
``admissions/checker.py``."""
