"""Evidence files are served only through /files/<name> to someone who may see the review."""

from schools_platform.core import private_files

from .models import Evidence
from .selectors import evidence_for_user

private_files.register(Evidence, fields=["file"], visible_to=evidence_for_user)
