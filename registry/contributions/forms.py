"""WTForms of the contribution pages. Forms only shape input: the services check it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import FieldList, Form, FormField, SelectField, StringField, TextAreaField

from registry.contributions.countries import country_names
from registry.contributions.labels import choices
from registry.reference.models import PriorityField


def _fields(session) -> list[tuple[str, str]]:
    rows = session.execute(select(PriorityField.code, PriorityField.name_vi)).all()
    return [("", "—"), *[(c, n) for c, n in rows]]


class MemberRow(Form):
    person_id = StringField(_l("Số hồ sơ"))
    role = SelectField(_l("Vai trò"), choices=choices("task_role"))


class CouncilMemberRow(Form):
    person_id = StringField(_l("Số hồ sơ"))
    role = SelectField(_l("Vai trò"), choices=choices("council_role"))


class MoneyRow(Form):
    source = SelectField(_l("Nguồn"), choices=choices("source"))
    amount = StringField(_l("Số tiền (đồng)"))


class SupportRow(Form):
    kind = SelectField(_l("Hình thức hỗ trợ"), choices=choices("support"))
    amount = StringField(_l("Số tiền (đồng)"))


class _Base(FlaskForm):
    def fill(self, session) -> None:
        if hasattr(self, "field_code"):
            self.field_code.choices = _fields(session)

    def data_for_service(self) -> dict:
        data = {}
        for f in self:
            if f.short_name == "csrf_token" or f.type == "FileField":
                continue
            if f.type == "FieldList":
                data[f.short_name] = [
                    row for row in f.data if any(str(v or "").strip() for v in _keys(row))
                ]
            else:
                data[f.short_name] = f.raw_data[0] if f.raw_data else f.data
        return data


def _keys(row: dict):
    return [row.get("person_id"), row.get("amount")]


class TaskForm(_Base):
    code = StringField(_l("Mã nhiệm vụ"))
    title = TextAreaField(_l("Tên nhiệm vụ"))
    level = SelectField(_l("Cấp"), choices=choices("level"))
    ordering_body = StringField(_l("Cơ quan đặt hàng, giao nhiệm vụ"))
    field_code = SelectField(_l("Lĩnh vực ưu tiên"))
    study_code = StringField(_l("Mã ngành đào tạo (7 chữ số)"))
    start_date = StringField(_l("Ngày bắt đầu"), render_kw={"type": "date"})
    end_date = StringField(_l("Ngày kết thúc"), render_kw={"type": "date"})
    year = StringField(_l("Năm"))
    status = SelectField(_l("Tình trạng"), choices=choices("status"))
    acceptance_date = StringField(_l("Ngày nghiệm thu"), render_kw={"type": "date"})
    result = SelectField(_l("Kết quả nghiệm thu"), choices=choices("result", blank=True))
    application = TextAreaField(_l("Ứng dụng vào thực tiễn"))


def _with_rows(form_class, name: str, row, count: int):
    setattr(form_class, name, FieldList(FormField(row), min_entries=count))


_with_rows(TaskForm, "members", MemberRow, 5)
_with_rows(TaskForm, "funding", MoneyRow, 3)


class InitiativeForm(_Base):
    title = TextAreaField(_l("Tên sáng kiến, giải pháp"))
    recognising_body = StringField(_l("Cơ quan công nhận"))
    decision_number = StringField(_l("Số quyết định"))
    decision_date = StringField(_l("Ngày quyết định"), render_kw={"type": "date"})
    effect_level = SelectField(_l("Phạm vi ảnh hưởng"), choices=choices("effect_level"))
    field_code = SelectField(_l("Lĩnh vực ưu tiên"))
    year = StringField(_l("Năm"))
    authors = StringField(_l("Tác giả (số hồ sơ, cách nhau bởi dấu phẩy)"))

    def data_for_service(self) -> dict:
        data = super().data_for_service()
        data["authors"] = [a.strip() for a in (data.get("authors") or "").split(",") if a.strip()]
        return data


class AwardForm(_Base):
    person_id = StringField(_l("Số hồ sơ"))
    kind = SelectField(_l("Hình thức"), choices=choices("award_kind"))
    title = StringField(_l("Tên khen thưởng, danh hiệu"))
    level = SelectField(_l("Cấp"), choices=choices("level"))
    decision_number = StringField(_l("Số quyết định"))
    decision_date = StringField(_l("Ngày quyết định"), render_kw={"type": "date"})
    year = StringField(_l("Năm"))


class PublicationForm(_Base):
    person_id = StringField(_l("Số hồ sơ"))
    kind = SelectField(_l("Loại công trình"), choices=choices("publication_kind"))
    title = StringField(_l("Tên công trình"))
    venue = StringField(_l("Nơi công bố (tạp chí, hội thảo, nhà xuất bản)"))
    year = StringField(_l("Năm"))
    issn = StringField("ISSN")
    isbn = StringField("ISBN")
    doi = StringField("DOI")


class CouncilForm(_Base):
    kind = SelectField(_l("Loại"), choices=choices("council_kind"))
    topic = TextAreaField(_l("Chủ đề, tên hội đồng"))
    field_code = SelectField(_l("Lĩnh vực ưu tiên"))
    organiser = StringField(_l("Đơn vị tổ chức"))
    decision_number = StringField(_l("Số quyết định thành lập"))
    start_date = StringField(_l("Ngày bắt đầu"), render_kw={"type": "date"})
    end_date = StringField(_l("Ngày kết thúc"), render_kw={"type": "date"})
    task_id = StringField(_l("Nhiệm vụ được đánh giá (số hiệu)"))


_with_rows(CouncilForm, "members", CouncilMemberRow, 5)


class MemberForm(_Base):
    person_id = StringField(_l("Số hồ sơ"))
    role = SelectField(_l("Vai trò"), choices=choices("council_role"))


class OutcomeForm(_Base):
    recommendations = TextAreaField(_l("Kiến nghị, kết luận"))
    result = SelectField(_l("Kết quả nghiệm thu"), choices=choices("result", blank=True))
    decided_on = StringField(_l("Ngày kết luận"), render_kw={"type": "date"})


class AttractionForm(_Base):
    person_id = StringField(_l("Số hồ sơ"))
    decision_number = StringField(_l("Số quyết định"))
    decision_date = StringField(_l("Ngày quyết định"), render_kw={"type": "date"})
    field_code = SelectField(_l("Lĩnh vực ưu tiên"))
    position = StringField(_l("Vị trí công tác"))
    commitment_years = StringField(_l("Cam kết công tác (năm)"))


_with_rows(AttractionForm, "supports", SupportRow, 3)


class PartnerForm(_Base):
    residence_country = SelectField(_l("Nước cư trú"))
    nationality_country = SelectField(_l("Quốc tịch"))
    contact_channel = StringField(_l("Kênh liên hệ"))
    expertise = StringField(_l("Chuyên môn"))
    field_code = SelectField(_l("Lĩnh vực ưu tiên"))
    willingness = SelectField(_l("Mức sẵn sàng hợp tác"), choices=choices("willingness"))

    def fill(self, session) -> None:
        super().fill(session)
        countries = [("", "—"), *country_names("vi").items()]
        self.residence_country.choices = countries
        self.nationality_country.choices = countries


class CooperationForm(_Base):
    kind = SelectField(_l("Hình thức"), choices=choices("cooperation"))
    day = StringField(_l("Ngày"), render_kw={"type": "date"})
    description = TextAreaField(_l("Nội dung"))
    task_id = StringField(_l("Nhiệm vụ liên quan (số hiệu)"))
    council_id = StringField(_l("Hội đồng liên quan (số hiệu)"))


class ProposalTaskForm(TaskForm):
    role = SelectField(_l("Vai trò của bạn"), choices=choices("task_role"))
    lead_id = StringField(_l("Số hồ sơ của chủ nhiệm (nếu không phải bạn)"))
    evidence = FileField(_l("Minh chứng (PDF, JPG, PNG)"))


class ProposalInitiativeForm(InitiativeForm):
    evidence = FileField(_l("Minh chứng (PDF, JPG, PNG)"))


class ProposalAwardForm(AwardForm):
    evidence = FileField(_l("Minh chứng (PDF, JPG, PNG)"))


class ProposalPublicationForm(PublicationForm):
    evidence = FileField(_l("Minh chứng (PDF, JPG, PNG)"))


for _form in (ProposalTaskForm,):
    _form.members = None
    _form.funding = None
for _form in (ProposalInitiativeForm,):
    _form.authors = None
for _form in (ProposalAwardForm, ProposalPublicationForm):
    _form.person_id = None

PROPOSAL_FORMS = {
    "research_task": ProposalTaskForm,
    "initiative": ProposalInitiativeForm,
    "award": ProposalAwardForm,
    "publication": ProposalPublicationForm,
}
