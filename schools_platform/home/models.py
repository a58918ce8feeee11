"""The public Wagtail site: home page, content pages and a document library."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from schools_platform.core.search import search

BODY_BLOCKS = [
    ("heading", blocks.CharBlock(form_classname="title", icon="title")),
    ("paragraph", blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])),
    ("inset", blocks.TextBlock(help_text="Text the reader must not miss.")),
    ("document", DocumentChooserBlock()),
]


class HomePage(Page):
    introduction = models.TextField(blank=True)
    body = StreamField(BODY_BLOCKS, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    max_count = 1
    subpage_types = ["home.ContentPage", "home.DocumentLibraryPage"]


class ContentPage(Page):
    summary = models.TextField(blank=True)
    body = StreamField(BODY_BLOCKS, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    subpage_types = ["home.ContentPage"]


class DocumentLibraryPage(Page):
    """Guidance and resources: lists the documents in the Wagtail document library."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])
    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = []
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = get_document_model().objects.select_related("collection").order_by("title")
        query = request.GET.get("q", "").strip()
        documents = search(documents, query, fields=["title"])
        context["documents"] = documents
        context["query"] = query
        return context
