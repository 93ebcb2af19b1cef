"""Profile forms. Choices come from the reference tables; validation of meaning lives in services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from registry.core.form_fields import PickerField, RegistryForm, VNDateField
from registry.core.template_helpers import localized
from registry.people.parts import LANGUAGES
from registry.reference import models as ref

SEX_CHOICES = [("female", _l("Nữ")), ("male", _l("Nam"))]
SECTOR_CHOICES = [
    ("state_agency", _l("Cơ quan nhà nước")),
    ("public_service", _l("Đơn vị sự nghiệp công lập")),
    ("enterprise", _l("Doanh nghiệp")),
    ("armed_forces", _l("Lực lượng vũ trang")),
    ("self_employed", _l("Tự do")),
    ("other", _l("Khác")),
]
STATUS_CHOICES = [
    ("active", _l("Đang hoạt động")),
    ("retired", _l("Nghỉ hưu")),
    ("moved", _l("Chuyển đi")),
    ("deceased", _l("Đã mất")),
]
LANGUAGE_LABELS = {
    "en": _l("Tiếng Anh"),
    "fr": _l("Tiếng Pháp"),
    "ru": _l("Tiếng Nga"),
    "zh": _l("Tiếng Trung"),
    "ja": _l("Tiếng Nhật"),
    "ko": _l("Tiếng Hàn"),
    "de": _l("Tiếng Đức"),
    "lo": _l("Tiếng Lào"),
    "km": _l("Tiếng Khmer"),
    "th": _l("Tiếng Thái"),
    "es": _l("Tiếng Tây Ban Nha"),
    "other": _l("Ngôn ngữ khác"),
}
NONE = ("", "—")


def _coded(session, model, order=None):
    """A reference table as choices, named in the page's language, in its natural order."""
    rows = session.scalars(select(model).order_by(order if order is not None else model.code))
    return [NONE, *[(row.code, localized(row)) for row in rows]]


class PersonForm(RegistryForm):
    version = HiddenField()
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(), Length(max=120)])
    sex = SelectField(_l("Giới tính"), choices=SEX_CHOICES)
    birth_date = VNDateField(_l("Ngày sinh"), validators=[Optional()])
    ethnicity_code = SelectField(_l("Dân tộc"), validators=[Optional()])
    national_id = StringField(_l("Số CCCD"), validators=[Optional(), Length(max=12)])
    phone = StringField(_l("Điện thoại"), validators=[Optional(), Length(max=20)])
    email = StringField(_l("Email"), validators=[Optional(), Length(max=254)])
    address = StringField(_l("Địa chỉ"), validators=[Optional(), Length(max=255)])
    hometown = StringField(_l("Quê quán"), validators=[Optional(), Length(max=255)])
    commune_code = PickerField(
        _l("Xã, phường nơi công tác/cư trú"),
        source="communes",
        description=_l("Gõ tên xã, phường để tìm, ví dụ: Vĩnh Linh"),
    )
    organization_id = PickerField(_l("Cơ quan, đơn vị"), source="organizations")
    position = StringField(_l("Chức vụ, vị trí việc làm"), validators=[Optional(), Length(max=255)])
    sector = SelectField(_l("Khu vực"), choices=SECTOR_CHOICES)
    status = SelectField(_l("Trạng thái"), choices=STATUS_CHOICES)
    academic_title_code = SelectField(_l("Học hàm"), validators=[Optional()])
    academic_title_year = IntegerField(_l("Năm phong học hàm"), validators=[Optional()])
    political_theory_code = SelectField(_l("Lý luận chính trị"), validators=[Optional()])
    state_management_code = SelectField(_l("Quản lý nhà nước"), validators=[Optional()])
    it_skill_code = SelectField(_l("Tin học"), validators=[Optional()])
    party_member = BooleanField(_l("Đảng viên"))
    party_joined_on = VNDateField(_l("Ngày vào Đảng"), validators=[Optional()])
    is_overseas = BooleanField(_l("Người Việt Nam ở nước ngoài"))
    is_foreign_national = BooleanField(_l("Người nước ngoài"))

    # A new profile must be placed in a commune (so it lands in someone's scope); an old record
    # imported without one may still be edited.
    commune_required = False

    def validate_commune_code(self, field):
        if self.commune_required and not field.data and not field.raw_text:
            raise FieldError(str(_l("Xã, phường là bắt buộc.")))

    def fill_choices(self, session, province_code: str = "", current_commune: str | None = None):
        self.ethnicity_code.choices = _coded(session, ref.EthnicGroup)
        self.academic_title_code.choices = _coded(
            session, ref.AcademicTitle, order=ref.AcademicTitle.rank
        )
        self.political_theory_code.choices = _coded(
            session, ref.PoliticalTheoryLevel, order=ref.PoliticalTheoryLevel.rank
        )
        self.state_management_code.choices = _coded(
            session, ref.StateManagementLevel, order=ref.StateManagementLevel.rank
        )
        self.it_skill_code.choices = _coded(session, ref.ItSkillLevel, order=ref.ItSkillLevel.rank)

    def values(self) -> dict:
        """The submitted values, typed as PersonInput expects (empty selects become None)."""
        names = [
            f.name for f in self if f.name not in ("csrf_token", "version", "evidence", "note")
        ]
        values = {
            name: (getattr(self, name).data if getattr(self, name).data != "" else None)
            for name in names
        }
        if values.get("organization_id"):
            values["organization_id"] = (
                int(values["organization_id"]) if str(values["organization_id"]).isdigit() else -1
            )
        for flag in ("party_member", "is_overseas", "is_foreign_national"):
            values[flag] = bool(values.get(flag))
        return values


class SelfServiceForm(PersonForm):
    """What an individual may change; the request waits for an officer."""

    status = None
    note = TextAreaField(_l("Ghi chú cho cán bộ duyệt"), validators=[Optional(), Length(max=2000)])
    evidence = FileField(_l("Tệp minh chứng (PDF, JPG, PNG, tối đa 10 MB)"))


class QualificationForm(RegistryForm):
    level_code = SelectField(_l("Trình độ"), validators=[DataRequired()])
    field_code = PickerField(
        _l("Ngành đào tạo"),
        source="majors",
        description=_l("Gõ tên ngành để tìm; ngành chưa có trong danh sách: nhập mã 7 chữ số."),
    )
    major_name = StringField(_l("Tên ngành"), validators=[Optional(), Length(max=255)])
    institution = StringField(_l("Cơ sở đào tạo"), validators=[Optional(), Length(max=255)])
    country = StringField(_l("Quốc gia (mã 2 chữ)"), validators=[Optional(), Length(max=2)])
    year = IntegerField(_l("Năm tốt nghiệp"), validators=[Optional(), NumberRange(1900, 2200)])

    def fill_choices(self, session) -> None:
        self.level_code.choices = _coded(
            session, ref.QualificationLevel, order=ref.QualificationLevel.rank
        )


class QualificationProposalForm(QualificationForm):
    """An individual's proposed degree, with a scan of the diploma for the reviewer."""

    evidence = FileField(_l("Bản chụp văn bằng (PDF, JPG, PNG, tối đa 10 MB)"))


class LanguageForm(RegistryForm):
    language = SelectField(_l("Ngoại ngữ"), choices=[(c, LANGUAGE_LABELS[c]) for c in LANGUAGES])
    level_code = SelectField(_l("Bậc"))

    def fill_choices(self, session) -> None:
        rows = session.execute(
            select(
                ref.LanguageLevel.code,
                ref.LanguageLevel.name_vi,
                ref.LanguageLevel.cefr,
                ref.LanguageLevel.legacy,
            ).order_by(ref.LanguageLevel.rank)
        ).all()
        self.level_code.choices = [
            (c, f"{n} ({cefr}{', ' + legacy if legacy else ''})") for c, n, cefr, legacy in rows
        ]


class WorkForm(RegistryForm):
    organization_name = StringField(
        _l("Cơ quan, đơn vị"), validators=[DataRequired(), Length(max=255)]
    )
    position = StringField(_l("Chức vụ"), validators=[Optional(), Length(max=255)])
    start_date = VNDateField(_l("Từ ngày"), validators=[DataRequired()])
    end_date = VNDateField(_l("Đến ngày"), validators=[Optional()])

    def fill_choices(self, session) -> None:
        pass


class ExpertiseForm(RegistryForm):
    field_code = SelectField(_l("Lĩnh vực ưu tiên"))

    def fill_choices(self, session) -> None:
        self.field_code.choices = _coded(session, ref.PriorityField)[1:]


PART_FORMS = {
    "qualification": QualificationForm,
    "language": LanguageForm,
    "work": WorkForm,
    "expertise": ExpertiseForm,
}


# What an individual fills in to propose a part: the same, with a diploma scan for degrees.
PROPOSAL_FORMS = {**PART_FORMS, "qualification": QualificationProposalForm}


def part_data(form: RegistryForm) -> dict:
    return {f.short_name: f.data for f in form if f.short_name not in ("csrf_token", "evidence")}


LABELS = {
    "sex": dict(SEX_CHOICES),
    "sector": dict(SECTOR_CHOICES),
    "status": dict(STATUS_CHOICES),
    "language": LANGUAGE_LABELS,
}


def label(kind: str, code) -> str:
    """The display label of a coded value (sex, sector, status, ...), the code itself if unknown."""
    if code in (None, ""):
        return ""
    return str(LABELS.get(kind, {}).get(code, code))


PART_LABELS = {
    "qualification": _l("văn bằng"),
    "language": _l("ngoại ngữ"),
    "work": _l("quá trình công tác"),
    "achievement": _l("thành tích"),
    "research_task": _l("đề tài, nhiệm vụ KH&CN"),
    "initiative": _l("sáng kiến, giải pháp"),
    "award": _l("khen thưởng, giải thưởng"),
    "publication": _l("công trình công bố"),
    "expertise": _l("lĩnh vực chuyên môn"),
}


def field_label(name: str) -> str:
    """The form label of a person field, for change lists and audit views."""
    unbound = getattr(PersonForm, name, None)
    args = getattr(unbound, "args", None)
    return str(args[0]) if args else name


def part_label(kind: str) -> str:
    return str(PART_LABELS.get(kind, kind))
