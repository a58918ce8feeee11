from django.urls import path

from . import views

urlpatterns = [
    path("", views.school_list, name="school-list"),
    path("<int:urn>/", views.school_detail, name="school-detail"),
]
