"""The product catalogue: admins add and change products; offer lines copy them."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from webapp.extensions import db
from webapp.models import Product
from webapp.offers import bp, catalogue
from webapp.offers.errors import OfferError
from webapp.offers.forms import ProductForm
from webapp.security import roles_required


def _save(product: Product | None, form: ProductForm):
    """Save a valid form; None when the name clashes (the error is then on the name field)."""
    try:
        return catalogue.save_product(product, {k: v for k, v in form.data.items() if k != "csrf_token"})
    except OfferError as exc:
        db.session.rollback()
        form.name.errors = [*form.name.errors, str(exc)]
        return None


@bp.route("/catalogue", methods=["GET", "POST"])
@roles_required()  # admins only
def catalogue_index():
    form = ProductForm()
    if form.validate_on_submit() and (product := _save(None, form)):
        flash(_("“%(name)s” added to the catalogue.", name=product.name), "success")
        return redirect(url_for("offers.catalogue_index"))
    status = 422 if form.errors or form.name.errors else 200
    return render_template("offers/catalogue.html", form=form, products=catalogue.all_products()), status


@bp.route("/catalogue/<int:product_id>", methods=["GET", "POST"])
@roles_required()
def product_edit(product_id: int):
    product = db.get_or_404(Product, product_id)
    form = ProductForm(obj=product)
    if form.validate_on_submit() and _save(product, form):
        flash(_("“%(name)s” saved. Offers written earlier keep their prices.", name=product.name), "success")
        return redirect(url_for("offers.catalogue_index"))
    status = 422 if form.errors or form.name.errors else 200
    return render_template("offers/product_form.html", form=form, product=product), status
