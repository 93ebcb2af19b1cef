from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from registry.auth.services import MIN_PASSWORD_LENGTH
from registry.core.form_fields import PickerField, RegistryForm
from registry.core.template_helpers import ROLE_LABELS
from registry.people.models import ORG_KINDS

# Least privileged first: a new account gets the least unless the administrator chooses more.
ROLE_CHOICES = [
    (role, ROLE_LABELS[role]) for role in ("individual", "recruiter", "officer", "admin")
]
SCOPE_HELP = _l(
    "Gõ tên tỉnh, xã, phường hoặc cơ quan để tìm. Bắt buộc với cán bộ và nhà tuyển dụng; "
    "để trống với quản trị (toàn bộ)."
)
ORG_KIND_LABELS = {
    "party": _l("Cơ quan Đảng"),
    "state_agency": _l("Cơ quan nhà nước"),
    "peoples_committee": _l("UBND"),
    "mass_organization": _l("Mặt trận, đoàn thể"),
    "school": _l("Trường học"),
    "health": _l("Y tế"),
    "research": _l("Nghiên cứu, khuyến nông"),
    "enterprise": _l("Doanh nghiệp, HTX"),
    "armed_forces": _l("Lực lượng vũ trang"),
    "other": _l("Khác"),
}


class UserCreateForm(RegistryForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=80)])
    role = SelectField(_l("Vai trò"), choices=ROLE_CHOICES, default="individual")
    scope = PickerField(_l("Phạm vi"), source="scopes", description=SCOPE_HELP)
    person_id = IntegerField(_l("Số hồ sơ (tài khoản cá nhân)"), validators=[Optional()])
    # The policy's length, checked here too so every problem shows at once.
    password = PasswordField(
        _l("Mật khẩu"),
        validators=[DataRequired(), Length(max=200), Length(min=MIN_PASSWORD_LENGTH)],
    )


class UserEditForm(RegistryForm):
    role = SelectField(_l("Vai trò"), choices=ROLE_CHOICES)
    scope = PickerField(_l("Phạm vi"), source="scopes", description=SCOPE_HELP)
    person_id = IntegerField(_l("Số hồ sơ (tài khoản cá nhân)"), validators=[Optional()])
    enabled = BooleanField(_l("Đang hoạt động"))


class PasswordResetForm(RegistryForm):
    new_password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(), Length(max=200)])


class OrganizationForm(RegistryForm):
    name = StringField(_l("Tên tổ chức"), validators=[DataRequired(), Length(max=255)])
    kind = SelectField(_l("Loại"), choices=[(k, ORG_KIND_LABELS[k]) for k in ORG_KINDS])
    parent_id = SelectField(_l("Trực thuộc"), validators=[Optional()])
    commune_code = PickerField(_l("Xã, phường"), source="communes")


class CommuneClassForm(RegistryForm):
    start_year = IntegerField(_l("Từ năm"), validators=[DataRequired(), NumberRange(2000, 2100)])
    end_year = IntegerField(_l("Đến năm"), validators=[DataRequired(), NumberRange(2000, 2100)])
    commune_code = PickerField(
        _l("Xã (mới, hoặc cũ với giai đoạn trước 7/2025)"),
        source="any_communes",
        validators=[DataRequired()],
    )
    region = SelectField(_l("Khu vực"), choices=[("III", "III"), ("II", "II"), ("I", "I")])
    source = StringField(_l("Căn cứ (quyết định)"), validators=[Optional(), Length(max=255)])


class CommuneGroupForm(RegistryForm):
    name = StringField(_l("Tên nhóm xã"), validators=[DataRequired(), Length(max=200)])
    communes = StringField(
        _l("Mã các xã (cách nhau bởi dấu phẩy)"), validators=[DataRequired(), Length(max=2000)]
    )
