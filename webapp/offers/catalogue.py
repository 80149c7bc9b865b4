"""The product and service catalogue that offer lines are picked from (edited by admins)."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Product
from webapp.offers.errors import OfferError

PRODUCT_FIELDS = ("name", "unit", "unit_price", "tax_rate", "active")


def all_products() -> list[Product]:
    return list(db.session.scalars(select(Product).order_by(Product.active.desc(), Product.name)))


def active_products() -> list[Product]:
    return list(db.session.scalars(select(Product).where(Product.active.is_(True)).order_by(Product.name)))


def get_active_product(product_id: int | None) -> Product | None:
    if not product_id:
        return None
    product = db.session.get(Product, product_id)
    return product if product is not None and product.active else None


def save_product(product: Product | None, data: dict) -> Product:
    """Create or change a product; names are unique regardless of case."""
    name = data["name"]
    clash = db.session.scalar(select(Product).where(func.lower(Product.name) == name.lower()))
    if clash is not None and clash is not product:
        raise OfferError(_("“%(name)s” is in the catalogue already.", name=clash.name))
    if product is None:
        product = Product()
        db.session.add(product)
    for field in PRODUCT_FIELDS:
        if field in data:
            setattr(product, field, data[field])
    db.session.commit()
    return product
