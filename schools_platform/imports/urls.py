from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.ImportIndexView.as_view(), name="index"),
    path("jobs/<int:pk>/", views.JobView.as_view(), name="job"),
    path("jobs/<int:pk>/confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("jobs/<int:pk>/start-again/", views.StartAgainView.as_view(), name="start_again"),
    path("jobs/<int:pk>/failed-rows.csv", views.FailedRowsView.as_view(), name="failed_rows"),
    path("<slug:importer>/", views.UploadView.as_view(), name="upload"),
    path("<slug:importer>/export.<str:fmt>", views.ExportView.as_view(), name="export"),
]
