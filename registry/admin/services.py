"""Administration writes: users, organisations, commune classification. Flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.audit.services import record
from registry.auth.models import ROLES, User
from registry.auth.scope import SCOPED_ROLES, organization_subtree, parse_scope
from registry.auth.services import check_password_strength
from registry.auth.sessions import end_all_sessions
from registry.errors import ValidationError
from registry.people.models import ORG_KINDS, Organization, Person
from registry.reference.models import Commune, CommuneClass
from registry.text import nfc


def update_user(
    session: Session,
    user: User,
    *,
    role: str,
    scope: str | None,
    person_id: int | None,
    enabled: bool,
    actor,
) -> None:
    errors = {}
    if role not in ROLES:
        errors["role"] = str(_l("Vai trò không hợp lệ: %(value)s", value=role))
    if role in SCOPED_ROLES and not scope:
        errors["scope"] = str(
            _l(
                "Cán bộ và nhà tuyển dụng phải có phạm vi (tỉnh, huyện cũ, xã, nhóm xã "
                "hoặc tổ chức)."
            )
        )
    if person_id is not None and session.get(Person, person_id) is None:
        errors["person_id"] = str(_l("Không có hồ sơ số %(value)s.", value=person_id))
    if role == "individual" and person_id is None:
        errors["person_id"] = str(_l("Tài khoản cá nhân phải gắn với một hồ sơ."))
    if user.id == getattr(actor, "id", None) and (role != "admin" or not enabled):
        errors["role"] = str(_l("Bạn không thể tự hạ quyền hoặc khóa tài khoản của chính mình."))
    try:
        parsed = parse_scope(session, scope)
    except ValidationError as error:
        errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    before = {
        "role": user.role,
        "scope": user.scope_label,
        "person_id": user.person_id,
        "enabled": user.is_enabled,
    }
    user.role = role
    for name, value in parsed.stored().items():
        setattr(user, name, value)
    user.person_id, user.is_enabled = person_id, enabled
    session.flush()
    after = {
        "role": user.role,
        "scope": user.scope_label,
        "person_id": user.person_id,
        "enabled": user.is_enabled,
    }
    if before != after:  # what the user may do changed: their sessions and tokens end
        end_all_sessions(session, user.id, "user.update", revoke_tokens=True)
    record(
        session,
        actor=actor,
        action="user.update",
        target_type="user",
        target_id=user.id,
        details={"before": before, "after": after},
    )


def reset_password(session: Session, user: User, password: str, actor) -> None:
    check_password_strength(password)
    user.set_password(password)
    end_all_sessions(session, user.id, "password_reset", revoke_tokens=True)
    record(
        session, actor=actor, action="user.password_reset", target_type="user", target_id=user.id
    )


def save_organization(
    session: Session,
    org: Organization | None,
    *,
    name: str,
    kind: str,
    parent_id: int | None,
    commune_code: str | None,
    actor,
) -> Organization:
    name = nfc(name) or ""
    errors = {}
    if not name or len(name) > 255:
        errors["name"] = str(_l("Tên tổ chức là bắt buộc (tối đa 255 ký tự)."))
    if kind not in ORG_KINDS:
        errors["kind"] = str(_l("Loại tổ chức không hợp lệ."))
    if parent_id is not None and session.get(Organization, parent_id) is None:
        errors["parent_id"] = str(_l("Không có tổ chức cấp trên này."))
    elif (
        org is not None
        and parent_id is not None
        and parent_id in organization_subtree(session, org.id)
    ):
        errors["parent_id"] = str(
            _l("Tổ chức cấp trên không thể là chính nó hoặc đơn vị trực thuộc của nó.")
        )
    if commune_code and session.get(Commune, commune_code) is None:
        errors["commune_code"] = str(_l("Mã không có trong danh mục: %(code)s", code=commune_code))
    if errors:
        raise ValidationError(errors)
    created = org is None
    org = org or Organization()
    before = (
        None
        if created
        else {
            "name": org.name,
            "kind": org.kind,
            "parent_id": org.parent_id,
            "commune_code": org.commune_code,
        }
    )
    org.name, org.kind, org.parent_id, org.commune_code = (
        name,
        kind,
        parent_id,
        commune_code or None,
    )
    session.add(org)
    session.flush()
    record(
        session,
        actor=actor,
        action="organization.create" if created else "organization.update",
        target_type="organization",
        target_id=org.id,
        details={
            "before": before,
            "after": {
                "name": name,
                "kind": kind,
                "parent_id": parent_id,
                "commune_code": commune_code,
            },
        },
    )
    return org


def set_commune_class(
    session: Session,
    *,
    start_year: int,
    end_year: int,
    commune_code: str,
    region: str,
    source: str | None,
    actor,
) -> CommuneClass:
    errors = {}
    if not (2000 <= start_year <= end_year <= 2100):
        errors["end_year"] = str(_l("Giai đoạn không hợp lệ."))
    if region not in ("I", "II", "III"):
        errors["region"] = str(_l("Khu vực phải là I, II hoặc III."))
    from registry.reference.models import LegacyCommune

    code = (commune_code or "").strip()
    if session.get(Commune, code) is None and session.get(LegacyCommune, code) is None:
        errors["commune_code"] = str(_l("Mã không có trong danh mục: %(code)s", code=code))
    if errors:
        raise ValidationError(errors)
    row = session.get(CommuneClass, (start_year, code)) or CommuneClass(
        start_year=start_year, commune_code=code
    )
    row.end_year, row.region, row.source = end_year, region, nfc(source)
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="commune_class.set",
        target_type="commune",
        target_id=int(code),
        details={"period": f"{start_year}-{end_year}", "region": region},
    )
    return row


def delete_commune_class(session: Session, start_year: int, commune_code: str, actor) -> None:
    row = session.get(CommuneClass, (start_year, commune_code))
    if row is None:
        raise ValidationError({"": str(_l("Không tìm thấy dòng phân loại này."))})
    session.delete(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="commune_class.delete",
        target_type="commune",
        target_id=int(commune_code),
        details={"period_start": start_year},
    )


def users_list(session: Session):
    return select(User).order_by(User.username)
