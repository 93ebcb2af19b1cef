"""The gap dashboard, shortlist and position-compliance workbooks: Vietnamese labels, codes last."""

from __future__ import annotations

from flask_babel import gettext as _

from registry.core.workbook import Col, Sheet, write_workbook


def _name(labels: dict, kind: str, code) -> str:
    return labels.get(kind, {}).get(code, code) if code else ""


def gaps_workbook(data: dict, labels: dict) -> str:
    """The dashboard's targets, fields, communes and trend as four sheets; returns the file path."""
    n = _name
    target_cols = [
        Col(_("Lĩnh vực"), width=30),
        Col(_("Địa bàn, đơn vị"), width=24),
        Col(_("Trình độ tối thiểu"), width=14),
        Col(_("Năm mục tiêu"), width=8),
        Col(_("Chỉ tiêu"), "int", total=True, group=_("Hiện tại")),
        Col(_("Hiện có"), "int", total=True, group=_("Hiện tại")),
        Col(_("Theo ngành đào tạo"), "int", total=True, group=_("Hiện tại")),
        Col(_("Theo lĩnh vực khai báo"), "int", total=True, group=_("Hiện tại")),
        Col(_("Cả hai"), "int", total=True, group=_("Hiện tại")),
        Col(_("Thiếu hụt"), "int", total=True, group=_("Hiện tại")),
        Col(_("Đáp ứng (%)"), "percent", group=_("Hiện tại")),
        Col(_("Nghỉ hưu"), "int", total=True, group=_("Đến năm mục tiêu")),
        Col(_("Còn lại"), "int", total=True, group=_("Đến năm mục tiêu")),
        Col(_("Thiếu hụt"), "int", total=True, group=_("Đến năm mục tiêu")),
        Col(_("Đáp ứng (%)"), "percent", group=_("Đến năm mục tiêu")),
        Col(_("Nhóm"), group=_("Tỷ lệ nhóm ưu tiên")),
        Col(_("Tỷ lệ (%)"), "percent", group=_("Tỷ lệ nhóm ưu tiên")),
        Col(_("Hiện có"), "int", group=_("Tỷ lệ nhóm ưu tiên")),
        Col(_("Cần có"), "int", group=_("Tỷ lệ nhóm ưu tiên")),
        Col(_("Văn bản"), width=24),
        Col(_("Mã lĩnh vực")),
        Col(_("Mã địa bàn")),
        Col(_("Mã trình độ")),
    ]
    target_rows = [
        [
            n(labels, "field", r["field"]),
            r["area_name"] or r["area"],
            n(labels, "level", r["min_level"]),
            r["year"],
            r["required"],
            r["supply"],
            r["by_study_only"],
            r["by_declared_only"],
            r["by_both"],
            r["gap"],
            r["coverage"],
            r["leaving_by_year"],
            r["supply_at_year"],
            r["gap_at_year"],
            r["coverage_at_year"],
            n(labels, "group", r["quota_group"]),
            r["quota_percent"],
            r["quota_count"],
            r["quota_needed"],
            r["source"],
            r["field"],
            r["area"],
            r["min_level"],
        ]
        for r in data["targets"]
    ]
    summary = [
        Col(_("Chỉ tiêu"), "int", total=True),
        Col(_("Hiện có"), "int", total=True),
        Col(_("Thiếu hụt"), "int", total=True),
        Col(_("Thiếu hụt đến năm mục tiêu"), "int", total=True),
    ]
    keys = ("required", "supply", "gap", "gap_at_year")
    years = data["trend"]["years"]
    title = [_("Thiếu hụt nhân lực theo chỉ tiêu — %(area)s", area=data.get("area_name") or "")]
    sheets = [
        Sheet(_("Chỉ tiêu"), target_cols, target_rows, titles=title, totals_label=_("Tổng cộng")),
        Sheet(
            _("Lĩnh vực"),
            [Col(_("Lĩnh vực"), width=34), *summary, Col(_("Mã lĩnh vực"))],
            [[f["name"], *[f[k] for k in keys], f["field"]] for f in data["fields"]],
            totals_label=_("Tổng cộng"),
        ),
        Sheet(
            _("Địa bàn"),
            [Col(_("Địa bàn, đơn vị"), width=30), *summary, Col(_("Mã địa bàn"))],
            [
                [c.get("name") or c["area"], *[c[k] for k in keys], c["area"]]
                for c in data["communes"]
            ],
            totals_label=_("Tổng cộng"),
        ),
        Sheet(
            _("Xu hướng"),
            [Col(_("Lĩnh vực"), width=34), *[Col(str(y), "int", group=_("Năm")) for y in years]],
            [
                [name, *[values[y] for y in years]]
                for name, values in data["trend"]["series"].items()
            ],
        ),
    ]
    return write_workbook(sheets)


def shortlist_workbook(rows, labels: dict, need: dict) -> str:
    """The shortlist with reasons in plain words and qualification/commune names; codes last."""
    columns = [
        Col(_("Số hồ sơ")),
        Col(_("Họ và tên"), width=26),
        Col(_("Điểm"), "int"),
        Col(_("Lý do"), width=50),
        Col(_("Trình độ"), width=14),
        Col(_("Cơ quan, đơn vị"), width=30),
        Col(_("Xã, phường"), width=20),
        Col(_("Mã trình độ")),
        Col(_("Mã xã, phường")),
    ]
    data = [
        [
            c.person.id,
            c.person.full_name,
            c.score,
            "; ".join(str(reason) for reason in c.reasons),
            _name(labels, "level", c.person.highest_level_code),
            c.person.organization.name if c.person.organization else "",
            c.person.commune.name if c.person.commune else "",
            c.person.highest_level_code,
            c.person.commune_code,
        ]
        for c in rows
    ]
    title = _(
        "Danh sách ứng viên: %(field)s, từ %(level)s",
        field=_name(labels, "field", need.get("field")),
        level=_name(labels, "level", need.get("min_level")),
    )
    return write_workbook([Sheet(_("Danh sách ngắn"), columns, data, titles=[title])])


def compliance_workbook(result: dict, orgs: dict, communes: dict, requirements: dict) -> str:
    """Position compliance per organisation and commune, and the holders who miss something."""
    summary = [
        Col(_("Người giữ vị trí"), "int", total=True),
        Col(_("Đạt chuẩn"), "int", total=True),
        Col(_("Tỷ lệ đạt chuẩn (%)"), "percent"),
    ]

    def rows(buckets: dict, names: dict):
        return [
            [names.get(key, key) or _("Chưa xác định"), b.holders, b.compliant, b.rate, key]
            for key, b in buckets.items()
        ]

    failing = [
        [
            item["person"].id,
            item["person"].full_name,
            item["position"].name,
            ", ".join(str(requirements.get(m, m)) for m in item["missing"]),
        ]
        for item in result["failing"]
    ]
    overall = result["overall"]
    return write_workbook(
        [
            Sheet(
                _("Theo đơn vị"),
                [Col(_("Cơ quan, đơn vị"), width=34), *summary, Col(_("Mã đơn vị"))],
                rows(result["by_org"], orgs),
                titles=[
                    _(
                        "Đạt chuẩn vị trí việc làm: %(n)s/%(total)s người (%(rate)s%%)",
                        n=overall.compliant,
                        total=overall.holders,
                        rate=overall.rate,
                    )
                ],
                totals_label=_("Tổng cộng"),
            ),
            Sheet(
                _("Theo xã, phường"),
                [Col(_("Xã, phường"), width=30), *summary, Col(_("Mã xã, phường"))],
                rows(result["by_commune"], communes),
                totals_label=_("Tổng cộng"),
            ),
            Sheet(
                _("Chưa đạt chuẩn"),
                [
                    Col(_("Số hồ sơ")),
                    Col(_("Họ và tên"), width=26),
                    Col(_("Vị trí việc làm"), width=30),
                    Col(_("Còn thiếu"), width=50),
                ],
                failing,
            ),
        ]
    )
