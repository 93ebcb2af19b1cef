from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from registry.core.template_helpers import ROLE_LABELS
from registry.people.models import ORG_KINDS

ROLE_CHOICES = [(role, label) for role, label in ROLE_LABELS.items()]
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


class UserCreateForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=80)])
    role = SelectField(_l("Vai trò"), choices=ROLE_CHOICES)
    scope = StringField(
        _l("Phạm vi (mã tỉnh, mã xã hoặc org:<số>)"), validators=[Optional(), Length(max=20)]
    )
    person_id = IntegerField(_l("Số hồ sơ (tài khoản cá nhân)"), validators=[Optional()])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(max=200)])


class UserEditForm(FlaskForm):
    role = SelectField(_l("Vai trò"), choices=ROLE_CHOICES)
    scope = StringField(
        _l("Phạm vi (mã tỉnh, mã xã hoặc org:<số>)"), validators=[Optional(), Length(max=20)]
    )
    person_id = IntegerField(_l("Số hồ sơ (tài khoản cá nhân)"), validators=[Optional()])
    enabled = BooleanField(_l("Đang hoạt động"))


class PasswordResetForm(FlaskForm):
    new_password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(), Length(max=200)])


class OrganizationForm(FlaskForm):
    name = StringField(_l("Tên tổ chức"), validators=[DataRequired(), Length(max=255)])
    kind = SelectField(_l("Loại"), choices=[(k, ORG_KIND_LABELS[k]) for k in ORG_KINDS])
    parent_id = SelectField(_l("Trực thuộc"), validators=[Optional()])
    commune_code = StringField(_l("Mã xã, phường"), validators=[Optional(), Length(max=5)])


class CommuneClassForm(FlaskForm):
    start_year = IntegerField(_l("Từ năm"), validators=[DataRequired(), NumberRange(2000, 2100)])
    end_year = IntegerField(_l("Đến năm"), validators=[DataRequired(), NumberRange(2000, 2100)])
    commune_code = StringField(
        _l("Mã xã (mới hoặc cũ)"), validators=[DataRequired(), Length(min=5, max=5)]
    )
    region = SelectField(_l("Khu vực"), choices=[("III", "III"), ("II", "II"), ("I", "I")])
    source = StringField(_l("Căn cứ (quyết định)"), validators=[Optional(), Length(max=255)])


class CommuneGroupForm(FlaskForm):
    name = StringField(_l("Tên nhóm xã"), validators=[DataRequired(), Length(max=200)])
    communes = StringField(
        _l("Mã các xã (cách nhau bởi dấu phẩy)"), validators=[DataRequired(), Length(max=2000)]
    )
