"""The public Wagtail site: a home page, guidance pages and a document library."""

from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, Site

from schools_platform.home.models import ContentPage, DocumentLibraryPage, HomePage

INTRO = (
    "Councils use this platform to make school governance, admission appeals and professional "
    "learning fairer, and to show with data whether it is working."
)
PAGES = [
    (
        "Become a school governor",
        "Governors are volunteers who help run schools. Boards work best when they reflect the "
        "communities they serve.",
        [
            ("heading", "What governors do"),
            (
                "paragraph",
                "<p>Governors set a school's direction, hold its leaders to account "
                "and oversee its finances. Most boards meet about six times a year.</p>",
            ),
            ("inset", "You do not need experience of education to become a governor."),
        ],
    ),
    (
        "How we use equality monitoring data",
        "Answering the equality questions is optional. Here is what happens to your answers.",
        [
            (
                "paragraph",
                "<p>We ask about ethnicity, sex, age and disability so that councils "
                "can see whether boards and panels reflect their communities. "
                "Your answers are kept apart from the rest of your record, "
                "only a named data steward can see them, and "
                "they are never used to decide anything about you.</p>",
            ),
            (
                "paragraph",
                "<p>We publish only totals for large groups. Any count from 1 to 7 "
                "people is shown as 'c', and other counts are rounded to the nearest 5.</p>",
            ),
        ],
    ),
]
DOCUMENTS = [
    (
        "Governor recruitment toolkit (demo)",
        "governor-recruitment-toolkit.txt",
        "A fictional example document for the demo document library.\n",
    ),
    (
        "Anti-racist policy review checklist (demo)",
        "policy-review-checklist.txt",
        "A fictional example checklist for the demo document library.\n",
    ),
]


def ensure_wagtail_roots() -> None:
    """Wagtail's migrations create the page and collection roots and the default locale; a
    database flushed between live-server tests has none, so put them back the same way."""
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    if Collection.get_first_root_node() is None:
        Collection.add_root(instance=Collection(name="Root"))


def seed_site() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        ensure_wagtail_roots()
        root = Page.get_first_root_node()
        # Wagtail's migrations leave a "Welcome" page at slug "home"; replace it.
        welcome = Page.objects.filter(depth=2, slug="home").first()
        if welcome is not None:
            Page.objects.filter(pk=welcome.pk).update(slug="wagtail-welcome")
        home = HomePage(title="Schools equity platform", slug="home", introduction=INTRO)
        root.add_child(instance=home)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "root_page": home,
                "site_name": "Schools equity platform",
            },
        )
        if welcome is not None:
            Page.objects.get(pk=welcome.pk).delete()
    for title, summary, body in PAGES:
        if not ContentPage.objects.filter(title=title).exists():
            page = ContentPage(title=title, summary=summary, body=body, show_in_menus=True)
            home.add_child(instance=page)
    if not DocumentLibraryPage.objects.exists():
        home.add_child(
            instance=DocumentLibraryPage(
                title="Guidance and resources",
                show_in_menus=True,
                introduction="<p>Toolkits, checklists and guidance shared by the councils.</p>",
            )
        )
    Document = get_document_model()
    for title, filename, text in DOCUMENTS:
        if not Document.objects.filter(title=title).exists():
            doc = Document(title=title)
            doc.file.save(filename, ContentFile(text.encode()), save=False)
            doc.save()
    return home


DEMO_ORDER = 30


def seed(context) -> list[str]:
    seed_site()
    return []
