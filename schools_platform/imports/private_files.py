"""The import pipeline's private files: the uploaded file and the failed-rows file of a job.

Served by core.private_files to whoever may see the job (the officers who may run its importer).
"""

from schools_platform.core import private_files

from .models import ImportJob
from .selectors import jobs_for_user

private_files.register(ImportJob, fields=["file", "failed_rows_file"], visible_to=jobs_for_user)
