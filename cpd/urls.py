from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import api, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("programmes", api.ProgrammeViewSet, basename="api-programme")
router.register("modules", api.ModuleViewSet, basename="api-module")
router.register("sessions", api.SessionViewSet, basename="api-session")
router.register("enrolments", api.EnrolmentViewSet, basename="api-enrolment")
router.register("completions", api.CompletionViewSet, basename="api-completion")

app_name = "cpd"

urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:pk>/book/", views.book, name="book"),
    path("bookings/<int:pk>/cancel/", views.cancel_booking, name="cancel_booking"),
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("team/", views.team, name="team"),
    path("report/", views.completion_report, name="report"),
    path("report.csv", views.completion_report_csv, name="report_csv"),
    path("report.xlsx", views.completion_report_xlsx, name="report_xlsx"),
    path("report-departments.csv", views.department_report_csv, name="department_report_csv"),
    path("report-ethnic-groups.csv", views.ethnic_group_report_csv, name="ethnic_group_csv"),
    path("bulk/", views.bulk_enrolments, name="bulk"),
    path("bulk/<int:pk>/", views.bulk_enrolment, name="bulk_job"),
    path("bulk/<int:pk>/start-again/", views.restart_bulk_enrolment, name="bulk_restart"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
    path("check/", views.check_certificate, name="check"),
    path("api/", include(router.urls)),
    # Last of the API: ends in a slash, so APPEND_SLASH still redirects /training/api/sessions.
    re_path(r"^api/(?P<path>.*/)$", api.not_found),
]
