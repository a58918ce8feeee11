from django.urls import path

from . import views

urlpatterns = [
    path("", views.run_list, name="admissions-engine"),
    path("runs/<int:pk>/", views.run_detail, name="admissions-engine-run"),
    path("blocks/<int:pk>/withdraw/", views.withdraw, name="admissions-engine-withdraw"),
    path("blocks/<int:pk>/move/", views.move, name="admissions-engine-move"),
    path("blocks/<int:pk>/add-appeal/", views.add_appeal, name="admissions-engine-add-appeal"),
    path("preferences/", views.preferences, name="admissions-engine-preferences"),
]
