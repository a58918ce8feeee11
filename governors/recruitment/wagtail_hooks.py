from wagtail import hooks
from wagtail.permissions import register_permission_policy

from schools_platform.core.viewsets import ReadOnlyPolicy

from .viewsets import (
    NO_DELETE_MODELS,
    OFFICER_WRITE_MODELS,
    READ_ONLY_MODELS,
    VIEWSETS,
    NoDeletePolicy,
    OfficerWritesPolicy,
)

for _model in READ_ONLY_MODELS:
    register_permission_policy(_model, ReadOnlyPolicy(_model))
for _model, _can_add in OFFICER_WRITE_MODELS:
    register_permission_policy(_model, OfficerWritesPolicy(_model, can_add=_can_add))
for _model in NO_DELETE_MODELS:
    register_permission_policy(_model, NoDeletePolicy(_model))


@hooks.register("register_admin_viewset")
def register_recruitment_viewsets():
    return [
        viewset(f"governor_recruitment_{viewset.model._meta.model_name}") for viewset in VIEWSETS
    ]
