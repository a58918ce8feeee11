"""The baseline for bench/run.py: the whole middleware stack, no template, no query.

Mounted at ``bench/bare/`` only when ``BENCHMARK_ENDPOINTS`` is true (never in a deployment).
A page's p95 divided by this view's p95 is what the page costs above the framework itself.
"""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")
