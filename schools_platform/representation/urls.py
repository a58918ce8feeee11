from django.urls import path, re_path

from . import views

app_name = "representation"

urlpatterns = [
    path("", views.report, name="report"),
    re_path(r"^download\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
    path("api/report/", views.ReportAPIView.as_view(), name="api-report"),
]
