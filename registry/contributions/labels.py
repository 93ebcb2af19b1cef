"""Vietnamese labels of every coded value of the contribution records (one declaration each)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS = {
    "contribution": {
        "research_task": _l("Đề tài, dự án, nhiệm vụ KH&CN"),
        "initiative": _l("Sáng kiến, giải pháp"),
        "award": _l("Giải thưởng, khen thưởng"),
        "publication": _l("Công bố khoa học"),
        "council": _l("Hội đồng, diễn đàn"),
    },
    "level": {
        "international": _l("Quốc tế"),
        "national": _l("Cấp quốc gia"),
        "ministerial": _l("Cấp bộ"),
        "provincial": _l("Cấp tỉnh"),
        "district": _l("Cấp huyện"),
        "grassroots": _l("Cấp cơ sở"),
    },
    "status": {
        "proposed": _l("Đề xuất"),
        "in_progress": _l("Đang thực hiện"),
        "accepted": _l("Đã nghiệm thu"),
        "failed": _l("Không đạt"),
        "stopped": _l("Dừng"),
    },
    "result": {
        "excellent": _l("Xuất sắc"),
        "good": _l("Khá"),
        "pass": _l("Đạt"),
        "fail": _l("Không đạt"),
    },
    "task_role": {"lead": _l("Chủ nhiệm"), "secretary": _l("Thư ký"), "member": _l("Thành viên")},
    "source": {
        "state": _l("Ngân sách trung ương"),
        "province": _l("Ngân sách tỉnh"),
        "district": _l("Ngân sách huyện, xã"),
        "enterprise": _l("Doanh nghiệp"),
        "foreign": _l("Tài trợ nước ngoài"),
        "other": _l("Nguồn khác"),
    },
    "effect_level": {
        "grassroots": _l("Cơ sở"),
        "district": _l("Huyện"),
        "provincial": _l("Tỉnh"),
        "national": _l("Toàn quốc"),
    },
    "award_kind": {
        "order": _l("Huân chương"),
        "medal": _l("Huy chương, kỷ niệm chương"),
        "emulation_title": _l("Danh hiệu thi đua"),
        "certificate": _l("Bằng khen, giấy khen"),
        "prize": _l("Giải thưởng"),
        "other": _l("Khác"),
    },
    "publication_kind": {
        "journal": _l("Bài báo tạp chí"),
        "conference": _l("Báo cáo hội thảo"),
        "book": _l("Sách"),
        "chapter": _l("Chương sách"),
        "patent": _l("Bằng sáng chế"),
        "other": _l("Khác"),
    },
    "council_kind": {
        "advisory": _l("Hội đồng tư vấn"),
        "critique": _l("Hội đồng phản biện"),
        "social_assessment": _l("Hội đồng giám định xã hội"),
        "acceptance": _l("Hội đồng nghiệm thu"),
        "forum": _l("Diễn đàn, hội thảo"),
    },
    "council_role": {
        "chair": _l("Chủ tịch"),
        "reviewer": _l("Phản biện"),
        "member": _l("Ủy viên"),
        "secretary": _l("Thư ký"),
    },
    "support": {
        "one_off": _l("Hỗ trợ một lần"),
        "housing": _l("Nhà ở"),
        "salary": _l("Phụ cấp, lương"),
        "training": _l("Đào tạo"),
        "other": _l("Khác"),
    },
    "willingness": {
        "ready": _l("Sẵn sàng hợp tác"),
        "possible": _l("Có thể hợp tác"),
        "not_now": _l("Chưa sẵn sàng"),
    },
    "cooperation": {
        "visit": _l("Thăm, làm việc"),
        "joint_task": _l("Cùng thực hiện nhiệm vụ"),
        "lecture": _l("Giảng dạy, báo cáo"),
        "advice": _l("Tư vấn"),
        "other": _l("Khác"),
    },
    "stay": {"staying": _l("Còn công tác"), "moved": _l("Đã chuyển đi"), "left": _l("Đã nghỉ")},
    "kind": {
        "research_task": _l("Đề tài, nhiệm vụ KH&CN"),
        "initiative": _l("Sáng kiến, giải pháp"),
        "award": _l("Khen thưởng, giải thưởng"),
        "publication": _l("Công trình công bố"),
    },
}


def label(kind: str, code) -> str:
    if code in (None, ""):
        return ""
    return str(LABELS.get(kind, {}).get(code, code))


def choices(kind: str, blank: bool = False) -> list[tuple[str, str]]:
    pairs = [(code, str(text)) for code, text in LABELS[kind].items()]
    return [("", "—"), *pairs] if blank else pairs
