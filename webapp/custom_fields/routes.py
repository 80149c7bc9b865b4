"""Admins define the custom fields of contacts and organizations (Settings → Custom fields)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.custom_fields import bp
from webapp.custom_fields.definitions import field_by_key, fields_for, save_field
from webapp.custom_fields.forms import ENTITIES, TYPES, FieldDefinitionForm
from webapp.custom_fields.values import shown
from webapp.extensions import db
from webapp.models import CustomField
from webapp.request_args import choice_arg
from webapp.security import roles_required


@bp.get("/")
@roles_required()  # admins only
def index():
    return render_template("custom_fields/index.html", types=TYPES, entities=ENTITIES,
                           fields={entity: fields_for(entity, active_only=False) for entity in ENTITIES})


def _data(form: FieldDefinitionForm) -> dict:
    return {"entity": form.entity.data, "key": form.key.data, "label": form.label.data, "type": form.type.data,
            "options": form.options(), "required": form.required.data, "position": form.position.data or 0,
            "active": form.active.data, "in_list": form.in_list.data}


@bp.route("/new", methods=["GET", "POST"])
@roles_required()
def create():
    form = FieldDefinitionForm()
    if request.method == "GET" and choice_arg("entity", ENTITIES):
        form.entity.data = choice_arg("entity", ENTITIES)
    if form.validate_on_submit():
        if form.key.data and field_by_key(form.entity.data, form.key.data):
            form.key.errors.append(_("Another field has this key already."))
        else:
            field = save_field(None, _data(form))
            flash(_("Field “%(label)s” added.", label=field.label), "success")
            return redirect(url_for("custom_fields.index"))
    return render_template("custom_fields/form.html", form=form, field=None), 422 if form.errors else 200


@bp.route("/<int:field_id>", methods=["GET", "POST"])
@roles_required()
def edit(field_id: int):
    field = db.get_or_404(CustomField, field_id)
    form = FieldDefinitionForm(obj=field)
    # Entity, key and type are fixed: stored values were written for them.
    form.entity.data, form.key.data, form.type.data = field.entity, field.key, field.type
    if request.method == "GET":
        form.options_text.data = "\n".join(field.options or [])
    if form.validate_on_submit():
        save_field(field, _data(form))
        flash(_("Field “%(label)s” saved.", label=field.label), "success")
        return redirect(url_for("custom_fields.index"))
    return render_template("custom_fields/form.html", form=form, field=field), 422 if form.errors else 200


@bp.app_template_filter("custom_value")
def custom_value(record, field: CustomField) -> str:
    """A list cell: the record's value of `field` in the reader's notation."""
    return shown(field, (record.custom or {}).get(field.key))
