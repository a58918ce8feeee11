from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import api, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("frameworks", api.FrameworkViewSet, basename="policies-api-framework")
router.register("versions", api.VersionViewSet, basename="policies-api-version")
router.register("items", api.ItemViewSet, basename="policies-api-item")
router.register("reviews", api.ReviewViewSet, basename="policies-api-review")
router.register("gaps", api.GapViewSet, basename="policies-api-gaps")
router.register("completion", api.CompletionViewSet, basename="policies-api-completion")

urlpatterns = [
    path("", views.my_reviews, name="policies-home"),
    path("reviews/<int:pk>/", views.review_detail, name="policies-review"),
    path("reviews/<int:pk>/sections/<str:code>/", views.review_section, name="policies-section"),
    path(
        "reviews/<int:pk>/evidence/<int:answer_pk>/",
        views.upload_evidence,
        name="policies-evidence",
    ),
    path("reviews/<int:pk>/reply/<int:answer_pk>/", views.reply, name="policies-reply"),
    path("reviews/<int:pk>/submit/", views.submit, name="policies-submit"),
    path("reviews/<int:pk>/print/", views.print_review, name="policies-print"),
    path("reviews/<int:pk>/pdf/", views.print_review_pdf, name="policies-pdf"),
    path("reviews/<int:pk>/invite/", views.invite, name="policies-invite"),
    path("invitations/<str:token>/", views.accept_invitation, name="policies-invitation"),
    path("reviews/<int:pk>/compare/", views.compare, name="policies-compare"),
    path("schools/<int:urn>/", views.school_duties, name="policies-school"),
    path("officer/", views.officer_queue, name="policies-queue"),
    path("officer/reviews/<int:pk>/", views.officer_review, name="policies-officer-review"),
    path("officer/gaps/", views.gaps, name="policies-gaps"),
    path("officer/gaps/schools/", views.figure_schools, name="policies-figure-schools"),
    path("officer/completion/", views.completion, name="policies-completion"),
    path(
        "officer/completion/schools/",
        views.completion_schools,
        name="policies-completion-schools",
    ),
    path("officer/incidents/", views.incident_report, name="policies-incident-report"),
    path("schools/<int:urn>/incidents/", views.incident_return, name="policies-incidents"),
    path(
        "frameworks/<int:pk>/download/",
        views.download_framework,
        name="policies-framework-download",
    ),
    path("api/", include(router.urls)),
    # Last of the API: ends in a slash, so APPEND_SLASH still redirects /policies/api/items.
    re_path(r"^api/(?P<path>.*/)$", api.not_found),
]
