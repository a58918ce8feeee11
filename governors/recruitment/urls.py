from django.urls import path

from . import views

app_name = "governor_recruitment"

urlpatterns = [
    path("", views.listing_list, name="listings"),
    path("vacancies/<int:pk>/", views.listing_detail, name="listing-detail"),
    path("vacancies/<int:pk>/apply/", views.apply, name="apply"),
    path("vacancies/<int:pk>/suggestions/", views.listing_suggestions, name="suggestions"),
    path("register-interest/", views.apply, name="register-interest"),
    path("applied/", views.applied, name="applied"),
    path("c/<slug:code>/", views.campaign_link, name="campaign-link"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/appoint/", views.appoint, name="appoint"),
    path("campaigns/report/", views.campaign_report, name="campaign-report"),
]
