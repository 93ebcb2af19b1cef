"""Forms of the plan pages: targets. Names are picked (areas, fields), never typed as codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from registry.analytics.services import TargetInput
from registry.core.form_fields import PickerField, RegistryForm
from registry.core.template_helpers import localized
from registry.people.profile import GROUP_LABELS
from registry.reference import models as ref


class TargetForm(RegistryForm):
    field_code = SelectField(_l("Lĩnh vực"), validators=[DataRequired()])
    area = PickerField(
        _l("Địa bàn hoặc cơ quan"),
        source="target_areas",
        validators=[DataRequired()],
        description=_l("Gõ tên tỉnh, xã, phường (mới hoặc cũ), huyện cũ hoặc cơ quan để tìm."),
    )
    min_level_code = SelectField(
        _l("Trình độ tối thiểu"), validators=[DataRequired()], default="dai_hoc"
    )
    required = IntegerField(
        _l("Số lượng cần"), validators=[DataRequired(), NumberRange(1, 1_000_000)]
    )
    target_year = IntegerField(
        _l("Năm mục tiêu"), validators=[DataRequired(), NumberRange(2000, 2100)], default=2030
    )
    source_document = StringField(_l("Căn cứ (văn bản)"), validators=[Optional(), Length(max=255)])
    quota_group = SelectField(_l("Cơ cấu tối thiểu: nhóm (tùy chọn)"), validators=[Optional()])
    quota_percent = IntegerField(
        _l("Cơ cấu tối thiểu: tỉ lệ %"), validators=[Optional(), NumberRange(1, 100)]
    )

    def fill_choices(self, session) -> None:
        fields = session.scalars(select(ref.PriorityField).order_by(ref.PriorityField.name_vi))
        self.field_code.choices = [(f.code, localized(f)) for f in fields]
        levels = session.scalars(
            select(ref.QualificationLevel).order_by(ref.QualificationLevel.rank)
        )
        self.min_level_code.choices = [(level.code, localized(level)) for level in levels]
        self.quota_group.choices = [("", "—"), *[(k, str(v)) for k, v in GROUP_LABELS.items()]]

    def load(self, target) -> None:
        """Fill the form from a stored target (editing)."""
        for name in ("field_code", "min_level_code", "required", "target_year", "quota_percent"):
            getattr(self, name).data = getattr(target, name)
        self.source_document.data = target.source_document
        self.quota_group.data = target.quota_group or ""
        self.area.data = target.area_code or f"org:{target.organization_id}"

    def target_input(self) -> TargetInput:
        return TargetInput(
            field_code=self.field_code.data,
            area=self.area.data or "",
            min_level_code=self.min_level_code.data,
            required=self.required.data if self.required.data is not None else "",
            target_year=self.target_year.data if self.target_year.data is not None else "",
            source_document=self.source_document.data,
            quota_group=self.quota_group.data or None,
            quota_percent=self.quota_percent.data,
        )
