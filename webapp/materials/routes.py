"""The materials catalogue: list with figures, create and edit (link or file), retire, download."""

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp import labels
from webapp.extensions import db
from webapp.forms_common import choices
from webapp.materials import bp, services, storage
from webapp.materials.forms import KINDS, MaterialForm
from webapp.models import Material, Role
from webapp.security import roles_required


def _may_edit() -> bool:
    return current_user.has_role(Role.MARKETING)


@bp.get("/")
def index():
    return render_template("materials/index.html", rows=services.catalogue(), may_edit=_may_edit())


def _form(material: Material | None = None) -> MaterialForm:
    form = MaterialForm(obj=material)
    if material is not None and material.kind not in labels.MATERIAL_KINDS:  # a kind from before the list
        form.kind.choices = [*KINDS, *choices([(material.kind, labels.material_kind(material.kind))])]
    return form


def _save(form: MaterialForm, material: Material | None):
    """Save a valid form; None when it was refused (the reason is on the form)."""
    if not form.validate_on_submit():
        return None
    if services.name_taken(form.name.data, material):
        form.name.errors.append(_("A material with this name exists already."))
        return None
    try:
        return services.save_material(material, form.data, upload=form.file.data or None)
    except storage.FileRefused as refused:
        form.file.errors.append(str(refused))
    except services.MaterialError as error:
        form.name.errors.append(str(error))
    return None


@bp.route("/new", methods=["GET", "POST"])
@roles_required("marketing")
def create():
    form = _form()
    material = _save(form, None)
    if material is not None:
        flash(_("Material “%(name)s” added.", name=material.name), "success")
        return redirect(url_for("materials.index"))
    return render_template("materials/form.html", form=form, material=None), 422 if form.errors else 200


@bp.route("/<int:material_id>", methods=["GET", "POST"])
@roles_required("marketing")
def edit(material_id: int):
    material = db.get_or_404(Material, material_id)
    form = _form(material)
    if _save(form, material) is not None:
        flash(_("Material “%(name)s” saved.", name=material.name), "success")
        return redirect(url_for("materials.index"))
    return render_template("materials/form.html", form=form, material=material), 422 if form.errors else 200


RETIRED = _l("“%(name)s” is retired: no longer offered to send, its history stays.")
RESTORED = _l("“%(name)s” can be sent again.")


def _set_active(material_id: int, active: bool, message):
    """Retire or restore a material and say so (`message` takes the material's name)."""
    material = db.get_or_404(Material, material_id)
    services.set_active(material, active)
    flash(str(message) % {"name": material.name}, "success")
    return redirect(url_for("materials.index"))


@bp.post("/<int:material_id>/retire")
@roles_required("marketing")
def retire(material_id: int):
    return _set_active(material_id, False, RETIRED)


@bp.post("/<int:material_id>/restore")
@roles_required("marketing")
def restore(material_id: int):
    return _set_active(material_id, True, RESTORED)


@bp.get("/<int:material_id>/file")
def download(material_id: int):
    """The uploaded file, for signed-in internal users (partners were turned away before)."""
    material = db.get_or_404(Material, material_id)
    if not material.stored_name or not storage.path_of(material.stored_name).is_file():
        abort(404)
    return send_file(storage.path_of(material.stored_name), mimetype=material.content_type,
                     download_name=material.file_name or material.stored_name, as_attachment=True)
