import re

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination


class StrictPageNumberPagination(PageNumberPagination):
    """`?page=` is a whole number from 1, as the schema says: an empty or malformed value
    answers 404 "Invalid page." like a page past the end, instead of quietly giving page 1."""

    last_page_strings = ()  # `?page=last` is not an integer, so the schema does not offer it

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        if value is None:
            return 1
        if not re.fullmatch(r"[1-9][0-9]{0,8}", value):
            raise NotFound(self.invalid_page_message.format(page_number=value, message=""))
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
