from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import api, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("listings", api.ListingViewSet, basename="api-listing")
router.register("applications", api.ApplicationViewSet, basename="api-application")

app_name = "governor_recruitment"

urlpatterns = [
    path("", views.listing_list, name="listings"),
    path("vacancies/<int:pk>/", views.listing_detail, name="listing-detail"),
    path("vacancies/<int:pk>/apply/", views.apply, name="apply"),
    path("vacancies/<int:pk>/suggestions/", views.listing_suggestions, name="suggestions"),
    path("register-interest/", views.apply, name="register-interest"),
    path("applied/", views.applied, name="applied"),
    path("resume/<str:token>/", views.resume, name="resume"),
    path("sign-in/", views.sign_in_request, name="sign-in"),
    path("sign-in/<str:token>/", views.sign_in_with_link, name="sign-in-link"),
    path("my-applications/", views.my_applications, name="my-applications"),
    path("my-applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("c/<slug:code>/", views.campaign_link, name="campaign-link"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/appoint/", views.appoint, name="appoint"),
    path("boards/<int:pk>/vacancies/", views.board_vacancies, name="board-vacancies"),
    path("boards/<int:pk>/vacancies/publish/", views.publish, name="publish"),
    path("boards/<int:pk>/applications/", views.board_applications, name="board-applications"),
    path("vacancies/<int:pk>/change/", views.edit_listing, name="edit-listing"),
    path("vacancies/<int:pk>/close/", views.close_vacancy, name="close-listing"),
    path("funnel/", views.funnel, name="funnel"),
    re_path(r"^funnel/download\.(?P<fmt>csv|xlsx)$", views.export_funnel, name="export-funnel"),
    re_path(
        r"^funnel/trend/download\.(?P<fmt>csv|xlsx)$",
        views.export_funnel_trend,
        name="export-funnel-trend",
    ),
    re_path(
        r"^campaigns/report/trend/download\.(?P<fmt>csv|xlsx)$",
        views.export_sources_trend,
        name="export-sources-trend",
    ),
    re_path(
        r"^campaigns/report/download\.(?P<fmt>csv|xlsx)$",
        views.export_sources,
        name="export-sources",
    ),
    path("campaigns/report/", views.campaign_report, name="campaign-report"),
    path("serving/monitoring/", views.serving_monitoring, name="serving-monitoring"),
    path("monitoring/thanks/", views.monitoring_thanks, name="monitoring-thanks"),
    path("monitoring/<str:token>/", views.monitoring_by_link, name="monitoring-link"),
    path("boards/<int:pk>/invite-monitoring/", views.invite_monitoring, name="invite-monitoring"),
    path("api/funnel/", api.FunnelAPIView.as_view(), name="api-funnel"),
    path("api/sources/", api.SourcesAPIView.as_view(), name="api-sources"),
    path("api/funnel/trend/", api.FunnelTrendAPIView.as_view(), name="api-funnel-trend"),
    path("api/sources/trend/", api.SourcesTrendAPIView.as_view(), name="api-sources-trend"),
    path("api/", include(router.urls)),
    re_path(r"^api/(?P<path>.*/)$", api.not_found),
]
