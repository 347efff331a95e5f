"""Reading a job posting or a resume for ``pomplan match``: text, Markdown, PDF or Word (.docx).

What a file is comes from its first bytes (a PDF starts ``%PDF-``, a .docx is a zip holding
``word/document.xml``); its name's suffix is only a hint, and a file whose content contradicts
it is named. Every read is bounded: at most :data:`FILE_LIMIT` bytes of a file or of standard
input, at most :data:`PAGE_LIMIT` pages of a PDF, at most :data:`TEXT_LIMIT` characters of text
from any of them. pypdf and python-docx are imported only here, only for a file of their kind.
Whatever goes wrong is one :class:`~pomplan.errors.PomplanError` naming the file and the fix.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from typing import BinaryIO

from pomplan import files
from pomplan.errors import PomplanError
from pomplan.record import Record

FILE_LIMIT = 10 << 20  # bytes: a posting or resume is a few hundred KB, even as a PDF
TEXT_LIMIT = 300_000  # characters of text: some 100 pages; a posting or resume has 1-5
PAGE_LIMIT = 100  # pages of a PDF
DOCX_XML_LIMIT = 50 << 20  # bytes of a .docx's unzipped text part: a zip bomb stops here

_PDF, _ZIP, _OLE, _RTF = b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf"


class Document(Record):
    name: str  # as the person gave it ('-' is standard input)
    kind: str  # text, pdf or docx
    text: str


def read(name: str, what: str) -> Document:
    """The document ``name`` (a path, or ``-`` for standard input) as text; ``what`` says
    which one it is in messages ("posting", "resume")."""
    label = "standard input" if name == "-" else repr(name)
    data = _stdin(label) if name == "-" else _file(name, what, label)
    kind = _kind(data, Path(name).suffix.lower() if name != "-" else "", label)
    if kind == "pdf":
        text = _pdf(data, label)
    elif kind == "docx":
        text = _docx(data, label)
    else:
        text = _text(data, label)
    if len(text) > TEXT_LIMIT:
        raise PomplanError(
            f"the {what} {label} holds more than {TEXT_LIMIT:,} characters of text",
            "a posting or a resume is a few pages; give just that part",
        )
    return Document(name, kind, text.replace("\r\n", "\n").replace("\r", "\n"))


def _too_big(label: str) -> PomplanError:
    return PomplanError(
        f"{label} is larger than {files.size(FILE_LIMIT)}, the most pomplan reads for a "
        "posting or resume",
        "give the posting or resume alone, as text, PDF or .docx",
    )


def _stdin(label: str) -> bytes:
    stream: BinaryIO = getattr(sys.stdin, "buffer", None) or io.BytesIO(
        sys.stdin.read(FILE_LIMIT + 1).encode("utf-8", "surrogateescape")
    )
    data = stream.read(FILE_LIMIT + 1)
    if len(data) > FILE_LIMIT:
        raise _too_big(label)
    return data


def _file(name: str, what: str, label: str) -> bytes:
    path = Path(name).expanduser()
    try:
        data = files.read_bytes(path, FILE_LIMIT)
    except files.Refused as exc:
        if exc.reason.startswith("is larger"):
            raise _too_big(label) from None
        what_it_is = "is a folder" if path.is_dir() else exc.reason
        raise PomplanError(f"{label} {what_it_is}", f"name the {what} file itself") from None
    except OSError as exc:
        raise PomplanError(f"can't read {label}: {exc.strerror or exc}") from None
    if data is None:
        raise PomplanError(f"no file {label}", f"check the path of the {what}")
    return data


def _kind(data: bytes, suffix: str, label: str) -> str:
    """What ``data`` is, by its first bytes; the suffix only has to agree."""
    head = data[:1024]
    if _PDF in head:
        kind = "pdf"
    elif data.startswith(_ZIP):
        kind = "docx"
    elif data.startswith(_OLE):
        raise PomplanError(
            f"{label} is an old Word (.doc) or Office file",
            "save it as .docx, PDF or plain text and try again",
        )
    elif data.startswith(_RTF):
        raise PomplanError(f"{label} is a rich text (.rtf) file", "save it as .docx or .txt")
    else:
        kind = "text"
    expected = {".pdf": "pdf", ".docx": "docx"}.get(suffix)
    if expected and expected != kind:
        raise PomplanError(
            f"{label} is named {suffix} but is not a {suffix[1:].upper()} file inside",
            "save it again from the program that made it, or give it as plain text",
        )
    return kind


def _text(data: bytes, label: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data[:8192]:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PomplanError(
                f"{label} is not UTF-8 text (a bad byte at offset {exc.start})",
                "save it as UTF-8 text, PDF or .docx",
            ) from None
    raise PomplanError(
        f"{label} is a binary file, not text, PDF or Word",
        "give the posting or resume as plain text, Markdown, PDF or .docx",
    )


def _pdf(data: bytes, label: str) -> str:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its warnings are not for people
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PomplanError(
                f"{label} is a password-protected PDF",
                "save an unprotected copy, or paste its text into a .txt file",
            )
        pages = reader.pages
        if len(pages) > PAGE_LIMIT:
            raise PomplanError(
                f"{label} has {len(pages)} pages; pomplan reads at most {PAGE_LIMIT}",
                "give the posting or resume alone",
            )
        text = "\n".join(page.extract_text() or "" for page in pages)
    except PomplanError:
        raise
    except Exception:  # pypdf raises many kinds on a damaged file
        raise PomplanError(
            f"can't read {label} as a PDF: it may be damaged",
            "open it and save it again, or paste its text into a .txt file",
        ) from None
    if not text.strip():
        raise PomplanError(
            f"{label} has no text layer: it may be a scan",
            "save it as text or paste it into a .txt file",
        )
    return text


def _docx(data: bytes, label: str) -> str:
    broken = PomplanError(
        f"can't read {label} as a Word (.docx) file: it may be damaged or another kind of zip",
        "open it and save it again as .docx, or paste its text into a .txt file",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise broken from None
    if part.file_size > DOCX_XML_LIMIT:
        raise PomplanError(
            f"{label} unpacks to more than {files.size(DOCX_XML_LIMIT)} of text",
            "give the posting or resume alone",
        )
    from docx import Document as WordDocument

    try:
        word = WordDocument(io.BytesIO(data))
        lines = [p.text for p in word.paragraphs]
        for table in word.tables:
            for row in table.rows:
                lines.append("  ".join(cell.text for cell in row.cells))
    except Exception:  # python-docx raises many kinds on a damaged file
        raise broken from None
    return "\n".join(lines)
