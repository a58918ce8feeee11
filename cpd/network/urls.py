from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import api, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("reflections", api.ReflectionViewSet, basename="api-reflection")
router.register("case-studies", api.CaseStudyViewSet, basename="api-case-study")

app_name = "cpd_network"

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.apply, name="apply"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.decide, name="decide"),
    path("memberships/<int:membership_pk>/actions/new/", views.add_action, name="add-action"),
    path("actions/<int:pk>/done/", views.complete_action, name="complete-action"),
    path("reflections/", views.reflections, name="reflections"),
    path("reflections.csv", views.reflections_csv, name="reflections-csv"),
    path("reflections/new/", views.reflection_form, name="new-reflection"),
    path("reflections/<int:pk>/", views.reflection_form, name="edit-reflection"),
    path("reflections/<int:pk>/share/", views.share_reflection, name="share-reflection"),
    path("reflections/<int:pk>/delete/", views.delete_reflection, name="delete-reflection"),
    path("shared-with-me/", views.shared_reflections, name="shared-reflections"),
    path("shared-with-me/<int:pk>/", views.shared_reflection, name="shared-reflection"),
    path("case-studies/", views.case_studies, name="case-studies"),
    path("case-studies/new/", views.new_case_study, name="new-case-study"),
    path("case-studies/mine/", views.my_case_studies, name="my-case-studies"),
    path("case-studies/<int:pk>/edit/", views.edit_case_study, name="edit-case-study"),
    path("case-studies/<int:pk>/retract/", views.retract_case_study, name="retract-case-study"),
    path("case-studies/<int:pk>/comment/", views.comment_on_case_study, name="comment"),
    path("checklist-items/<int:pk>/", views.checklist_item, name="checklist-item"),
    path("moderation/", views.moderation, name="moderation"),
    path(
        "moderation/case-studies/<int:pk>/",
        views.moderate_case_study,
        name="moderate-case-study",
    ),
    path("moderation/comments/<int:pk>/", views.moderate_comment, name="moderate-comment"),
    path("sessions/<int:pk>/", views.session_discussion, name="session"),
    path("comments/<int:pk>/report/", views.report_comment, name="report-comment"),
    path("resources/<slug:slug>/", views.resources, name="resources"),
    path("resources/files/<int:pk>/", views.resource_file, name="resource-file"),
    path("api/", include(router.urls)),
    re_path(r"^api/(?P<path>.*/)$", api.not_found),
]
