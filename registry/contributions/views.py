"""Pages of research tasks, initiatives, awards and publications: lists with their own filters,
XLSX, detail, officer entry, and counts. Councils, attraction and overseas are in their own views."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.auth.access import roles_required
from registry.contributions import export, people_queries, queries
from registry.contributions.counts import COUNTED, all_counts
from registry.contributions.forms import AwardForm, InitiativeForm, PublicationForm, TaskForm
from registry.contributions.labels import LABELS, choices
from registry.contributions.services import KINDS, delete_record
from registry.core.pagination import page_number, paginate
from registry.core.writes import save
from registry.extensions import db

bp = Blueprint("contributions", __name__, url_prefix="/contributions")
STAFF = ("admin", "officer", "recruiter")
EDITORS = ("admin", "officer")
FORMS = {
    "research_task": TaskForm,
    "initiative": InitiativeForm,
    "award": AwardForm,
    "publication": PublicationForm,
}
LIST_OF = {"research_task": "contributions.tasks", "initiative": "contributions.initiatives"}


def xlsx_response(content: bytes, filename: str) -> Response:
    return Response(
        content,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


@bp.route("")
@roles_required(*STAFF)
def index():
    common = {k: request.args.get(k, "") for k in ("year_from", "year_to", "field", "area")}
    filters = {kind: queries.read_filters(common, kind) for kind in COUNTED}
    errors = {k: v for f in filters.values() for k, v in f.errors.items()}
    return render_template(
        "contributions/index.html",
        counts=all_counts(db.session, current_user, filters),
        args={k: v for k, v in common.items() if v and k not in errors},
        errors=errors,
        fields=_field_choices(),
        lists=LIST_OF,
    )


def _list(kind: str, template: str):
    filters = queries.read_filters(request.args, kind)
    query = queries.list_records(db.session, current_user, kind, filters)
    page = paginate(db.session, query, page_number(request.args.get("page")))
    return render_template(
        template,
        page=page,
        filters=filters,
        kind=kind,
        levels=queries.level_labels(kind),
        statuses=LABELS["status"],
        fields=_field_choices(),
    )


def _field_choices():
    form = TaskForm()
    form.fill(db.session)
    return form.field_code.choices


def _export(kind: str, writer, name: str):
    from registry.audit.services import record

    filters = queries.read_filters(request.args, kind)
    items = db.session.scalars(queries.list_records(db.session, current_user, kind, filters)).all()
    record(
        db.session,
        actor=current_user,
        action=f"{kind}.export",
        target_type=kind,
        details={"filters": filters.args(), "rows": len(items)},
    )
    db.session.commit()
    return xlsx_response(writer(items), name)


@bp.route("/tasks")
@roles_required(*STAFF)
def tasks():
    return _list("research_task", "contributions/tasks.html")


@bp.route("/tasks.xlsx")
@roles_required(*STAFF)
def tasks_xlsx():
    return _export("research_task", export.tasks_workbook, "nhiem-vu-khcn.xlsx")


@bp.route("/initiatives")
@roles_required(*STAFF)
def initiatives():
    return _list("initiative", "contributions/initiatives.html")


@bp.route("/initiatives.xlsx")
@roles_required(*STAFF)
def initiatives_xlsx():
    return _export("initiative", export.initiatives_workbook, "sang-kien.xlsx")


def _detail(kind: str, record_id: int):
    item = queries.record_for(db.session, current_user, kind, record_id)
    if item is None:
        abort(404)
    return render_template("contributions/detail.html", item=item, kind=kind)


@bp.route("/tasks/<int:record_id>")
@roles_required(*STAFF)
def task(record_id: int):
    return _detail("research_task", record_id)


@bp.route("/initiatives/<int:record_id>")
@roles_required(*STAFF)
def initiative(record_id: int):
    return _detail("initiative", record_id)


def _prefill(kind: str, item, form) -> None:
    if kind == "research_task":
        form.process(obj=item)
        for index, member in enumerate(item.members[: len(form.members)]):
            form.members[index].person_id.data = str(member.person_id)
            form.members[index].role.data = member.role
        for index, row in enumerate(item.funding[: len(form.funding)]):
            form.funding[index].source.data = row.source
            form.funding[index].amount.data = str(row.amount)
    elif kind == "initiative":
        form.process(obj=item)
        form.authors.data = ", ".join(str(a.person_id) for a in item.authors)
    else:
        form.process(obj=item)


def _edit(kind: str, record_id: int | None):
    item = None
    if record_id is not None:
        item = queries.record_for(db.session, current_user, kind, record_id)
        if item is None:
            abort(404)
    form = FORMS[kind]()
    form.fill(db.session)
    if request.method == "GET":
        if item is not None:
            _prefill(kind, item, form)
        elif request.args.get("person_id") and hasattr(form, "person_id"):
            form.person_id.data = request.args["person_id"]
        return render_template("contributions/edit.html", form=form, kind=kind, item=item)
    saved = []
    ok = save(
        lambda: saved.append(
            KINDS[kind].save(db.session, form.data_for_service(), current_user, item)
        ),
        success=_("Đã lưu."),
        form=form,
    )
    if not ok:
        return render_template("contributions/edit.html", form=form, kind=kind, item=item), 422
    return redirect(_after_save(kind, saved[0]))


def _after_save(kind: str, item) -> str:
    if kind == "research_task":
        return url_for("contributions.task", record_id=item.id)
    if kind == "initiative":
        return url_for("contributions.initiative", record_id=item.id)
    return url_for("people.profile", person_id=item.person_id)


@bp.route("/<any(tasks, initiatives, awards, publications):plural>/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new(plural: str):
    return _edit(_KIND_OF[plural], None)


@bp.route(
    "/<any(tasks, initiatives, awards, publications):plural>/<int:record_id>/edit",
    methods=["GET", "POST"],
)
@roles_required(*EDITORS)
def edit(plural: str, record_id: int):
    return _edit(_KIND_OF[plural], record_id)


@bp.route(
    "/<any(tasks, initiatives, awards, publications):plural>/<int:record_id>/delete",
    methods=["POST"],
)
@roles_required(*EDITORS)
def delete(plural: str, record_id: int):
    kind = _KIND_OF[plural]
    item = queries.record_for(db.session, current_user, kind, record_id)
    if item is None:
        abort(404)
    back = (
        url_for(LIST_OF[kind])
        if kind in LIST_OF
        else url_for("people.profile", person_id=item.person_id)
    )
    save(lambda: delete_record(db.session, kind, item, current_user), success=_("Đã xóa."))
    return redirect(back)


_KIND_OF = {
    "tasks": "research_task",
    "initiatives": "initiative",
    "awards": "award",
    "publications": "publication",
}


@bp.app_context_processor
def _contribution_helpers():
    from registry.contributions.countries import country_name
    from registry.contributions.labels import label

    def contributions_of(person_id: int):
        return people_queries.person_contributions(db.session, person_id)

    def visible_ids(person_ids) -> set[int]:
        return queries.visible_ids(db.session, current_user, person_ids)

    from registry.contributions.proposals import PROPOSAL_KINDS, proposal_text

    return {
        "proposal_kinds": PROPOSAL_KINDS,
        "proposal_text": proposal_text,
        "contributions_of": contributions_of,
        "visible_ids": visible_ids,
        "clabel": label,
        "cchoices": choices,
        "country_name": country_name,
    }


from registry.contributions import council_views as _council_views  # noqa: E402, F401
from registry.contributions import me_views as _me_views  # noqa: E402, F401  (routes on `bp`)
from registry.contributions import outreach_views as _outreach_views  # noqa: E402, F401
