"""The offer as a PDF in the company's design, drawn with fpdf2.

Why fpdf2: it is pure Python (its only dependencies, Pillow, fontTools and defusedxml, install as
wheels), so `pip install` is all a machine needs: no Cairo/Pango as WeasyPrint requires, no
headless browser, no binary such as the unmaintained wkhtmltopdf, and no network at run time. It
is actively maintained and writes the PDF directly, so a web worker renders an offer in
milliseconds. The built-in Helvetica needs no font files; text is written in Windows-1252, which
covers German and Western European text and the euro sign, and any other character prints as "?"
rather than failing. The HTML print view (print.html) shows the same OfferDocument.
"""

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from webapp.offers.document import OfferDocument
from webapp.offers.money import format_amount as amount
from webapp.offers.money import format_number as number
from webapp.offers.money import line_net

ENCODING = "windows-1252"
MARGIN = 18
WIDTHS = (9, 66, 14, 12, 24, 17, 14, 26)  # pos, description, qty, unit, price, disc, tax, net (mm)


def safe(text) -> str:
    """Text the built-in fonts can draw; anything else becomes '?', never an error."""
    return str(text or "").encode(ENCODING, "replace").decode(ENCODING)


class _OfferPdf(FPDF):
    def __init__(self, doc: OfferDocument):
        super().__init__(format="A4")
        self.doc = doc
        self.core_fonts_encoding = ENCODING
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=32)
        self.set_title(safe(doc.title))
        self.set_author(safe(doc.company.name))

    def header(self) -> None:
        company = self.doc.company
        self.set_fill_color(*company.rgb)
        self.rect(MARGIN, 12, 18, 18, style="F")
        self.set_xy(MARGIN, 12)
        self.set_text_color(255, 255, 255)
        self.set_font("Helvetica", "B", 12)
        self.cell(18, 18, safe(company.logo_text[:4]), align="C")
        self.set_xy(MARGIN + 22, 13)
        self.set_text_color(*company.rgb)
        self.set_font("Helvetica", "B", 15)
        self.cell(90, 8, safe(company.name))
        self.set_text_color(90, 90, 90)
        self.set_font("Helvetica", "", 8)
        self.set_xy(130, 12)
        self.multi_cell(62, 3.8, safe("\n".join([*company.address, company.contact])), align="R")
        self.set_draw_color(*company.rgb)
        self.line(MARGIN, 34, 210 - MARGIN, 34)
        self.set_y(40)

    def footer(self) -> None:
        company = self.doc.company
        self.set_y(-28)
        self.set_draw_color(200, 200, 200)
        self.line(MARGIN, self.get_y(), 210 - MARGIN, self.get_y())
        self.set_font("Helvetica", "", 7.5)
        self.set_text_color(100, 100, 100)
        self.multi_cell(120, 3.6, safe("\n".join([company.name, *company.bank, company.tax_id])))
        self.set_xy(150, -25)
        self.cell(42, 4, f"Page {self.page_no()}/{{nb}}", align="R")


def _heading(pdf: _OfferPdf, doc: OfferDocument) -> None:
    offer = doc.offer
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(100, 5, safe("\n".join(doc.recipient)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, safe(doc.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 9)
    valid = f" · valid until {offer.valid_until:%d %b %Y}" if offer.valid_until else ""
    pdf.cell(0, 5, safe(f"Date {doc.dated:%d %b %Y}{valid} · project: {offer.lead.title}"),
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if offer.customer_note:
        pdf.ln(3)
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 5, safe(offer.customer_note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _lines(pdf: _OfferPdf, doc: OfferDocument) -> None:
    pdf.set_font("Helvetica", "", 9)
    pdf.set_draw_color(200, 200, 200)
    align = ("RIGHT", "LEFT", "RIGHT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")
    with pdf.table(col_widths=WIDTHS, text_align=align, first_row_as_headings=True, line_height=5,
                   headings_style=_headings_style(doc)) as table:
        table.row(["Pos", "Description", "Qty", "Unit", "Unit price", "Disc. %", "Tax %", "Net"])
        for line in doc.offer.lines:
            net = line_net(line.quantity, line.unit_price, line.discount_pct)
            table.row([str(line.position), safe(line.description), number(line.quantity), safe(line.unit),
                       amount(line.unit_price), number(line.discount_pct), number(line.tax_rate),
                       amount(net)])


def _headings_style(doc: OfferDocument) -> FontFace:
    return FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=doc.company.rgb)


def _totals(pdf: _OfferPdf, doc: OfferDocument) -> None:
    pdf.ln(3)
    rows = [("Net total", doc.totals.net)]
    rows += [(f"VAT {number(r.rate)} % on {amount(r.net)}", r.tax) for r in doc.totals.by_rate]
    for label, value in rows:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(140, 6, safe(label), align="R")
        pdf.cell(34, 6, safe(amount(value)), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(140, 7, "Total", align="R")
    pdf.cell(34, 7, safe(amount(doc.totals.gross)), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if doc.offer.terms:
        pdf.ln(6)
        pdf.set_font("Helvetica", "B", 9)
        pdf.cell(0, 5, "Terms", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 4.5, safe(doc.offer.terms), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def offer_pdf(doc: OfferDocument) -> bytes:
    pdf = _OfferPdf(doc)
    pdf.add_page()
    _heading(pdf, doc)
    _lines(pdf, doc)
    _totals(pdf, doc)
    return bytes(pdf.output())
