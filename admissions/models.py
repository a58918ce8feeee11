# The admissions module's models arrive with its own issue; see ../../shared/DESIGN.md "Modules".
