"""hdsc: check a health organisation's compliance dossier against HDS, ISO 27001:2022 and GDPR rule packs.

Pure Python over the C library libhdsc (ctypes, standard library only)::

    import hdsc

    with hdsc.Checker(rules="controls", profile="hospital") as checker:
        report = checker.check("dossier.json", now="2026-11-28T00:00:00Z")
        for finding in report.failures:
            print(finding.rule_id, finding.subject, finding.message)

The library is loaded from ``$HDSC_LIBRARY`` if set, else from the package directory, else from the system library
path. A :class:`Checker` is immutable once created and may be shared by threads; the C library releases the GIL
while it checks.
"""

import ctypes
import datetime as _datetime
import enum
import errno as _errno
import json as _json
import os
import weakref
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from hdsc import _capi

__version__ = "0.1.0"

__all__ = [
    "Checker",
    "Diagnostic",
    "Error",
    "FailedPrecondition",
    "Finding",
    "Internal",
    "InvalidArgument",
    "NotFound",
    "OutOfRange",
    "PermissionDenied",
    "Report",
    "ResourceExhausted",
    "Severity",
    "Status",
    "Summary",
    "eval",
    "library_version",
    "validate",
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
    """A call into libhdsc failed. ``code`` is the absl::StatusCode value, ``code_name`` its name."""

    def __new__(cls, code: int, message: str) -> "Error":
        # Only the message reaches the built-in base: OSError would read (code, message) as (errno, strerror).
        return super().__new__(cls, message)

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.code_name = _lib.hdsc_code_name(code).decode()
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidArgument(Error, ValueError):
    """A bad argument: an invalid dossier (the message locates the first problem), an expression that does not
    compile, an unknown option."""


class NotFound(Error, FileNotFoundError):
    """A file or rule directory that does not exist, an unknown profile, a missing key while evaluating."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        self.errno = _errno.ENOENT
        self.strerror = message

    def __str__(self) -> str:
        return self.message


class PermissionDenied(Error, PermissionError):
    """A file that cannot be read."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
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


_ERROR_CLASSES = {
    3: InvalidArgument,
    5: NotFound,
    7: PermissionDenied,
    8: ResourceExhausted,
    9: FailedPrecondition,
    11: OutOfRange,
    13: Internal,
}


def _raise_if_error(error: Optional[int]) -> None:
    """Converts an ``hdsc_error*`` into the matching exception (and frees it); does nothing for NULL."""
    if not error:
        return
    try:
        code = _lib.hdsc_error_code(error)
        message = _lib.hdsc_error_message(error).decode("utf-8", errors="replace")
    finally:
        _lib.hdsc_error_free(error)
    raise _ERROR_CLASSES.get(code, Error)(code, message)


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


_FORMATS = {None: 0, "auto": 0, "json": 1, "textproto": 2, "binary": 3}
_RENDER_FORMATS = {"json": 1, "text": 2}
_RENDER_VERBOSE = 0x1
_RENDER_COLOR = 0x2


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


# ---------------------------------------------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------------------------------------------


def _time(now: Optional[Time]) -> Tuple[int, int]:
    """Seconds and nanoseconds since the epoch (UTC) of `now`; the current time for None."""
    if now is None:
        now = _datetime.datetime.now(_datetime.timezone.utc)
    if isinstance(now, str):
        try:
            now = _datetime.datetime.fromisoformat(now.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise InvalidArgument(3, f"now: expected an RFC 3339 time such as 2026-11-28T00:00:00Z, got {now!r}")
    if isinstance(now, _datetime.datetime):
        if now.tzinfo is None:
            now = now.replace(tzinfo=_datetime.timezone.utc)
        delta = now - _datetime.datetime(1970, 1, 1, tzinfo=_datetime.timezone.utc)
        seconds = delta.days * 86400 + delta.seconds
        return seconds, delta.microseconds * 1000
    if isinstance(now, bool) or not isinstance(now, (int, float)):
        raise InvalidArgument(3, f"now: expected a datetime, an RFC 3339 string or seconds, got {type(now).__name__}")
    if isinstance(now, int):
        return now, 0
    seconds = int(now // 1)
    return seconds, min(int(round((now - seconds) * 1e9)), 999_999_999)


def _dossier_bytes(dossier: Dossier, name: Optional[str]) -> Tuple[bytes, Optional[str], int]:
    """The bytes of `dossier`, the name to give it, and a format forced by its type (0: auto).

    A ``str`` that contains ``{`` or a newline is a document; any other ``str`` and any ``os.PathLike`` is a path.
    """
    if isinstance(dossier, dict):
        return _json.dumps(dossier).encode("utf-8"), name, _FORMATS["json"]
    if isinstance(dossier, (bytes, bytearray, memoryview)):
        return bytes(dossier), name, 0
    if isinstance(dossier, str) and ("{" in dossier or "\n" in dossier):
        return dossier.encode("utf-8"), name, 0
    if isinstance(dossier, (str, os.PathLike)):
        path = os.fspath(dossier)
        try:
            with open(path, "rb") as file:
                return file.read(), name or path, 0
        except FileNotFoundError:
            raise NotFound(5, f"{path}: no such file") from None
        except PermissionError:
            raise PermissionDenied(7, f"{path}: permission denied") from None
        except IsADirectoryError:
            raise FailedPrecondition(9, f"{path}: not a regular file") from None
    raise InvalidArgument(3, f"dossier: expected a path, bytes, str or dict, got {type(dossier).__name__}")


def _format_code(format: Optional[str], forced: int) -> int:
    if format is None:
        return forced
    if format not in _FORMATS:
        raise InvalidArgument(3, f"format: expected one of auto, json, textproto, binary; got {format!r}")
    return _FORMATS[format]


def _encode(text: Optional[str]) -> Optional[bytes]:
    return None if text is None else text.encode("utf-8")


# ---------------------------------------------------------------------------------------------------------------
# Checker and Report
# ---------------------------------------------------------------------------------------------------------------


class Report:
    """The result of checking one dossier. Returned by :meth:`Checker.check`; immutable.

    Holds a native report until :meth:`close` (or garbage collection); use it as a context manager to free it early.
    """

    def __init__(self, handle: int) -> None:
        self._handle: Optional[int] = handle
        self._finalizer = weakref.finalize(self, _lib.hdsc_report_free, handle)
        self._findings: Optional[Tuple[Finding, ...]] = None
        self._summary: Optional[Summary] = None

    def close(self) -> None:
        """Frees the native report. Further use raises :class:`FailedPrecondition`."""
        self._finalizer()
        self._handle = None

    def __enter__(self) -> "Report":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def _live(self) -> int:
        if self._handle is None:
            raise FailedPrecondition(9, "the report is closed")
        return self._handle

    @property
    def findings(self) -> Tuple[Finding, ...]:
        """Every finding kept in the report, worst first (status, severity, rule id, subject)."""
        if self._findings is None:
            handle = self._live()
            findings = []
            for index in range(_lib.hdsc_report_finding_count(handle)):
                view = _capi.Finding()
                _lib.hdsc_finding_init(ctypes.byref(view))
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
                ))
            self._findings = tuple(findings)
        return self._findings

    @property
    def failures(self) -> Tuple[Finding, ...]:
        """The FAIL and ERROR findings (what gates a CI run), worst first."""
        return tuple(f for f in self.findings if f.status in (Status.FAIL, Status.ERROR))

    @property
    def summary(self) -> Summary:
        """Counts by status and severity (PASS and NOT_APPLICABLE are counted even when not kept)."""
        if self._summary is None:
            native = _capi.Summary()
            _lib.hdsc_summary_init(ctypes.byref(native))
            _raise_if_error(_lib.hdsc_report_summary(ctypes.byref(native), self._live()))
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
            )
        return self._summary

    def render(self, format: str = "text", *, verbose: bool = False, color: bool = False) -> str:
        """The report as ``hdscheck check --format FORMAT`` prints it: "text" or "json".

        ``verbose`` and ``color`` apply to text: list PASS and N/A findings too, colour statuses with ANSI codes.
        """
        if format not in _RENDER_FORMATS:
            raise InvalidArgument(3, f"format: expected one of {', '.join(_RENDER_FORMATS)}; got {format!r}")
        flags = (_RENDER_VERBOSE if verbose else 0) | (_RENDER_COLOR if color else 0)
        out = ctypes.c_void_p()
        length = ctypes.c_size_t()
        _raise_if_error(_lib.hdsc_report_render(ctypes.byref(out), ctypes.byref(length), self._live(),
                                                _RENDER_FORMATS[format], flags))
        return _take_buffer(out, length)

    def to_json(self) -> str:
        """The hdsc.v1.Report message in the protobuf JSON mapping (proto field names), deterministic."""
        return self.render("json")

    def to_dict(self) -> Dict[str, Any]:
        """:meth:`to_json`, parsed."""
        return _json.loads(self.to_json())


class Checker:
    """Rule packs compiled once, and a profile. Immutable; share it between threads and check many dossiers.

    :param rules: a pack directory or file, or a sequence of them.
    :param profile: the profile to apply ("hospital", "clinic", "hds-host", ...); None for every rule.
    :param lang: "en" or "fr", the default language of reports.
    :raises NotFound: a rule path does not exist, or the profile is unknown.
    :raises InvalidArgument: a pack is broken (the message locates the first problem), or the language is unknown.
    """

    def __init__(self, rules: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]],
                 profile: Optional[str] = None, lang: str = "en") -> None:
        paths = [rules] if isinstance(rules, (str, os.PathLike)) else list(rules)
        encoded = [os.fsencode(path) for path in paths]
        array = (ctypes.c_char_p * max(len(encoded), 1))(*encoded)
        options = _capi.CheckerOptions()
        _lib.hdsc_checker_options_init(ctypes.byref(options))
        options.rule_paths = ctypes.cast(array, ctypes.POINTER(ctypes.c_char_p))
        options.rule_path_count = len(encoded)
        options.profile = _encode(profile)
        options.language = _encode(lang)
        handle = ctypes.c_void_p()
        _raise_if_error(_lib.hdsc_checker_new(ctypes.byref(handle), ctypes.byref(options)))
        self._handle: Optional[int] = handle.value
        self._finalizer = weakref.finalize(self, _lib.hdsc_checker_free, handle.value)
        self.profile = profile
        self.lang = lang

    def close(self) -> None:
        """Frees the compiled packs. Reports already made stay valid."""
        self._finalizer()
        self._handle = None

    def __enter__(self) -> "Checker":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def _live(self) -> int:
        if self._handle is None:
            raise FailedPrecondition(9, "the checker is closed")
        return self._handle

    @property
    def rule_count(self) -> int:
        """How many rules run (after the profile's selection)."""
        return _lib.hdsc_checker_rule_count(self._live())

    def check(self, dossier: Dossier, now: Optional[Time] = None, *, lang: Optional[str] = None,
              format: Optional[str] = None, name: Optional[str] = None, keep_passing: bool = True) -> Report:
        """Checks one dossier.

        :param dossier: a path (``str`` or ``os.PathLike``), the document as ``bytes`` or ``str`` (a ``str`` is a
            document when it contains ``{`` or a newline), or a ``dict`` in the protobuf JSON mapping.
        :param now: the time rules see as ``now``; the current time if None. Fix it for reproducible reports.
        :param lang: "en" or "fr"; None for the checker's language.
        :param format: "json", "textproto", "binary" or "auto" (None: from the name's extension, else the content).
        :param name: the dossier's name in messages and in the report (default: the path, or "dossier").
        :param keep_passing: keep PASS and NOT_APPLICABLE findings (they are counted either way).
        :raises InvalidArgument: the dossier cannot be read or is invalid; the message locates the first problem
            (:func:`validate` lists them all).
        :raises NotFound: the file does not exist.
        """
        data, name, forced = _dossier_bytes(dossier, name)
        options = _capi.CheckOptions()
        _lib.hdsc_check_options_init(ctypes.byref(options))
        options.now_seconds, options.now_nanos = _time(now)
        options.format = _format_code(format, forced)
        options.language = _encode(lang)
        options.dossier_name = _encode(name)
        options.keep_passing_findings = 1 if keep_passing else 0
        handle = ctypes.c_void_p()
        _raise_if_error(_lib.hdsc_checker_check(ctypes.byref(handle), self._live(), data, len(data),
                                                ctypes.byref(options)))
        return Report(handle.value)


# ---------------------------------------------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------------------------------------------


def validate(dossier: Dossier, *, format: Optional[str] = None, name: Optional[str] = None) -> List[Diagnostic]:
    """Checks a dossier against the schema and its own references, as ``hdscheck validate`` does.

    :returns: every problem, in order of position; an empty list for a valid dossier.
    :raises NotFound: the file does not exist.
    """
    data, name, forced = _dossier_bytes(dossier, name)
    handle = ctypes.c_void_p()
    _raise_if_error(_lib.hdsc_dossier_validate(ctypes.byref(handle), data, len(data), _format_code(format, forced),
                                               _encode(name)))
    try:
        diagnostics = []
        for index in range(_lib.hdsc_diagnostics_count(handle)):
            view = _capi.Diagnostic()
            _lib.hdsc_diagnostic_init(ctypes.byref(view))
            _raise_if_error(_lib.hdsc_diagnostics_get(ctypes.byref(view), handle, index))
            diagnostics.append(Diagnostic(
                file=view.file.decode("utf-8", errors="replace"), line=view.line, column=view.column,
                field_path=view.field_path.decode("utf-8", errors="replace"),
                message=view.message.decode("utf-8", errors="replace")))
        return diagnostics
    finally:
        _lib.hdsc_diagnostics_free(handle)


def eval(expression: str, dossier: Optional[Dossier] = None, now: Optional[Time] = None) -> str:
    """Evaluates one CEL expression and returns its value as a CEL literal (``"[2, 4]"``, ``'"text"'``, ...).

    Names resolve in package ``hdsc.v1``. Variables: ``now`` (a timestamp) and, when given, ``dossier``.

    :raises InvalidArgument: the expression does not parse or type-check ("<expr>:LINE:COL: ..."), or the dossier is
        invalid.
    :raises Error: the evaluation produced an error (a subclass by its code, e.g. :class:`NotFound` for a missing map
        key); the message starts with "evaluation error: ".
    """
    options = _capi.EvalOptions()
    _lib.hdsc_eval_options_init(ctypes.byref(options))
    options.now_seconds, options.now_nanos = _time(now)
    if dossier is not None:
        data, name, forced = _dossier_bytes(dossier, None)
        options.dossier_data = data
        options.dossier_len = len(data)
        options.dossier_format = forced
        options.dossier_name = _encode(name)
    source = expression.encode("utf-8")
    out = ctypes.c_void_p()
    length = ctypes.c_size_t()
    _raise_if_error(_lib.hdsc_eval(ctypes.byref(out), ctypes.byref(length), source, len(source),
                                   ctypes.byref(options)))
    return _take_buffer(out, length)


def library_version() -> str:
    """The release of the loaded libhdsc ("0.1.0")."""
    return _lib.hdsc_version_string().decode()
