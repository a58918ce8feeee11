from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import api, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("pool", api.PoolViewSet, basename="admissions-api-pool")
router.register("blocks", api.BlockViewSet, basename="admissions-api-block")

urlpatterns = [
    path("pool/", views.pool_list, name="admissions-pool"),
    path("pool/adverts/new/", views.advert_new, name="admissions-advert-new"),
    path("blocks/", views.block_list, name="admissions-blocks"),
    path("blocks/<int:pk>/", views.block_detail, name="admissions-block"),
    path("blocks/<int:pk>/roster/", views.roster_edit, name="admissions-roster"),
    path("me/", views.my_record, name="admissions-me"),
    path("clerks/", views.clerk_list, name="admissions-clerks"),
    path("clerks/<int:pk>/", views.clerk_record, name="admissions-clerk"),
    path(
        "clerks/<int:pk>/availability/",
        views.clerk_availability,
        name="admissions-clerk-availability",
    ),
    path("clerks/<int:pk>/days/", views.clerk_exception, name="admissions-clerk-exception"),
    path("due/", views.due_list, name="admissions-due"),
    path("monitoring/", views.monitoring, name="admissions-monitoring"),
    path("monitoring/fairness/", views.fairness, name="admissions-fairness"),
    path("monitoring/panels/", views.panels_report, name="admissions-panels-report"),
    path(
        "monitoring/pool-representation/",
        views.record_pool_representation,
        name="admissions-pool-representation",
    ),
    path("me/availability/", views.my_availability, name="admissions-me-availability"),
    path("me/days/", views.my_exception, name="admissions-me-exception"),
    path("me/declarations/new/", views.my_declaration, name="admissions-me-declaration"),
    path(
        "me/declarations/<int:pk>/end/",
        views.my_declaration_end,
        name="admissions-me-declaration-end",
    ),
    path("appeals/<int:pk>/outcome/", views.outcome_edit, name="admissions-outcome"),
    path(
        "your-answers/<str:token>/",
        views.appellant_monitoring,
        name="admissions-appellant-monitoring",
    ),
    path(
        "your-answers/<str:token>/change/",
        views.appellant_change,
        name="admissions-appellant-change",
    ),
    path(
        "your-answers/<str:token>/withdraw/",
        views.appellant_withdraw,
        name="admissions-appellant-withdraw",
    ),
    path("your-answers-thanks/", views.appellant_thanks, name="admissions-appellant-thanks"),
    path(
        "your-answers-withdrawn/",
        views.appellant_withdrawn,
        name="admissions-appellant-withdrawn",
    ),
    re_path(
        r"^blocks/(?P<pk>[0-9]+)/sent/(?P<what>notice|letters)/$",
        views.record_sent,
        name="admissions-record-sent",
    ),
    path("api/check-panel/", api.CheckPanelView.as_view(), name="admissions-api-check-panel"),
    path("api/", include(router.urls)),
    # Last of the API: any other path under /appeals/api/ answers in JSON, not the HTML 404.
    re_path(r"^api/(?P<path>.*/)$", api.not_found),
]
