"""The officers' import screens in the Wagtail admin. Thin: every rule is in services."""

import contextlib

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from schools_platform.core.downloads import attachment_response

from . import exports, files, services
from .importers import get_importer, importers_for
from .models import ImportJob
from .selectors import jobs_for_user

ROW_ERRORS_PER_PAGE = 100


class UploadForm(forms.Form):
    file = forms.FileField(
        label="File to import",
        help_text="A CSV (.csv) or Excel workbook (.xlsx); only the first sheet is read.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refuse before reading it into memory.
        if upload.size > files.max_upload_bytes():
            raise ValidationError(
                f"The file is {upload.size / files.MB:.1f} MB; the limit is "
                f"{files.max_upload_bytes() // files.MB} MB. Split it into smaller files."
            )
        files.file_format(upload.name)
        return upload


class ImportIndexView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Imports"
    header_icon = "upload"
    template_name = "imports/admin/index.html"

    def dispatch(self, request, *args, **kwargs):
        if not importers_for(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["importers"] = [
            {"importer": i, "can_import": i.can_import(user), "can_export": i.can_export(user)}
            for i in importers_for(user)
        ]
        context["jobs"] = jobs_for_user(user).select_related("created_by")[:25]
        return context


class UploadView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "upload"
    template_name = "imports/admin/upload.html"

    def dispatch(self, request, *args, **kwargs):
        self.importer = get_importer(kwargs["importer"])
        if not self.importer.can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Import: {self.importer.label}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("imports:index"), "label": "Imports"},
            {"url": "", "label": self.importer.label},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            importer=self.importer,
            form=form or UploadForm(),
            columns=self.importer.resource().required_columns(),
            can_export=self.importer.can_export(self.request.user),
            max_mb=files.max_upload_bytes() // files.MB,
            recent=jobs_for_user(self.request.user).filter(importer=self.importer.name)[:5],
        )
        return context

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = services.upload(
                    actor=request.user,
                    importer_name=self.importer.name,
                    filename=upload.name,
                    content=upload.read(),
                )
            except ValidationError as error:
                for message in error.message_dict.get("file", error.messages):
                    form.add_error("file", message)
            else:
                return redirect("imports:job", pk=job.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class JobMixin:
    def get_job(self) -> ImportJob:
        # Missing and not-yours look the same.
        return get_object_or_404(jobs_for_user(self.request.user), pk=self.kwargs["pk"])


class JobView(JobMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "upload"
    template_name = "imports/admin/job.html"

    def dispatch(self, request, *args, **kwargs):
        self.job = self.get_job()
        self.importer = get_importer(self.job.importer)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.importer.label}: {self.job.original_filename}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("imports:index"), "label": "Imports"},
            {"url": self.importer.upload_url, "label": self.importer.label},
            {"url": "", "label": f"Import #{self.job.pk}"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        done = services.rows_done(job)
        context.update(
            job=job,
            importer=self.importer,
            rows_done=done,
            percent=min(100, round(100 * done / job.total_rows)) if job.total_rows else 0,
            errors_page=Paginator(job.row_errors, ROW_ERRORS_PER_PAGE).get_page(
                self.request.GET.get("p")
            ),
            can_confirm=job.status == ImportJob.Status.DRY_RUN_OK,
            can_start_again=job.status == ImportJob.Status.FAILED and job.confirmed_at is not None,
        )
        return context


class ConfirmView(JobMixin, View):
    def post(self, request, *args, **kwargs):
        job = self.get_job()
        # A job that cannot be confirmed any more: its page says what state it is in.
        with contextlib.suppress(ValidationError):
            services.confirm(actor=request.user, job=job)
        return redirect("imports:job", pk=job.pk)


class StartAgainView(JobMixin, View):
    def post(self, request, *args, **kwargs):
        job = self.get_job()
        # A job that cannot be started again: its page says what state it is in.
        with contextlib.suppress(ValidationError):
            services.start_again(actor=request.user, job=job)
        return redirect("imports:job", pk=job.pk)


class FailedRowsView(JobMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.get_job()
        content = services.failed_rows_download(job)
        if not content:
            raise Http404("No failed rows")
        return attachment_response(
            content, f"{job.importer}-{job.pk}-failed-rows.csv", exports.CONTENT_TYPES["csv"]
        )


class ExportView(View):
    def get(self, request, importer, fmt):
        importer_obj = get_importer(importer)
        if fmt not in exports.CONTENT_TYPES:
            raise Http404("Unknown format")
        if not importer_obj.can_export(request.user):
            raise PermissionDenied
        content, filename = services.export(actor=request.user, importer_name=importer, fmt=fmt)
        return attachment_response(content, filename, exports.CONTENT_TYPES[fmt])
