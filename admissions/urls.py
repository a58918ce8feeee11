from django.urls import path

from . import views

urlpatterns = [
    path("pool/", views.pool_list, name="admissions-pool"),
    path("blocks/", views.block_list, name="admissions-blocks"),
    path("blocks/<int:pk>/", views.block_detail, name="admissions-block"),
    path("blocks/<int:pk>/roster/", views.roster_edit, name="admissions-roster"),
    path("me/", views.my_record, name="admissions-me"),
]
