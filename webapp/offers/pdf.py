"""The offer as a PDF in the company's design and the contact's language, drawn with fpdf2.

Why fpdf2: it is pure Python (its only dependencies, Pillow, fontTools and defusedxml, install as
wheels), so `pip install` is all a machine needs: no Cairo/Pango as WeasyPrint requires, no
headless browser, no binary such as the unmaintained wkhtmltopdf, and no network at run time. It
is actively maintained and writes the PDF directly, so a web worker renders an offer in
milliseconds. The HTML print view (print.html) shows the same OfferDocument.

Fonts: DejaVu Sans (Debian's fonts-dejavu-core, which `make run` installs; folder PDF_FONT_DIR),
embedded as a subset, covers German, the euro sign, typographic quotes, ✓ and some emoji. A
character it cannot draw (most emoji) is left out rather than printed as "?" or an empty box.
Without the font files the PDF falls back to the built-in Helvetica (Windows-1252 only) and says
so in the log.
"""

import logging
from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from webapp.formats import format_date
from webapp.offers.document import OfferDocument
from webapp.offers.money import format_amount as amount
from webapp.offers.money import format_number as number
from webapp.offers.money import line_net

log = logging.getLogger(__name__)

FAMILY = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
CORE_FAMILY = "Helvetica"
CORE_ENCODING = "windows-1252"
ALWAYS_PRINTABLE = frozenset("\n\t ")
MARGIN = 18
WIDTHS = (11, 50, 16, 16, 24, 20, 17, 26)  # pos, description, qty, unit, price, disc, tax, net (mm, scaled to the page)


@lru_cache(maxsize=4)
def _characters_of(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for (read once per process)."""
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _font_files() -> dict[str, Path] | None:
    folder = Path(current_app.config["PDF_FONT_DIR"])
    files = {style: folder / name for style, name in FONT_FILES.items()}
    if all(path.is_file() for path in files.values()):
        return files
    log.warning("No %s in %s: offer PDFs use Helvetica, which cannot print symbols such as ✓ "
                "(install fonts-dejavu-core or set PDF_FONT_DIR).", " and ".join(FONT_FILES.values()), folder)
    return None


class _OfferPdf(FPDF):
    def __init__(self, doc: OfferDocument):
        super().__init__(format="A4")
        self.doc = doc
        files = _font_files()
        if files:
            for style, path in files.items():
                self.add_font(FAMILY, style, path)
            self.text_family = FAMILY
            self.drawable = _characters_of(files[""]) & _characters_of(files["B"])
        else:
            self.core_fonts_encoding = CORE_ENCODING
            self.text_family = CORE_FAMILY
            self.drawable = None
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=32)
        self.set_title(self.safe(doc.title))
        self.set_author(self.safe(doc.company.name))

    def safe(self, text) -> str:
        """Text the fonts can draw; anything else is left out, never an error or a "?"."""
        text = str(text or "")
        if self.drawable is None:
            return "".join(ch for ch in text if _in_core_font(ch))
        return "".join(ch for ch in text if ord(ch) in self.drawable or ch in ALWAYS_PRINTABLE)

    def use_font(self, style: str, size: float) -> None:
        self.set_font(self.text_family, style, size)

    def header(self) -> None:
        company = self.doc.company
        self.set_fill_color(*company.rgb)
        self.rect(MARGIN, 12, 18, 18, style="F")
        self.set_xy(MARGIN, 12)
        self.set_text_color(255, 255, 255)
        self.use_font("B", 12)
        self.cell(18, 18, self.safe(company.logo_text[:4]), align="C")
        self.set_xy(MARGIN + 22, 13)
        self.set_text_color(*company.rgb)
        self.use_font("B", 15)
        self.cell(90, 8, self.safe(company.name))
        self.set_text_color(90, 90, 90)
        self.use_font("", 8)
        self.set_xy(130, 12)
        self.multi_cell(62, 3.8, self.safe("\n".join([*company.address, company.contact])), align="R")
        self.set_draw_color(*company.rgb)
        self.line(MARGIN, 34, 210 - MARGIN, 34)
        self.set_y(40)

    def footer(self) -> None:
        company = self.doc.company
        self.set_y(-28)
        self.set_draw_color(200, 200, 200)
        self.line(MARGIN, self.get_y(), 210 - MARGIN, self.get_y())
        self.use_font("", 7.5)
        self.set_text_color(100, 100, 100)
        self.multi_cell(120, 3.6, self.safe("\n".join([company.name, *company.bank, company.tax_id])))
        self.set_xy(150, -25)
        # {nb} is replaced by the page count when the document is finished
        self.cell(42, 4, self.safe(_("Page %(page)s/%(pages)s", page=self.page_no(), pages="{nb}")), align="R")


@lru_cache(maxsize=512)
def _in_core_font(ch: str) -> bool:
    try:
        ch.encode(CORE_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def _heading(pdf: _OfferPdf, doc: OfferDocument) -> None:
    offer = doc.offer
    pdf.set_text_color(0, 0, 0)
    pdf.use_font("", 10)
    pdf.multi_cell(100, 5, pdf.safe("\n".join(doc.recipient)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.use_font("B", 14)
    pdf.cell(0, 8, pdf.safe(doc.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.use_font("", 9)
    facts = [_("Date %(date)s", date=format_date(doc.dated))]
    if offer.valid_until:
        facts.append(_("valid until %(date)s", date=format_date(offer.valid_until)))
    facts.append(_("project: %(title)s", title=offer.lead.title))
    pdf.cell(0, 5, pdf.safe(" · ".join(facts)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if offer.customer_note:
        pdf.ln(3)
        pdf.use_font("", 10)
        pdf.multi_cell(0, 5, pdf.safe(offer.customer_note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _lines(pdf: _OfferPdf, doc: OfferDocument) -> None:
    pdf.use_font("", 9)
    pdf.set_draw_color(200, 200, 200)
    align = ("RIGHT", "LEFT", "RIGHT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")
    headings = [_("Pos"), _("Description"), _("Qty"), _("Unit"), _("Unit price"), _("Disc. %"), _("Tax %"), _("Net")]
    with pdf.table(col_widths=WIDTHS, text_align=align, first_row_as_headings=True, line_height=5,
                   headings_style=_headings_style(doc)) as table:
        table.row([pdf.safe(h) for h in headings])
        for line in doc.offer.lines:
            net = line_net(line.quantity, line.unit_price, line.discount_pct)
            table.row([str(line.position), pdf.safe(line.description), number(line.quantity), pdf.safe(line.unit),
                       pdf.safe(amount(line.unit_price)), number(line.discount_pct), number(line.tax_rate),
                       pdf.safe(amount(net))])


def _headings_style(doc: OfferDocument) -> FontFace:
    return FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=doc.company.rgb)


def _totals(pdf: _OfferPdf, doc: OfferDocument) -> None:
    pdf.ln(3)
    rows = [(_("Net total"), doc.totals.net)]
    rows += [(_("VAT %(rate)s %% on %(net)s", rate=number(r.rate), net=amount(r.net)), r.tax)
             for r in doc.totals.by_rate]
    for label, value in rows:
        pdf.use_font("", 10)
        pdf.cell(140, 6, pdf.safe(label), align="R")
        pdf.cell(34, 6, pdf.safe(amount(value)), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.use_font("B", 11)
    pdf.cell(140, 7, pdf.safe(_("Total")), align="R")
    pdf.cell(34, 7, pdf.safe(amount(doc.totals.gross)), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if doc.terms:
        pdf.ln(6)
        pdf.use_font("B", 9)
        pdf.cell(0, 5, pdf.safe(_("Terms")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.use_font("", 9)
        pdf.multi_cell(0, 4.5, pdf.safe(doc.terms), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def offer_pdf(doc: OfferDocument) -> bytes:
    """The PDF in the contact's language, with money and dates written that way."""
    with force_locale(doc.language):
        pdf = _OfferPdf(doc)
        pdf.add_page()
        _heading(pdf, doc)
        _lines(pdf, doc)
        _totals(pdf, doc)
        return bytes(pdf.output())
