from django.urls import path, re_path

from . import api, views

app_name = "cpd_evaluation"

urlpatterns = [
    path("", views.my_surveys, name="surveys"),
    path("surveys/<int:pk>/", views.answer, name="answer"),
    path("impact/", views.impact_index, name="impact-index"),
    path("impact/<slug:slug>/", views.impact_report, name="impact"),
    path("impact/<slug:slug>/export.xlsx", views.impact_xlsx, name="impact-xlsx"),
    path("impact/<slug:slug>/targets/", views.targets, name="targets"),
    path("impact/<slug:slug>/comments/", views.comments, name="comments"),
    path("api/programmes/", api.ProgrammeList.as_view(), name="api-programmes"),
    path("api/programmes/<slug:slug>/figures/", api.Figures.as_view(), name="api-figures"),
    re_path(r"^api/(?P<path>.*/)$", api.not_found),
]
