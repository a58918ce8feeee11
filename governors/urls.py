from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import api, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("boards", api.BoardViewSet, basename="api-board")
router.register("terms", api.TermViewSet, basename="api-term")
router.register("vacancies", api.VacancyViewSet, basename="api-vacancy")

app_name = "governors"

urlpatterns = [
    path("", views.board_list, name="board-list"),
    path("boards/<int:pk>/", views.board_detail, name="board-detail"),
    path("boards/<int:pk>/appoint/", views.appoint, name="appoint"),
    path("boards/<int:pk>/instrument/", views.new_instrument, name="new-instrument"),
    path("boards/<int:pk>/meetings/new/", views.record_meeting, name="record-meeting"),
    path("terms/<int:pk>/end/", views.end_term, name="end-term"),
    path("terms/<int:pk>/checks/", views.checks_and_training, name="checks"),
    path("terms/<int:pk>/role/", views.set_role, name="set-role"),
    path("terms/<int:pk>/correct/", views.correct_term, name="correct-term"),
    path("terms/<int:pk>/declaration/", views.record_declaration, name="record-declaration"),
    path("schools/<int:urn>/", views.public_governance, name="public"),
    path("checks-due/", views.checks_due, name="checks-due"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("api/", include(router.urls)),
    # Last of the API: ends in a slash, so APPEND_SLASH still redirects /governors/api/terms.
    re_path(r"^api/(?P<path>.*/)$", api.not_found),
]
