from django.urls import path

from . import views

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
    path("reviews/<int:pk>/compare/", views.compare, name="policies-compare"),
    path("schools/<int:urn>/", views.school_duties, name="policies-school"),
    path("officer/", views.officer_queue, name="policies-queue"),
    path("officer/reviews/<int:pk>/", views.officer_review, name="policies-officer-review"),
    path("officer/gaps/", views.gaps, name="policies-gaps"),
]
