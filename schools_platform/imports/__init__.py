"""The shared import pipeline: upload, dry run with row errors, confirm, background import.

Public API: ``Importer``, ``register_importer`` (see importers.py), ``PipelineResource`` and the
cell widgets in ``resources``/``widgets``, and the export helpers in ``exports``.
"""

from .importers import Importer, get_importer, register_importer

__all__ = ["Importer", "get_importer", "register_importer"]
