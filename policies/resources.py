"""A checklist framework as a spreadsheet, imported through the import pipeline
(docs/modules/imports.md: upload, dry run with every bad row named, confirm, all or nothing)
and exported in the same columns (``framework_rows``), so an authority can bring its own
framework and round-trip it.

Columns: Framework, Section, Section title, Item, Statement, Guidance, Evidence sought, Basis
(statutory duty or good practice), Source, Order. One framework per file. The rows go into
the framework's **draft** version (a new draft is started when it has none; a published
version is never touched), so the imported checklist is published by two officers like any
other. Items are matched by section and item code: a re-import updates the draft.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db.models import Max
from import_export.fields import Field

from schools_platform.imports import Importer, register_importer
from schools_platform.imports.resources import PipelineResource
from schools_platform.imports.widgets import (
    ChoiceWidget,
    LookupWidget,
    TextWidget,
    WholeNumberWidget,
)

from .models import Framework, FrameworkVersion, Item, Section

COLUMNS = (
    "Framework",
    "Section",
    "Section title",
    "Item",
    "Statement",
    "Guidance",
    "Evidence sought",
    "Basis",
    "Source",
    "Order",
)


class DraftSectionWidget(LookupWidget):
    """A section of the draft version the file is imported into, found by its code."""

    version = None

    def get_queryset(self, value, row, *args, **kwargs):
        if self.version is None or self.version.pk is None:
            return Section.objects.none()
        return Section.objects.filter(version=self.version)


def _text(column, attribute, **kwargs):
    return Field(attribute=attribute, column_name=column, widget=TextWidget(**kwargs))


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


class FrameworkResource(PipelineResource):
    framework = Field(
        attribute="section__version__framework__name", column_name="Framework", readonly=True
    )
    section = Field(
        attribute="section",
        column_name="Section",
        widget=DraftSectionWidget(Section, "code", required=True),
    )
    section_title = Field(attribute="section__title", column_name="Section title", readonly=True)
    code = _text("Item", "code", required=True)
    statement = _text("Statement", "statement", required=True)
    guidance = _text("Guidance", "guidance")
    evidence_sought = _text("Evidence sought", "evidence_sought")
    basis = Field(attribute="basis", column_name="Basis", widget=ChoiceWidget(Item.Basis.choices))
    source = _text("Source", "source", required=True)
    order = Field(attribute="order", column_name="Order", widget=WholeNumberWidget())

    class Meta:
        model = Item
        import_id_fields = ("section", "code")
        fields = (
            "framework",
            "section",
            "section_title",
            "code",
            "statement",
            "guidance",
            "evidence_sought",
            "basis",
            "source",
            "order",
        )

    def get_queryset(self):
        version = getattr(self, "version", None)
        if version is None or version.pk is None:
            return Item.objects.none()
        return Item.objects.filter(section__version=version).select_related("section")

    def prepare(self, parsed):
        """Find or start the framework's draft version and its sections. A dry run plans them
        unsaved; the confirmed import creates them in its transaction (all or nothing)."""
        self.problem = ""
        self.planned: list[str] = []
        self.version = None
        widget = self.fields["section"].widget
        widget.reset()
        widget.version = None
        widget.missing = "No section has code '{value}'."
        rows = parsed.records("Framework", "Section", "Section title", "Item")
        names = sorted({_cell(r.get("Framework")) for r in rows} - {""})
        if "Framework" not in parsed.headers:
            self.problem = "The file needs a Framework column naming the checklist."
        elif len(names) != 1:
            self.problem = (
                "A file holds one framework; this one names "
                f"{', '.join(names) if names else 'none'} in its Framework column."
            )
        if self.problem:
            # Every row's Section cell then says why (cell errors are reported first).
            widget.missing = self.problem.replace("{", "{{").replace("}", "}}")
            return
        pairs = Counter((_cell(r.get("Section")), _cell(r.get("Item"))) for r in rows)
        self.repeated = {pair for pair, n in pairs.items() if n > 1}
        name = names[0]
        framework = Framework.objects.filter(name=name).first()
        version = None
        if framework is None:
            framework = Framework(name=name)
            self.planned.append(f"New framework: {name}.")
            if not self.dry_run:
                framework.full_clean()
                framework.save()
        else:
            version = framework.versions.filter(status=FrameworkVersion.Status.DRAFT).first()
        if version is None:
            number = 1
            if framework.pk:
                number = (framework.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            version = FrameworkVersion(framework=framework, number=number)
            self.planned.append(f"New draft: {name}, version {number}.")
            if not self.dry_run:
                version.save()
        self.version = version
        widget.version = version
        existing = {s.code: s for s in version.sections.all()} if version.pk else {}
        titles: dict[str, str] = {}
        for row in rows:
            code = _cell(row.get("Section"))
            if code and code not in titles:
                titles[code] = _cell(row.get("Section title"))
        pending = []
        for position, (code, title) in enumerate(titles.items()):
            section = existing.get(code)
            if section is None:
                section = Section(version=version, code=code, title=title or code, order=position)
                self.planned.append(f"New section: {code}. {section.title}.")
                try:
                    section.full_clean(exclude=["version"])
                except ValidationError:
                    continue  # its rows say the section cannot be found
                if self.dry_run:
                    pending.append(section)
                else:
                    section.save()
            elif title and title != section.title and not self.dry_run:
                section.title = title
                section.save()
        if pending:
            widget.add_pending(pending)

    def validate_row(self, instance):
        if self.problem:
            raise ValidationError({"section": self.problem})
        if (instance.section.code, instance.code) in self.repeated:
            raise ValidationError(
                {"code": f"Item {instance.code} appears twice in section {instance.section.code}."}
            )

    def notes(self):
        return list(self.planned)


def framework_rows(version: FrameworkVersion) -> list[list]:
    """A version's items in the import's columns (the export that re-imports unchanged)."""
    items = (
        Item.objects.filter(section__version=version)
        .select_related("section")
        .order_by("section__order", "section__code", "order", "code")
    )
    return [
        [
            version.framework.name,
            item.section.code,
            item.section.title,
            item.code,
            item.statement,
            item.guidance,
            item.evidence_sought,
            item.get_basis_display(),
            item.source,
            item.order,
        ]
        for item in items
    ]


FRAMEWORK = register_importer(
    Importer(
        name="policy-framework",
        label="Policy review checklist",
        resource_class=FrameworkResource,
        permission="policies.edit_framework",
        description=(
            "A checklist framework (CSV or XLSX), one item a row: Framework, Section, Section "
            "title, Item, Statement, Guidance, Evidence sought, Basis (Statutory duty or Good "
            "practice), Source, Order. The rows go into the framework's draft version (a new "
            "draft is started if it has none; published versions never change); a second "
            "officer publishes it. Items are matched by section and item code."
        ),
    )
)
