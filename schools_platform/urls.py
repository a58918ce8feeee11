from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from schools_platform.core.forms import SignInForm
from schools_platform.core.private_files import serve_private_file
from schools_platform.core.security import AdminLogoutView
from schools_platform.dashboard import views as dashboard_views

urlpatterns = [
    # Before Wagtail's own: sign out on POST only (Wagtail's drops the cookie on a refused GET).
    path("admin/logout/", AdminLogoutView.as_view(), name="wagtailadmin_logout"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
            extra_context={"failure_limit": settings.AXES_FAILURE_LIMIT},
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dashboard/", dashboard_views.dashboard, name="home-dashboard"),
    path("accessibility/", dashboard_views.accessibility_statement, name="accessibility-statement"),
    path("schools/", include("schools_platform.registry.urls")),
    path("equality/", include("schools_platform.equality.urls")),
    path("representation/", include("schools_platform.representation.urls")),
    path("appeals/engine/", include("admissions.engine.urls")),
    path("appeals/", include("admissions.urls")),
    path("governors/recruitment/", include("governors.recruitment.urls")),
    path("governors/", include("governors.urls")),
    path("api/", include("schools_platform.api.urls")),
    path("training/evaluation/", include("cpd.evaluation.urls")),
    path("training/network/", include("cpd.network.urls")),
    path("training/", include("cpd.urls")),
    path("policies/", include("policies.urls")),
    path("", include("schools_platform.core.urls")),
    # Django's admin only for superusers' django-celery-beat schedules; officers use Wagtail.
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Private files (imports, evidence): only through the permission check, never MEDIA_URL.
    path("files/<path:name>", serve_private_file, name="private-file"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Public media only (Wagtail documents and images); private files are not under MEDIA_ROOT
    # (a system check in core/checks.py refuses a PRIVATE_MEDIA_ROOT inside it).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCHMARK_ENDPOINTS:
    from schools_platform.core.bench_views import bare

    urlpatterns.append(path("bench/bare/", bare, name="bench-bare"))

urlpatterns.append(path("", include(wagtail_urls)))

# 503 (with Retry-After) when the database or broker is down, else the 500 page; no DB needed.
handler500 = "schools_platform.core.errors.server_error"
