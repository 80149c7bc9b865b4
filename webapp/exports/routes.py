"""GET /export/<list>.<csv|xlsx>: the list as the user sees it (same query arguments), every page."""

import tempfile
from datetime import datetime, timezone

from flask import Response, abort, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user

from webapp.exports import bp, services
from webapp.formats import as_local


@bp.get("/<name>.<fmt>")
def export(name: str, fmt: str):
    kind = services.kind_named(name)
    if kind is None or fmt not in services.FORMATS:
        abort(404)
    if kind.roles and not current_user.has_role(*kind.roles):
        abort(403, _("Your role may not do this."))  # as the list itself answers
    params = kind.params()
    if kind.guard:
        kind.guard(current_user, params)
    now = datetime.now(timezone.utc)
    query = services.export_query(kind, current_user, params, now)
    download = services.filename(kind, fmt, as_local(now).date(), params)
    if fmt == "csv":
        return Response(stream_with_context(services.csv_stream(kind, query)), mimetype=services.MIMETYPES["csv"],
                        headers={"Content-Disposition": f"attachment; filename={download}"})
    target = tempfile.TemporaryFile()
    services.write_xlsx(kind, query, target)
    size = target.tell()
    target.seek(0)
    return Response(_read_and_close(target), mimetype=services.MIMETYPES["xlsx"],
                    headers={"Content-Disposition": f"attachment; filename={download}", "Content-Length": str(size)})


def _read_and_close(handle, size: int = 64 * 1024):
    """The file in pieces, closed (and so removed) when sent or when the response is dropped unread:
    send_file's wrapper would leave that to whoever remembers to close the response."""
    with handle:
        while piece := handle.read(size):
            yield piece
