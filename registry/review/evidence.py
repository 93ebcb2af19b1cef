"""Evidence files attached to change requests: PDF, JPG or PNG up to 10 MB, type checked by content,
stored under the instance folder (never under static/)."""

from __future__ import annotations

import uuid
from pathlib import Path

import filetype
from flask_babel import lazy_gettext as _l

from registry.errors import ValidationError

MAX_BYTES = 10 * 1024 * 1024
ALLOWED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def check_evidence(content: bytes, filename: str) -> str:
    """The file's MIME type by content; refuse other types, oversized or empty files."""
    if not content:
        raise ValidationError({"evidence": str(_l("Tệp minh chứng rỗng."))})
    if len(content) > MAX_BYTES:
        raise ValidationError({"evidence": str(_l("Tệp minh chứng vượt quá 10 MB."))})
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            {"evidence": str(_l("Chỉ nhận tệp PDF, JPG hoặc PNG (kiểm tra theo nội dung tệp)."))}
        )
    extension = Path(filename or "").suffix.lower().lstrip(".")
    if extension and extension not in (
        ALLOWED[kind.mime],
        "jpeg" if kind.mime == "image/jpeg" else "",
    ):
        raise ValidationError({"evidence": str(_l("Đuôi tệp không khớp với nội dung tệp."))})
    return kind.mime


def store_evidence(upload_dir: str, content: bytes, filename: str) -> tuple[str, str, str]:
    """Check and save; returns (stored relative path, original name, MIME type)."""
    mime = check_evidence(content, filename)
    folder = Path(upload_dir) / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"evidence/{uuid.uuid4().hex}.{ALLOWED[mime]}"
    (Path(upload_dir) / stored).write_bytes(content)
    safe_name = Path(filename or "minh-chung").name[:200]
    return stored, safe_name, mime


def evidence_file(upload_dir: str, stored: str) -> Path | None:
    path = (Path(upload_dir) / stored).resolve()
    root = Path(upload_dir).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path
