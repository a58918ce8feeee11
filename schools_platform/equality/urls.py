from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_answers, name="equality-my-answers"),
    path("give/", views.give_answers, name="equality-give"),
    path("<int:pk>/change/", views.change_answers, name="equality-change"),
    path("<int:pk>/withdraw/", views.withdraw_answers, name="equality-withdraw"),
    path("steward/", views.steward_list, name="equality-steward-list"),
    path("steward/export.csv", views.steward_export, name="equality-steward-export"),
    path("steward/<int:pk>/", views.steward_detail, name="equality-steward-detail"),
    path("steward/<int:pk>/withdraw/", views.steward_withdraw, name="equality-steward-withdraw"),
]
