"""hdsc: check a health organisation's compliance dossier against HDS, ISO 27001:2022 and GDPR rule packs.

Pure Python over the C library libhdsc (ctypes, standard library only)::

    import hdsc

    with hdsc.Checker(profile="hospital") as checker:          # the bundled rule packs
        report = checker.check("dossier.json", now="2026-11-28T00:00:00Z")
        for finding in report.failures:
            print(finding.rule_id, finding.subject, finding.message, finding.references[0].citation)
        pathlib.Path("report.sarif").write_text(report.render("sarif"))

The library is loaded from ``$HDSC_LIBRARY`` if set, else from the package directory, else from the system library
path. A :class:`Checker` is immutable once created and may be shared by threads; the C library releases the GIL
while it checks.
"""

import contextlib as _contextlib
import ctypes
import datetime as _datetime
import enum
import errno as _errno
import json as _json
import os
import threading as _threading
import weakref
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

from hdsc import _capi

__version__ = "0.2.0"

__all__ = [
    "Cancelled",
    "Checker",
    "Converted",
    "DataLoss",
    "DeadlineExceeded",
    "Diagnostic",
    "Error",
    "FailedPrecondition",
    "Finding",
    "Internal",
    "InvalidArgument",
    "NotFound",
    "OutOfRange",
    "PermissionDenied",
    "Progress",
    "Reference",
    "Report",
    "ResourceExhausted",
    "Severity",
    "Status",
    "Summary",
    "Unauthenticated",
    "convert",
    "diff",
    "eval",
    "hash_evidence",
    "init_dossier",
    "library_version",
    "sign",
    "validate",
    "verify",
]

_lib = _capi.load()

#: A dossier: a path to a file, its bytes, its text, or a dict in the protobuf JSON mapping.
Dossier = Union[str, "os.PathLike[str]", bytes, bytearray, Dict[str, Any]]
#: An evaluation time: an aware datetime (a naive one is taken as UTC), an RFC 3339 string, or seconds since the
#: Unix epoch.
Time = Union[_datetime.datetime, str, int, float]


# ---------------------------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------------------------


class Error(Exception):
    """A call into libhdsc failed. ``code`` is the absl::StatusCode value, ``code_name`` its name, and
    ``diagnostics`` every located problem (a broken pack, an invalid dossier, an expression that does not compile)."""

    def __new__(cls, code: int, message: str, diagnostics: Sequence["Diagnostic"] = ()) -> "Error":
        # Only the message reaches the built-in base: OSError would read (code, message) as (errno, strerror).
        return super().__new__(cls, message)

    def __init__(self, code: int, message: str, diagnostics: Sequence["Diagnostic"] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.code_name = _lib.hdsc_code_name(code).decode()
        self.message = message
        self.diagnostics: Tuple[Diagnostic, ...] = tuple(diagnostics)

    def __str__(self) -> str:
        return self.message


class InvalidArgument(Error, ValueError):
    """A bad argument: an invalid dossier (the message locates the first problem), an expression that does not
    compile, an unknown option."""


class NotFound(Error, FileNotFoundError):
    """A file or rule directory that does not exist, an unknown profile, a missing key while evaluating."""

    def __init__(self, code: int, message: str, diagnostics: Sequence["Diagnostic"] = ()) -> None:
        super().__init__(code, message, diagnostics)
        self.errno = _errno.ENOENT
        self.strerror = message

    def __str__(self) -> str:
        return self.message


class PermissionDenied(Error, PermissionError):
    """A file that cannot be read."""

    def __init__(self, code: int, message: str, diagnostics: Sequence["Diagnostic"] = ()) -> None:
        super().__init__(code, message, diagnostics)
        self.errno = _errno.EACCES
        self.strerror = message

    def __str__(self) -> str:
        return self.message


class OutOfRange(Error, IndexError):
    """An index or value out of range."""


class ResourceExhausted(Error):
    """An input larger than the library accepts, or memory exhausted."""


class FailedPrecondition(Error):
    """The call cannot run in the current state (e.g. a path that is not a regular file)."""


class Internal(Error):
    """A failure inside the library."""


class Cancelled(Error):
    """The progress callback stopped the check."""


class DeadlineExceeded(Error, TimeoutError):
    """The check ran past its `timeout`."""


class DataLoss(Error):
    """A signed report whose bytes were modified."""


class Unauthenticated(Error):
    """A signature made with another key, or altered."""


_ERROR_CLASSES = {
    1: Cancelled,
    3: InvalidArgument,
    4: DeadlineExceeded,
    5: NotFound,
    7: PermissionDenied,
    8: ResourceExhausted,
    9: FailedPrecondition,
    11: OutOfRange,
    13: Internal,
    15: DataLoss,
    16: Unauthenticated,
}


def _raise_if_error(error: Optional[int]) -> None:
    """Converts an ``hdsc_error*`` into the matching exception (and frees it); does nothing for NULL."""
    if not error:
        return
    try:
        code = _lib.hdsc_error_code(error)
        message = _lib.hdsc_error_message(error).decode("utf-8", errors="replace")
        diagnostics = []
        for index in range(_lib.hdsc_error_diagnostic_count(error)):
            view = _capi.new(_capi.Diagnostic)
            if not _lib.hdsc_error_diagnostic(ctypes.byref(view), error, index):
                diagnostics.append(Diagnostic._from_view(view))
    finally:
        _lib.hdsc_error_free(error)
    raise _ERROR_CLASSES.get(code, Error)(code, message, diagnostics)


_STAGES = {0: "loading", 1: "checking", 2: "reading packs", 3: "compiling"}


def _progress_callback(progress: Callable[["Progress"], Optional[bool]], raised: List[BaseException]) -> Any:
    """The C progress callback calling ``progress``. An exception it raises cancels the call and is put in
    ``raised``, for the caller to raise again once the C call has returned. InvalidArgument if ``progress`` is not
    callable."""
    if not callable(progress):
        raise InvalidArgument(3, f"progress: expected a callable, got {type(progress).__name__}")

    def on_progress(_context: Any, view: Any) -> int:
        try:
            step = view.contents
            going = progress(Progress(stage=_STAGES.get(step.stage, "checking"), done=step.done, total=step.total,
                                      rule_id=_capi.string_at(step.rule_id, step.rule_id_len)))
            return 0 if going is False else 1
        except BaseException as error:  # re-raised by the caller, after the C call returns
            raised.append(error)
            return 0
    return _capi.PROGRESS_FN(on_progress)


def _take_buffer(pointer: ctypes.c_void_p, length: ctypes.c_size_t) -> str:
    """The text of a library-allocated buffer, which is freed."""
    try:
        return ctypes.string_at(pointer.value, length.value).decode("utf-8") if pointer.value else ""
    finally:
        _lib.hdsc_free(pointer)


# ---------------------------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------------------------


class Status(enum.IntEnum):
    """The outcome of one rule on one subject."""

    UNSPECIFIED = 0
    PASS = 1
    FAIL = 2
    NOT_APPLICABLE = 3
    #: The rule could not be evaluated on this subject. Never a pass.
    ERROR = 4
    #: A failure covered by a valid waiver.
    WAIVED = 5
    #: No automatic rule: a person must assess it.
    MANUAL = 6


class Severity(enum.IntEnum):
    """Severity of a rule; larger is worse."""

    UNSPECIFIED = 0
    INFO = 1
    LOW = 2
    MEDIUM = 3
    HIGH = 4
    CRITICAL = 5


_FORMATS = {None: 0, "auto": 0, "json": 1, "textproto": 2, "binary": 3, "xlsx": 4, "ods": 5}
_RENDER_VERBOSE = 0x1
_RENDER_COLOR = 0x2


@dataclass(frozen=True)
class Reference:
    """A text a rule enforces: ``framework`` ("GDPR", "HDS_V2", "ISO27001_2022"...), ``citation`` as a reader looks
    it up ("Art. 33(1)"), the framework ``requirement`` the rule evidences ("" when none), and ``text``, the
    citation as the report's language writes it ("GDPR Art. 33(1)", "art. 33, paragraphe 1, du RGPD")."""

    framework: str
    citation: str
    requirement: str
    text: str = ""


@dataclass(frozen=True)
class Finding:
    """One rule on one subject. Text is in the report's language."""

    rule_id: str
    status: Status
    severity: Severity
    #: The subject's path in the dossier ("processing_activities[3]"); "" for the dossier itself.
    subject: str
    #: The subject's own ``id``; "" when it has none.
    subject_id: str
    title: str
    #: What is wrong (FAIL, WAIVED, ERROR); "" otherwise.
    message: str
    #: What to do (FAIL, WAIVED); "" otherwise.
    remediation: str
    #: The texts the rule enforces.
    references: Tuple[Reference, ...]
    #: A failure the baseline already had.
    in_baseline: bool


@dataclass(frozen=True)
class Summary:
    """Counts of a report. ``manual`` counts the requirements left to a person."""

    passed: int
    failed: int
    not_applicable: int
    errors: int
    waived: int
    manual: int
    #: FAIL findings by severity.
    failed_by_severity: Dict[Severity, int]
    #: The worst severity of a FAIL or ERROR finding; None when there is none.
    worst_failing_severity: Optional[Severity]
    #: FAIL and ERROR findings already failing in the baseline (0 without one).
    in_baseline: int
    #: The worst severity of a FAIL or ERROR finding the baseline did not have: what gates a CI run.
    worst_new_failing_severity: Optional[Severity]


@dataclass(frozen=True)
class Progress:
    """How a compilation or a check is going. Building a :class:`Checker`: ``stage`` "reading packs" (0 of 1),
    then "compiling": ``done`` of ``total`` rules compiled. A check: "loading" (0 of 1), then "checking": ``done``
    of ``total`` rules evaluated. ``rule_id`` is the next rule."""

    stage: str
    done: int
    total: int
    rule_id: str


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a dossier. ``line`` and ``column`` are 1-based, 0 when unknown."""

    file: str
    line: int
    column: int
    field_path: str
    message: str

    def __str__(self) -> str:
        place = self.file
        if self.line:
            place += f":{self.line}" + (f":{self.column}" if self.column else "")
        parts = [place] + ([self.field_path] if self.field_path else []) + [self.message]
        return ": ".join(parts)

    @classmethod
    def _from_view(cls, view: "_capi.Diagnostic") -> "Diagnostic":
        def text(value: Optional[bytes]) -> str:
            return (value or b"").decode("utf-8", errors="replace")
        return cls(file=text(view.file), line=view.line, column=view.column, field_path=text(view.field_path),
                   message=text(view.message))


# ---------------------------------------------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------------------------------------------


# The times a dossier may hold: years 0001 to 9999.
_MIN_SECONDS = -62135596800
_MAX_SECONDS = 253402300799


def _time(now: Optional[Time]) -> Tuple[int, int]:
    """Seconds and nanoseconds since the epoch (UTC) of `now`; HDSC_NOW_CURRENT for None."""
    if now is None:
        return _capi.NOW_CURRENT, 0
    if isinstance(now, str):
        try:
            now = _datetime.datetime.fromisoformat(now.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise InvalidArgument(3, f"now: expected an RFC 3339 time such as 2026-11-28T00:00:00Z, got {now!r}")
    if isinstance(now, _datetime.datetime):
        if now.tzinfo is None:
            now = now.replace(tzinfo=_datetime.timezone.utc)
        delta = now - _datetime.datetime(1970, 1, 1, tzinfo=_datetime.timezone.utc)
        seconds, nanos = delta.days * 86400 + delta.seconds, delta.microseconds * 1000
    elif isinstance(now, bool) or not isinstance(now, (int, float)):
        raise InvalidArgument(3, f"now: expected a datetime, an RFC 3339 string or seconds, got {type(now).__name__}")
    elif isinstance(now, int):
        seconds, nanos = now, 0
    else:
        if now != now or now in (float("inf"), float("-inf")):
            raise InvalidArgument(3, f"now: {now} is not a time")
        seconds = int(now // 1)
        nanos = min(int(round((now - seconds) * 1e9)), 999_999_999)
    if not _MIN_SECONDS <= seconds <= _MAX_SECONDS:
        raise InvalidArgument(3, f"now: {seconds} seconds is outside the years 0001 to 9999")
    return seconds, nanos


def _encode(text: Optional[Union[str, "os.PathLike[str]"]], what: str) -> Optional[bytes]:
    """`text` as the NUL-terminated UTF-8 (or file system encoding, for paths) the C interface reads."""
    if text is None:
        return None
    encoded = os.fsencode(text) if isinstance(text, os.PathLike) else str(text).encode("utf-8")
    if b"\0" in encoded:
        raise InvalidArgument(3, f"{what}: contains a NUL character")
    return encoded


def _is_document(value: Any) -> bool:
    """Whether `value`, given where a file is expected, is the document itself rather than its path: bytes, a dict,
    or a ``str`` containing ``{`` or a newline."""
    return isinstance(value, (bytes, bytearray, memoryview, dict)) or (
        isinstance(value, str) and ("{" in value or "\n" in value))


def _document_bytes(value: Union[bytes, bytearray, memoryview, str, Dict[str, Any]]) -> bytes:
    if isinstance(value, dict):
        return _json.dumps(value).encode("utf-8")
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


def _max_input_bytes(value: Optional[int]) -> int:
    """`max_input_size` as the C field takes it: 0 for the default."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < 2**63:
        raise InvalidArgument(3, f"max_input_size: expected a positive number of bytes, got {value!r}")
    return value


def _compile_threads(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        raise InvalidArgument(3, f"compile_threads: expected 0 (one a core) or a number of threads, got {value!r}")
    return value


def _read(path: Union[str, "os.PathLike[str]"]) -> bytes:
    """The bytes of the file at `path`, with the library's exceptions."""
    try:
        with open(path, "rb") as file:
            return file.read()
    except FileNotFoundError:
        raise NotFound(5, f"{os.fspath(path)}: no such file") from None
    except PermissionError:
        raise PermissionDenied(7, f"{os.fspath(path)}: permission denied") from None
    except IsADirectoryError:
        raise FailedPrecondition(9, f"{os.fspath(path)}: not a regular file") from None


class _Documents:
    """hdsc_document arrays built from (name, bytes) pairs; keeps the bytes alive for the call."""

    def __init__(self, pairs: Sequence[Tuple[str, bytes]]) -> None:
        self._keep = [(_encode(name, "document name"), data) for name, data in pairs]
        self.count = len(self._keep)
        self.array = (_capi.Document * max(self.count, 1))(
            *[_capi.Document(name, data, len(data)) for name, data in self._keep])

    def pointer(self) -> Any:
        return ctypes.cast(self.array, ctypes.POINTER(_capi.Document))


def _named_documents(value: Any, what: str) -> List[Tuple[str, bytes]]:
    """Documents given as a mapping {name: text} or a sequence of (name, text) pairs."""
    if value is None:
        return []
    items = value.items() if isinstance(value, dict) else value
    try:
        return [(str(name), _document_bytes(text)) for name, text in items]
    except (TypeError, ValueError):
        raise InvalidArgument(3, f"{what}: expected a mapping of names to texts, or (name, text) pairs") from None


def _strings(values: Any, what: str) -> Tuple[Any, int]:
    """A ``const char* const*`` array of `values` (one string or path, or a sequence) and its length."""
    if values is None:
        items: List[Any] = []
    elif isinstance(values, (str, os.PathLike)):
        items = [values]
    else:
        try:
            items = list(values)
        except TypeError:
            raise InvalidArgument(3, f"{what}: expected a path or a sequence of them, got {type(values).__name__}") from None
    if not all(isinstance(item, (str, os.PathLike)) for item in items):
        raise InvalidArgument(3, f"{what}: expected strings or paths")
    encoded = [_encode(item, what) for item in items]
    array = (ctypes.c_char_p * max(len(encoded), 1))(*encoded)
    return ctypes.cast(array, ctypes.POINTER(ctypes.c_char_p)), len(encoded)


def _param_text(name: str, value: Any) -> str:
    """A parameter value as the text the library reads at the declared type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _datetime.timedelta):
        return f"{int(value.total_seconds())}s"
    if isinstance(value, (int, float, str)):
        return str(value)
    raise InvalidArgument(3, f"parameter {name}: expected a bool, number, string or timedelta, "
                             f"got {type(value).__name__}")


def _format_code(format: Optional[str], forced: int = 0) -> int:
    if format is None:
        return forced
    if format not in _FORMATS:
        raise InvalidArgument(3, f"format: expected one of auto, json, textproto, binary, xlsx, ods; got {format!r}")
    return _FORMATS[format]


def _take_bytes(call: Any, *args: Any) -> bytes:
    """Calls a C function returning a buffer (``char** out, size_t* out_len`` first) and returns its bytes."""
    out = ctypes.c_void_p()
    length = ctypes.c_size_t()
    _raise_if_error(call(ctypes.byref(out), ctypes.byref(length), *args))
    try:
        return ctypes.string_at(out.value, length.value) if out.value else b""
    finally:
        _lib.hdsc_free(out)


def _take_text(call: Any, *args: Any) -> str:
    """Calls a C function returning a buffer (``char** out, size_t* out_len`` first) and returns its text."""
    out = ctypes.c_void_p()
    length = ctypes.c_size_t()
    _raise_if_error(call(ctypes.byref(out), ctypes.byref(length), *args))
    return _take_buffer(out, length)


# ---------------------------------------------------------------------------------------------------------------
# Checker and Report
# ---------------------------------------------------------------------------------------------------------------


class _Native:
    """A native object that threads share: each call holds it (`with native.use() as handle`), and `close` waits
    for the calls in flight before freeing it, so that no thread is left using freed memory."""

    def __init__(self, handle: int, free: Any, what: str) -> None:
        self._handle = handle
        self._what = what
        self._calls = 0
        self._closed = False
        self._condition = _threading.Condition()
        self._finalizer = weakref.finalize(self, free, handle)

    @_contextlib.contextmanager
    def use(self) -> Any:
        with self._condition:
            if self._closed:
                raise FailedPrecondition(9, f"the {self._what} is closed")
            self._calls += 1
        try:
            yield self._handle
        finally:
            with self._condition:
                self._calls -= 1
                if self._calls == 0:
                    self._condition.notify_all()

    def close(self) -> None:
        with self._condition:
            self._closed = True
            while self._calls:
                self._condition.wait()
        self._finalizer()


class Report:
    """The result of checking one dossier. Returned by :meth:`Checker.check`; immutable.

    Holds a native report until :meth:`close` (or garbage collection); use it as a context manager to free it early.
    """

    def __init__(self, handle: int) -> None:
        self._native = _Native(handle, _lib.hdsc_report_free, "report")
        self._findings: Optional[Tuple[Finding, ...]] = None
        self._summary: Optional[Summary] = None

    def close(self) -> None:
        """Frees the native report, once the calls other threads are making on it have returned. Further use
        raises :class:`FailedPrecondition`."""
        self._native.close()

    def __enter__(self) -> "Report":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def _references(self, handle: int, index: int, count: int) -> Tuple[Reference, ...]:
        references = []
        for k in range(count):
            view = _capi.new(_capi.Reference)
            _raise_if_error(_lib.hdsc_report_finding_reference(ctypes.byref(view), handle, index, k))
            references.append(Reference(
                framework=_capi.string_at(view.framework, view.framework_len),
                citation=_capi.string_at(view.citation, view.citation_len),
                requirement=_capi.string_at(view.requirement, view.requirement_len),
                text=_capi.string_at(view.text, view.text_len),
            ))
        return tuple(references)

    @property
    def findings(self) -> Tuple[Finding, ...]:
        """Every finding kept in the report, worst first (status, severity, rule id, subject)."""
        if self._findings is None:
            with self._native.use() as handle:
                self._findings = self._read_findings(handle)
        return self._findings

    def _read_findings(self, handle: int) -> Tuple[Finding, ...]:
        findings = []
        for index in range(_lib.hdsc_report_finding_count(handle)):
            view = _capi.new(_capi.Finding)
            _raise_if_error(_lib.hdsc_report_finding(ctypes.byref(view), handle, index))
            findings.append(Finding(
                rule_id=_capi.string_at(view.rule_id, view.rule_id_len),
                status=Status(view.status),
                severity=Severity(view.severity),
                subject=_capi.string_at(view.subject, view.subject_len),
                subject_id=_capi.string_at(view.subject_id, view.subject_id_len),
                title=_capi.string_at(view.title, view.title_len),
                message=_capi.string_at(view.message, view.message_len),
                remediation=_capi.string_at(view.remediation, view.remediation_len),
                references=self._references(handle, index, view.reference_count),
                in_baseline=bool(view.in_baseline),
            ))
        return tuple(findings)

    @property
    def failures(self) -> Tuple[Finding, ...]:
        """The FAIL and ERROR findings, worst first."""
        return tuple(f for f in self.findings if f.status in (Status.FAIL, Status.ERROR))

    @property
    def summary(self) -> Summary:
        """Counts by status and severity (PASS and NOT_APPLICABLE are counted even when not kept)."""
        if self._summary is None:
            native = _capi.new(_capi.Summary)
            with self._native.use() as handle:
                _raise_if_error(_lib.hdsc_report_summary(ctypes.byref(native), handle))
            self._summary = Summary(
                passed=native.pass_, failed=native.fail, not_applicable=native.not_applicable,
                errors=native.error, waived=native.waived, manual=native.manual,
                failed_by_severity={
                    Severity.CRITICAL: native.fail_critical, Severity.HIGH: native.fail_high,
                    Severity.MEDIUM: native.fail_medium, Severity.LOW: native.fail_low,
                    Severity.INFO: native.fail_info,
                },
                worst_failing_severity=(Severity(native.worst_failing_severity)
                                        if native.worst_failing_severity else None),
                in_baseline=native.in_baseline,
                worst_new_failing_severity=(Severity(native.worst_new_failing_severity)
                                            if native.worst_new_failing_severity else None),
            )
        return self._summary

    def has_failure(self, threshold: Severity = Severity.INFO) -> bool:
        """Whether a FAIL or ERROR finding of `threshold` or worse, not already failing in the baseline, is in the
        report: what makes ``hdscheck check --fail-on THRESHOLD`` exit 1."""
        try:
            severity = Severity(threshold)
        except ValueError:
            raise InvalidArgument(3, f"threshold: expected a Severity, got {threshold!r}") from None
        with self._native.use() as handle:
            return bool(_lib.hdsc_report_has_failure(handle, int(severity)))

    def render(self, format: str = "text", *, verbose: bool = False, color: bool = False) -> str:
        """The report as ``hdscheck check --format FORMAT`` writes it, byte for byte: "text", "json", "sarif",
        "junit", "html", "oscal" or "md".

        ``verbose`` and ``color`` apply to text: list PASS and N/A findings too, colour statuses with ANSI codes.
        """
        code = ctypes.c_int()
        _raise_if_error(_lib.hdsc_render_format_parse(ctypes.byref(code), _encode(format, "format")))
        flags = (_RENDER_VERBOSE if verbose else 0) | (_RENDER_COLOR if color else 0)
        with self._native.use() as handle:
            return _take_text(_lib.hdsc_report_render, handle, code.value, flags)

    def to_records(self) -> List[Dict[str, Any]]:
        """One plain dict per finding, worst first, for tables: ``pandas.DataFrame(report.to_records())``.

        Keys: ``rule_id``, ``status`` and ``severity`` (names: "FAIL", "HIGH"), ``subject``, ``subject_id``,
        ``title``, ``message``, ``remediation``, ``citations`` (in the report's language: "GDPR Art. 33(1);
        ISO27001_2022 A.5.24", "art. 33, paragraphe 1, du RGPD; ISO/IEC 27001:2022 A.5.24") and
        ``in_baseline``.
        """
        return [{
            "rule_id": finding.rule_id,
            "status": finding.status.name,
            "severity": finding.severity.name,
            "subject": finding.subject,
            "subject_id": finding.subject_id,
            "title": finding.title,
            "message": finding.message,
            "remediation": finding.remediation,
            "citations": "; ".join(r.text or f"{r.framework} {r.citation}" for r in finding.references),
            "in_baseline": finding.in_baseline,
        } for finding in self.findings]

    def to_json(self) -> str:
        """The hdsc.v1.Report message in the protobuf JSON mapping (proto field names), deterministic."""
        return self.render("json")

    def to_dict(self) -> Dict[str, Any]:
        """:meth:`to_json`, parsed."""
        return _json.loads(self.to_json())


class Checker:
    """Rule packs compiled once, with a profile, parameters and waivers. Immutable; share it between threads and
    check many dossiers.

    :param rules: pack directories or files (one, or a sequence); None with no ``rule_texts`` for the bundled packs.
    :param profile: the profile to apply ("hospital", "clinic", "hds-host", ...); None for every rule.
    :param lang: "en" or "fr", the default language of reports.
    :param rule_texts: packs given as text: ``{"site.textpb": "rule { ... }"}`` or (name, text) pairs.
    :param params: parameter overrides, read at each parameter's declared type: ``{"record_review_period":
        datetime.timedelta(days=180), "min_training_rate": 90.0}``; durations may also be "72h" or "365d".
    :param waivers: waivers files (dossier documents holding only ``waivers``): one path or a sequence.
    :param waiver_texts: waivers documents given as text or dicts: ``{"waivers.json": {...}}`` or pairs.
    :param progress: called with a :class:`Progress` as the packs are read and compiled (on the calling thread, once
        for each rule); returning False cancels.
    :param compile_threads: the threads compiling the rules, the calling thread among them: 0 for one a core (at
        most four), 1 for the calling thread alone.
    :raises NotFound: a rule path does not exist, no packs are bundled, or the profile is unknown.
    :raises Cancelled: the progress callback returned False.
    :raises InvalidArgument: a pack or waivers file is broken (``diagnostics`` lists every problem), a parameter is
        undeclared or of the wrong type, or the language is unknown.
    """

    def __init__(self, rules: Optional[Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]] = None,
                 profile: Optional[str] = None, lang: str = "en", *,
                 rule_texts: Optional[Any] = None, params: Optional[Dict[str, Any]] = None,
                 waivers: Optional[Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]] = None,
                 waiver_texts: Optional[Any] = None,
                 progress: Optional[Callable[[Progress], Optional[bool]]] = None, compile_threads: int = 0) -> None:
        options = _capi.new(_capi.CheckerOptions)
        options.rule_paths, options.rule_path_count = rule_paths = _strings(rules, "rules")
        texts = _Documents(_named_documents(rule_texts, "rule_texts"))
        options.rule_texts, options.rule_text_count = texts.pointer(), texts.count
        options.profile = _encode(profile, "profile")
        options.language = _encode(lang, "lang")
        encoded_params = [(_encode(name, "parameter name"), _encode(_param_text(name, value), f"parameter {name}"))
                          for name, value in (params or {}).items()]
        param_array = (_capi.Param * max(len(encoded_params), 1))(*[_capi.Param(n, v) for n, v in encoded_params])
        options.params = ctypes.cast(param_array, ctypes.POINTER(_capi.Param))
        options.param_count = len(encoded_params)
        options.waiver_paths, options.waiver_path_count = waiver_paths = _strings(waivers, "waivers")
        waiver_documents = _Documents(_named_documents(waiver_texts, "waiver_texts"))
        options.waiver_texts, options.waiver_text_count = waiver_documents.pointer(), waiver_documents.count
        options.compile_threads = _compile_threads(compile_threads)
        raised: List[BaseException] = []
        if progress is not None:
            callback = _progress_callback(progress, raised)
            options.progress = callback
        handle = ctypes.c_void_p()
        error = _lib.hdsc_checker_new(ctypes.byref(handle), ctypes.byref(options))
        if raised:
            _lib.hdsc_error_free(error)
            raise raised[0]
        _raise_if_error(error)
        del rule_paths, waiver_paths  # kept alive until the call returned
        self._native = _Native(handle.value, _lib.hdsc_checker_free, "checker")
        self.profile = profile
        self.lang = lang

    def close(self) -> None:
        """Frees the compiled packs, once the checks other threads are running with them have returned. Reports
        already made stay valid; further use raises :class:`FailedPrecondition`."""
        self._native.close()

    def __enter__(self) -> "Checker":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    @property
    def rule_count(self) -> int:
        """How many rules run (after the profile's selection)."""
        with self._native.use() as handle:
            return _lib.hdsc_checker_rule_count(handle)

    @property
    def packs_digest(self) -> str:
        """The SHA-256 identifying the rule packs in use."""
        with self._native.use() as handle:
            return _lib.hdsc_checker_packs_digest(handle).decode()

    def check(self, dossier: Dossier, now: Optional[Time] = None, *, lang: Optional[str] = None,
              format: Optional[str] = None, name: Optional[str] = None, keep_passing: bool = True,
              baseline: Optional[Union["Report", str, "os.PathLike[str]", bytes]] = None,
              evidence_root: Optional[Union[str, "os.PathLike[str]"]] = None,
              only_rules: Optional[Sequence[str]] = None,
              progress: Optional[Callable[[Progress], Optional[bool]]] = None,
              record_timing: bool = False, max_steps: Optional[int] = None,
              timeout: Optional[float] = None, max_input_size: Optional[int] = None) -> Report:
        """Checks one dossier.

        :param dossier: a path (``str`` or ``os.PathLike``), the document as ``bytes`` or ``str`` (a ``str`` is a
            document when it contains ``{`` or a newline), or a ``dict`` in the protobuf JSON mapping.
        :param now: the time rules see as ``now``; the current time if None. Fix it for reproducible reports.
        :param lang: "en" or "fr"; None for the checker's language.
        :param format: "json", "textproto", "binary" or "auto" (None: from the name's extension, else the content).
        :param name: the dossier's name in messages and in the report (default: the path, or "dossier"); a file is
            always named by its path.
        :param keep_passing: keep PASS and NOT_APPLICABLE findings (they are counted either way).
        :param baseline: an earlier JSON report (a :class:`Report`, a path, or its bytes): failures it already had are
            marked ``in_baseline`` and do not count in :meth:`Report.has_failure`.
        :param evidence_root: check the files of the dossier's evidence records under this directory.
        :param only_rules: run only these rule ids.
        :param progress: called with a :class:`Progress` as the check goes; returning False cancels it
            (:class:`Cancelled`). An exception it raises cancels the check and is raised again here.
        :param record_timing: record the evaluation time in the report (``timing``: in all, and each rule's with
            its evaluation steps, slowest first).
        :param max_steps: comprehension steps the whole check may take (default 200,000,000); past it, evaluations
            are ERROR findings naming the budget.
        :param timeout: seconds the evaluation may take; past it :class:`DeadlineExceeded` is raised. None: no limit.
        :param max_input_size: the largest dossier read, in bytes (default 4 GiB); a larger one raises
            :class:`ResourceExhausted`.
        :raises InvalidArgument: the dossier cannot be read or is invalid (``diagnostics`` lists every problem).
        :raises NotFound: the file does not exist.
        """
        options = _capi.new(_capi.CheckOptions)
        options.now_seconds, options.now_nanos = _time(now)
        options.language = _encode(lang, "lang")
        options.omit_passing_findings = 0 if keep_passing else 1
        options.record_timing = 1 if record_timing else 0
        options.max_input_bytes = _max_input_bytes(max_input_size)
        if max_steps is not None:
            if isinstance(max_steps, bool) or not isinstance(max_steps, int) or not 1 <= max_steps < 2**63:
                raise InvalidArgument(3, f"max_steps: expected a positive integer, got {max_steps!r}")
            options.max_evaluation_steps = max_steps
        if timeout is not None:
            if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < 1e9:
                raise InvalidArgument(3, f"timeout: expected a positive number of seconds, got {timeout!r}")
            options.time_limit_millis = max(1, int(timeout * 1000))
        baseline_documents = None
        if baseline is not None:
            if isinstance(baseline, Report):
                pair = ("baseline.json", baseline.to_json().encode("utf-8"))
            elif _is_document(baseline):
                pair = ("baseline.json", _document_bytes(baseline))
            else:
                pair = (os.fspath(baseline), _read(baseline))
            baseline_documents = _Documents([pair])
            options.baseline = baseline_documents.pointer()
        options.evidence_root = _encode(evidence_root, "evidence_root")
        options.only_rules, options.only_rule_count = rule_ids = _strings(only_rules, "only_rules")
        raised: List[BaseException] = []
        if progress is not None:
            callback = _progress_callback(progress, raised)
            options.progress = callback
        handle = ctypes.c_void_p()
        if _is_document(dossier):
            data = _document_bytes(dossier)
            forced = _FORMATS["json"] if isinstance(dossier, dict) else 0
            options.format = _format_code(format, forced)
            options.dossier_name = _encode(name, "name")
            with self._native.use() as checker:
                error = _lib.hdsc_checker_check(ctypes.byref(handle), checker, data, len(data), ctypes.byref(options))
        elif isinstance(dossier, (str, os.PathLike)):
            options.format = _format_code(format)
            path = _encode(dossier, "dossier")
            with self._native.use() as checker:
                error = _lib.hdsc_checker_check_file(ctypes.byref(handle), checker, path, ctypes.byref(options))
        else:
            raise InvalidArgument(3, f"dossier: expected a path, bytes, str or dict, got {type(dossier).__name__}")
        del baseline_documents, rule_ids  # kept alive until the call returned
        if raised:
            _lib.hdsc_error_free(error)
            raise raised[0]
        _raise_if_error(error)
        return Report(handle.value)


# ---------------------------------------------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------------------------------------------


def validate(dossier: Dossier, *, format: Optional[str] = None, name: Optional[str] = None) -> List[Diagnostic]:
    """Checks a dossier against the schema and its own references, as ``hdscheck validate`` does.

    :returns: every problem, in order of position; an empty list for a valid dossier.
    :raises NotFound: the file does not exist.
    """
    handle = ctypes.c_void_p()
    if _is_document(dossier):
        data = _document_bytes(dossier)
        forced = _FORMATS["json"] if isinstance(dossier, dict) else 0
        _raise_if_error(_lib.hdsc_dossier_validate(ctypes.byref(handle), data, len(data), _format_code(format, forced),
                                                   _encode(name, "name")))
    elif isinstance(dossier, (str, os.PathLike)):
        _raise_if_error(_lib.hdsc_dossier_validate_file(ctypes.byref(handle), _encode(dossier, "dossier"),
                                                        _format_code(format)))
    else:
        raise InvalidArgument(3, f"dossier: expected a path, bytes, str or dict, got {type(dossier).__name__}")
    try:
        diagnostics = []
        for index in range(_lib.hdsc_diagnostics_count(handle)):
            view = _capi.new(_capi.Diagnostic)
            _raise_if_error(_lib.hdsc_diagnostics_get(ctypes.byref(view), handle, index))
            diagnostics.append(Diagnostic._from_view(view))
        return diagnostics
    finally:
        _lib.hdsc_diagnostics_free(handle)


@dataclass(frozen=True)
class Converted:
    """A dossier written in another format by :func:`convert`: its bytes (text for JSON and textproto, a zip archive
    for "xlsx" and "ods"), and what the input held that a dossier has no place for (the labels and values of the
    CNIL's register model that could not be mapped), each located."""

    data: bytes
    format: str
    warnings: Tuple[Diagnostic, ...]

    def __bytes__(self) -> bytes:
        return self.data

    def write(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes :attr:`data` to the file at ``path``."""
        with open(path, "wb") as file:
            file.write(self.data)


def convert(dossier: Dossier, to: str, *, format: Optional[str] = None, name: Optional[str] = None,
            lang: str = "en", allow_unknown_fields: bool = False, max_input_size: Optional[int] = None) -> Converted:
    """Writes a dossier in another format, as ``hdscheck convert``: ``to`` is "json", "textproto", "binary", "xlsx"
    or "ods". JSON is written canonically, so that JSON -> XLSX -> JSON gives back the same bytes. ``format`` says
    how to read the input (default: from ``name`` or the path's extension, else the content); ``lang`` ("en" or
    "fr") is the language of a written workbook's sheet names and headers; ``max_input_size`` the largest input
    read, in bytes (default 4 GiB). The dossier is converted as it is: its references are not checked
    (:func:`validate` does that).

    :raises InvalidArgument: problems reading the dossier, or values the output cannot hold (``diagnostics`` lists
        each, located: ``Sheet!D14`` for a workbook); an unknown format or language.
    :raises NotFound: the file does not exist.
    """
    if to in (None, "auto") or to not in _FORMATS:
        raise InvalidArgument(3, f"to: unknown format {to!r} (expected json, textproto, binary, xlsx or ods)")
    if _is_document(dossier):
        data = _document_bytes(dossier)
        forced = _FORMATS["json"] if isinstance(dossier, dict) else 0
    elif isinstance(dossier, (str, os.PathLike)):
        data, forced = _read(dossier), 0
        if name is None:
            name = os.fspath(dossier)
    else:
        raise InvalidArgument(3, f"dossier: expected a path, bytes, str or dict, got {type(dossier).__name__}")
    options = _capi.new(_capi.ConvertOptions)
    options.name = _encode(name, "name")
    options.language = _encode(lang, "lang")
    options.allow_unknown_fields = 1 if allow_unknown_fields else 0
    options.max_input_bytes = _max_input_bytes(max_input_size)
    pointer = ctypes.c_void_p()
    length = ctypes.c_size_t()
    warnings = ctypes.c_void_p()
    _raise_if_error(_lib.hdsc_dossier_convert(ctypes.byref(pointer), ctypes.byref(length), ctypes.byref(warnings), data,
                                              len(data), _format_code(format, forced), _FORMATS[to],
                                              ctypes.byref(options)))
    try:
        output = ctypes.string_at(pointer.value, length.value) if pointer.value else b""
        found = []
        for index in range(_lib.hdsc_diagnostics_count(warnings)):
            view = _capi.new(_capi.Diagnostic)
            _raise_if_error(_lib.hdsc_diagnostics_get(ctypes.byref(view), warnings, index))
            found.append(Diagnostic._from_view(view))
    finally:
        _lib.hdsc_free(pointer)
        _lib.hdsc_diagnostics_free(warnings)
    return Converted(output, to, tuple(found))


def eval(expression: str, dossier: Optional[Dossier] = None, now: Optional[Time] = None, *,
         max_input_size: Optional[int] = None) -> str:
    """Evaluates one CEL expression and returns its value as a CEL literal (``"[2, 4]"``, ``'"text"'``, ...).

    Names resolve in package ``hdsc.v1``. Variables: ``now`` (a timestamp) and, when given, ``dossier``, which must
    be valid and at most ``max_input_size`` bytes (default 4 GiB).

    :raises InvalidArgument: the expression does not parse or type-check ("<expr>:LINE:COL: ..."; ``diagnostics``
        lists every problem), or the dossier is invalid.
    :raises Error: the evaluation produced an error (a subclass by its code, e.g. :class:`NotFound` for a missing map
        key); the message starts with "evaluation error: ".
    """
    options = _capi.new(_capi.EvalOptions)
    options.now_seconds, options.now_nanos = _time(now)
    options.max_input_bytes = _max_input_bytes(max_input_size)
    if dossier is not None:
        if _is_document(dossier):
            data, name = _document_bytes(dossier), None
        elif isinstance(dossier, (str, os.PathLike)):
            data, name = _read(dossier), os.fspath(dossier)
        else:
            raise InvalidArgument(3, f"dossier: expected a path, bytes, str or dict, got {type(dossier).__name__}")
        options.dossier_data = data
        options.dossier_len = len(data)
        options.dossier_format = _FORMATS["json"] if isinstance(dossier, dict) else 0
        options.dossier_name = _encode(name, "name")
    if not isinstance(expression, str):
        raise InvalidArgument(3, f"expression: expected a str, got {type(expression).__name__}")
    source = expression.encode("utf-8")
    return _take_text(_lib.hdsc_eval, source, len(source), ctypes.byref(options))


def _bytes_of(value: Union[str, bytes], what: str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise InvalidArgument(3, f"{what}: expected str or bytes, got {type(value).__name__}")


def sign(report: Union[str, bytes], private_key_pem: Union[str, bytes]) -> str:
    """Signs the bytes of a rendered report (``str`` is taken as UTF-8) with a PEM private key (Ed25519 or ECDSA
    P-256) and returns the text of the detached signature file, as ``hdscheck check --sign`` writes it."""
    data = _bytes_of(report, "report")
    key = _bytes_of(private_key_pem, "private_key_pem")
    return _take_text(_lib.hdsc_report_sign, data, len(data), key, len(key))


def verify(report: Union[str, bytes], signature: Union[str, bytes], public_key_pem: Union[str, bytes]) -> None:
    """Checks a detached signature over a report's bytes, as ``hdscheck verify``.

    :raises DataLoss: the report was modified. :raises Unauthenticated: another key, or an altered signature.
    :raises InvalidArgument: an unreadable signature or key. :raises FailedPrecondition: a key of another type.
    """
    data = _bytes_of(report, "report")
    text = _bytes_of(signature, "signature")
    key = _bytes_of(public_key_pem, "public_key_pem")
    _raise_if_error(_lib.hdsc_report_verify(data, len(data), text, len(text), key, len(key)))


def _report_document(value: Union[Report, str, "os.PathLike[str]", bytes], default_name: str) -> Tuple[str, bytes]:
    if isinstance(value, Report):
        return default_name, value.to_json().encode("utf-8")
    if _is_document(value):
        return default_name, _document_bytes(value)
    if not isinstance(value, (str, os.PathLike)):
        raise InvalidArgument(3, f"report: expected a Report, a path or JSON bytes, got {type(value).__name__}")
    return os.fspath(value), _read(value)


def diff(old: Union[Report, str, "os.PathLike[str]", bytes], new: Union[Report, str, "os.PathLike[str]", bytes]) -> str:
    """The failures new, fixed and unchanged from one JSON report to the next (reports, paths or bytes), as
    ``hdscheck diff OLD NEW`` prints them."""
    documents = _Documents([_report_document(old, "old.json"), _report_document(new, "new.json")])
    pointer = documents.pointer()
    return _take_text(_lib.hdsc_report_diff, pointer, ctypes.byref(documents.array[1]))


def hash_evidence(root: Union[str, "os.PathLike[str]"]) -> List[Dict[str, str]]:
    """The SHA-256 of every regular file under `root`, as ``hdscheck evidence hash``: a list of
    ``{"location": ..., "sha256": ...}`` sorted by location, ready for a dossier's evidence."""
    return _json.loads(_take_text(_lib.hdsc_evidence_hash, _encode(root, "root")))


def init_dossier(profile: str, lang: str = "en", format: str = "json") -> bytes:
    """A starter dossier for a kind of organisation, as ``hdscheck init`` writes it: every section the profile needs,
    the 93 ISO/IEC 27001:2022 Annex A controls in the Statement of Applicability, and placeholders ("To fill in: ...",
    "À compléter : ...") where the organisation's facts go. It validates, and checking it with the same profile fails
    at HIGH until it is filled in.

    :param profile: "hospital", "clinic" or "hds-host".
    :param lang: "en" or "fr": the language of the placeholders, control titles and notes.
    :param format: "json", "textproto" (with notes as ``#`` comments), "binary", or "xlsx", "ods" (a workbook with
        sheet names and headers in ``lang``).
    :returns: the dossier's bytes (UTF-8 text for json and textproto); the same arguments give the same bytes.
    :raises InvalidArgument: an unknown profile, language or format.
    """
    return _take_bytes(_lib.hdsc_dossier_init, _encode(profile, "profile"), _encode(lang, "lang"),
                       _format_code(format))


def library_version() -> str:
    """The release of the loaded libhdsc ("0.2.0")."""
    return _lib.hdsc_version_string().decode()
