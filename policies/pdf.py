"""A review as a PDF for the governing board: the same content as the print view (status,
each section's items with rating, reason, evidence, files and the reviewer's comments, the
actions), drawn with fpdf2 (pure Python; docs/decisions.md says why). Built from what
``selectors.review_with_answers`` returns, so a review of any size costs the same queries.

The standard PDF fonts cover Latin-1 only; the few other characters our text uses (dashes,
curly quotes, bullets) are replaced by their plain forms and anything else by "?", so no
text can make the build fail.

Drawing is most of the cost of a download (fpdf2 measures every line it breaks), and a board
downloads the same review again and again. So the drawing calls are recorded first, with every
text they write, and the bytes are kept in the cache under a digest of those calls, of this
file and of the fpdf2 version: the same calls make the same pages, and any change to what the
PDF would show is a different key. A cache outage is a miss.
"""

import hashlib
from pathlib import Path

import fpdf
from fpdf import FPDF

from schools_platform.core.cache import get_or_build

CACHE_PREFIX = "policies:review-pdf:"
CACHE_SECONDS = 60 * 60
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()

_PLAIN = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u2022": "*",
        "\u00a0": " ",
        "\u2192": "->",
    }
)


def plain(text) -> str:
    return str(text or "").translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class _ReviewPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self):
        self.set_y(-14)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, plain(f"{self.footer_text} - page {self.page_no()}"), align="C")

    def heading(self, text: str, size: int = 14):
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.5, plain(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def line_of(self, label: str, value, size: int = 10):
        self.set_font("Helvetica", "B", size)
        self.write(5, plain(f"{label}: "))
        self.set_font("Helvetica", size=size)
        self.multi_cell(0, 5, plain(value), new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, text, size: int = 10, style: str = ""):
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, 5, plain(text), new_x="LMARGIN", new_y="NEXT")


def _value(value):
    """A drawing call's argument as the call uses it: numbers as they are, the rest as text
    (the methods write ``str`` of it), so its ``repr`` is the same whenever the text is."""
    return value if value is None or isinstance(value, int | float) else str(value)


class _Calls:
    """Records the drawing calls made on it, in order, to be made again on a _ReviewPDF."""

    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        def record(*args, **kwargs):
            self.calls.append(
                (
                    name,
                    tuple(_value(a) for a in args),
                    sorted((k, _value(v)) for k, v in kwargs.items()),
                )
            )

        return record


def review_pdf(review, sections, actions, general_comments) -> bytes:
    """The PDF's bytes. ``sections`` as from ``selectors.review_with_answers``."""
    footer_text = f"{review.school.name}: {review.get_kind_display()}"
    pdf = _Calls()
    _draw(pdf, review, sections, actions, general_comments)

    def build() -> bytes:
        document = _ReviewPDF(footer_text)
        for name, args, kwargs in pdf.calls:
            getattr(document, name)(*args, **dict(kwargs))
        return bytes(document.output())

    choices = (_CODE, fpdf.__version__, footer_text, pdf.calls)
    return get_or_build(CACHE_PREFIX, choices, build, timeout=CACHE_SECONDS)


def _draw(pdf, review, sections, actions, general_comments) -> None:
    """Everything the PDF shows, as calls on ``pdf`` (a _ReviewPDF, or _Calls to record)."""
    pdf.set_title(plain(f"{review} - {review.version}"))
    pdf.set_author(plain(review.school.name))
    pdf.add_page()
    pdf.heading(review.get_kind_display(), size=18)
    pdf.paragraph(f"{review.school.name} - {review.version}")
    pdf.ln(2)
    answered = sum(1 for s in sections for a in s["answers"] if a.rating)
    total = sum(len(s["answers"]) for s in sections)
    pdf.line_of("Status", f"{review.get_status_display()}, round {review.round}")
    pdf.line_of("Items rated", f"{answered} of {total}")
    if review.submitted_at:
        pdf.line_of("Submitted", review.submitted_at.strftime("%d %B %Y"))
    if review.next_review_on:
        pdf.line_of("Next review", review.next_review_on.strftime("%d %B %Y"))
    for comment in general_comments:
        pdf.paragraph(f"Reviewer, round {comment.round}: {comment.body}", style="I")
    for entry in sections:
        pdf.ln(3)
        pdf.heading(str(entry["section"]))
        for answer in entry["answers"]:
            item = answer.item
            pdf.paragraph(f"{item.code}. {item.statement}", style="B")
            pdf.line_of("Rating", answer.get_rating_display() or "Not answered")
            if answer.not_applicable_reason:
                pdf.line_of("Why not applicable", answer.not_applicable_reason)
            if answer.evidence_text:
                pdf.line_of("Evidence", answer.evidence_text)
            documents = [d.original_name for d in answer.documents.all()]
            if documents:
                pdf.line_of("Files", ", ".join(documents))
            for comment in answer.comments.all():
                who = "Reviewer" if comment.by_reviewer else "School"
                pdf.line_of(f"{who}, round {comment.round}", comment.body)
            pdf.ln(1)
    pdf.ln(3)
    pdf.heading("Actions")
    if not actions:
        pdf.paragraph("No actions recorded.")
    for action in actions:
        code = action.answer.item.code if action.answer_id else ""
        pdf.paragraph(
            f"{action.description} ({code + ', ' if code else ''}owner {action.owner}, due "
            f"{action.due_on.strftime('%d %B %Y')}, {action.get_status_display().lower()})"
        )
