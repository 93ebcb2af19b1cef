"""Evidence files attached to change requests: PDF, JPG or PNG up to 10 MB, type checked by content,
stored under the instance folder (never under static/)."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
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


@dataclass
class PreparedEvidence:
    """A checked upload not yet on disk: the request row is validated and flushed first, the file
    is written only then, and removed again if the commit fails. A crash between the two leaves
    an unreferenced file that `registry cleanup` removes; never a row without its file."""

    root: Path
    stored: str
    name: str
    mime: str
    content: bytes

    @property
    def meta(self) -> tuple[str, str, str]:
        return self.stored, self.name, self.mime

    def write(self) -> None:
        target = self.root / self.stored
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = target.with_suffix(".part")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(self.content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)

    def discard(self) -> None:
        (self.root / self.stored).unlink(missing_ok=True)


def prepare_evidence(upload_dir: str, content: bytes, filename: str) -> PreparedEvidence:
    """Check an upload by content; nothing is written yet."""
    mime = check_evidence(content, filename)
    return PreparedEvidence(
        root=Path(upload_dir),
        stored=f"evidence/{uuid.uuid4().hex}.{ALLOWED[mime]}",
        name=Path(filename or "minh-chung").name[:200],
        mime=mime,
        content=content,
    )


def commit_with_evidence(session, evidence: PreparedEvidence | None) -> None:
    """Write the checked file, then commit; a failed commit takes the file away again."""
    if evidence is None:
        session.commit()
        return
    evidence.write()
    try:
        session.commit()
    except Exception:
        evidence.discard()
        raise


def orphan_files(upload_dir: str, referenced: set[str], older_than: float) -> list[Path]:
    """Evidence files no change request points at, last written before `older_than` (epoch)."""
    folder = Path(upload_dir) / "evidence"
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file()
        and f"evidence/{path.name}" not in referenced
        and path.stat().st_mtime < older_than
    )


def evidence_file(upload_dir: str, stored: str) -> Path | None:
    path = (Path(upload_dir) / stored).resolve()
    root = Path(upload_dir).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path
