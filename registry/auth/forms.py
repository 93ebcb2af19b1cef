from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(max=200)])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Mật khẩu hiện tại"), validators=[DataRequired(), Length(max=200)]
    )
    new_password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(), Length(max=200)])
    confirm_password = PasswordField(
        _l("Nhập lại mật khẩu mới"), validators=[DataRequired(), Length(max=200)]
    )
