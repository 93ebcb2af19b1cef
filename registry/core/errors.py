"""Error pages in the user's language; JSON for the API and health check."""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from registry.extensions import db


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/healthz"))


def _render(status: int, title: str, message: str):
    if _wants_json():
        return jsonify(error=title, message=message), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def register_error_handlers(app) -> None:
    @app.errorhandler(400)
    def bad_request(_error):
        return _render(400, _("Yêu cầu không hợp lệ"), _("Dữ liệu gửi lên không hợp lệ."))

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return _render(
            400,
            _("Phiên làm việc đã hết hạn"),
            _("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại."),
        )

    @app.errorhandler(403)
    def forbidden(_error):
        return _render(403, _("Không có quyền truy cập"), _("Bạn không có quyền xem trang này."))

    @app.errorhandler(404)
    def not_found(_error):
        return _render(404, _("Không tìm thấy"), _("Trang hoặc hồ sơ bạn tìm không tồn tại."))

    @app.errorhandler(413)
    def too_large(_error):
        return _render(413, _("Tệp quá lớn"), _("Tệp tải lên vượt quá dung lượng cho phép."))

    @app.errorhandler(429)
    def too_many(_error):
        return _render(
            429,
            _("Quá nhiều yêu cầu"),
            _("Bạn đã thử quá nhiều lần. Vui lòng đợi một phút rồi thử lại."),
        )

    @app.errorhandler(OperationalError)
    def database_unreachable(_error):
        db.session.rollback()
        return _render(
            503,
            _("Cơ sở dữ liệu tạm thời không truy cập được"),
            _("Không có thay đổi nào được lưu. Vui lòng thử lại sau ít phút."),
        )

    @app.errorhandler(500)
    def server_error(_error):
        db.session.rollback()
        return _render(
            500,
            _("Lỗi hệ thống"),
            _("Đã có lỗi xảy ra. Không có thay đổi nào được lưu. Vui lòng thử lại sau."),
        )
