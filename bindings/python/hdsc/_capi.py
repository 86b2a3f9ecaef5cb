"""The C interface of libhdsc (capi/hdsc.h) as ctypes declarations: loading the library and one table of functions.

Nothing here is public API: use the names exported by the ``hdsc`` package.
"""

import ctypes
import ctypes.util
import os
from typing import Any, List, Optional

# The ABI this package is written against (HDSC_ABI_VERSION) and the oldest release that provides it.
ABI_VERSION = 2
MIN_VERSION_NUMBER = 200  # 0.2.0

_LIBRARY_NAMES = ("libhdsc.so.2", "libhdsc.so")

# `now_seconds` for "the current time" (HDSC_NOW_CURRENT).
NOW_CURRENT = -(2**63)

# The layouts of capi/hdsc.h. The growth rule of the C interface holds here too: fields are only appended, every
# struct starts with its size, and `new` records this package's size, so the library reads only what the package
# knows and writes no more than it has room for.


def _text_fields(*names):
    """A (pointer, length) pair of fields for each string of a view."""
    return [field for name in names for field in ((name, ctypes.c_void_p), (name + "_len", ctypes.c_size_t))]


class Document(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("data", ctypes.c_char_p), ("len", ctypes.c_size_t)]


class Param(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("value", ctypes.c_char_p)]


class Progress(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("stage", ctypes.c_int32),
        ("reserved", ctypes.c_int32),
        ("done", ctypes.c_int64),
        ("total", ctypes.c_int64),
    ] + _text_fields("rule_id")


PROGRESS_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(Progress))


class CheckerOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("rule_paths", ctypes.POINTER(ctypes.c_char_p)),
        ("rule_path_count", ctypes.c_size_t),
        ("rule_texts", ctypes.POINTER(Document)),
        ("rule_text_count", ctypes.c_size_t),
        ("profile", ctypes.c_char_p),
        ("language", ctypes.c_char_p),
        ("params", ctypes.POINTER(Param)),
        ("param_count", ctypes.c_size_t),
        ("waiver_paths", ctypes.POINTER(ctypes.c_char_p)),
        ("waiver_path_count", ctypes.c_size_t),
        ("waiver_texts", ctypes.POINTER(Document)),
        ("waiver_text_count", ctypes.c_size_t),
        ("progress", PROGRESS_FN),
        ("progress_context", ctypes.c_void_p),
        ("compile_threads", ctypes.c_int32),
    ]


class CheckOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("now_seconds", ctypes.c_int64),
        ("now_nanos", ctypes.c_int32),
        ("format", ctypes.c_int32),
        ("language", ctypes.c_char_p),
        ("dossier_name", ctypes.c_char_p),
        ("omit_passing_findings", ctypes.c_int32),
        ("record_timing", ctypes.c_int32),
        ("baseline", ctypes.POINTER(Document)),
        ("evidence_root", ctypes.c_char_p),
        ("only_rules", ctypes.POINTER(ctypes.c_char_p)),
        ("only_rule_count", ctypes.c_size_t),
        ("progress", PROGRESS_FN),
        ("progress_context", ctypes.c_void_p),
        ("max_evaluation_steps", ctypes.c_int64),
        ("time_limit_millis", ctypes.c_int64),
        ("max_input_bytes", ctypes.c_int64),
    ]


class Summary(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t)] + [
        (name, ctypes.c_int64)
        for name in ("pass_", "fail", "not_applicable", "error", "waived", "manual", "fail_critical", "fail_high",
                     "fail_medium", "fail_low", "fail_info", "in_baseline")
    ] + [("worst_failing_severity", ctypes.c_int32), ("worst_new_failing_severity", ctypes.c_int32)]


class Finding(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("status", ctypes.c_int32),
        ("severity", ctypes.c_int32),
    ] + _text_fields("rule_id", "subject", "subject_id", "title", "message", "remediation") + [
        ("reference_count", ctypes.c_size_t),
        ("in_baseline", ctypes.c_int32),
        ("reserved", ctypes.c_int32),
    ]


class Reference(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t)] + _text_fields("framework", "citation", "requirement", "text")


class Diagnostic(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("file", ctypes.c_char_p),
        ("line", ctypes.c_int32),
        ("column", ctypes.c_int32),
        ("field_path", ctypes.c_char_p),
        ("message", ctypes.c_char_p),
    ]


class EvalOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("now_seconds", ctypes.c_int64),
        ("now_nanos", ctypes.c_int32),
        ("dossier_format", ctypes.c_int32),
        ("dossier_data", ctypes.c_char_p),
        ("dossier_len", ctypes.c_size_t),
        ("dossier_name", ctypes.c_char_p),
        ("max_input_bytes", ctypes.c_int64),
    ]


class ConvertOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("name", ctypes.c_char_p),
        ("language", ctypes.c_char_p),
        ("allow_unknown_fields", ctypes.c_int32),
        ("max_input_bytes", ctypes.c_int64),
    ]


def new(structure):
    """An instance of `structure` as the header's `_init` function leaves it: zeros, its size, `now` current."""
    value = structure()
    value.struct_size = ctypes.sizeof(structure)
    if hasattr(value, "now_seconds"):
        value.now_seconds = NOW_CURRENT
    return value


_p = ctypes.c_void_p  # opaque handles and hdsc_error*
_pp = ctypes.POINTER(ctypes.c_void_p)
_size_p = ctypes.POINTER(ctypes.c_size_t)
_buffer_out = [_pp, _size_p]  # char** out, size_t* out_len
_bytes = [ctypes.c_char_p, ctypes.c_size_t]

# Every C function the package calls: (name, argtypes, restype).
FUNCTIONS = [
    ("hdsc_version_number", [], ctypes.c_uint),
    ("hdsc_version_string", [], ctypes.c_char_p),
    ("hdsc_abi_version", [], ctypes.c_uint),
    ("hdsc_error_code", [_p], ctypes.c_int),
    ("hdsc_error_message", [_p], ctypes.c_char_p),
    ("hdsc_error_free", [_p], None),
    ("hdsc_error_diagnostic_count", [_p], ctypes.c_size_t),
    ("hdsc_error_diagnostic", [ctypes.POINTER(Diagnostic), _p, ctypes.c_size_t], _p),
    ("hdsc_code_name", [ctypes.c_int], ctypes.c_char_p),
    ("hdsc_free", [_p], None),
    ("hdsc_checker_new", [_pp, ctypes.POINTER(CheckerOptions)], _p),
    ("hdsc_checker_free", [_p], None),
    ("hdsc_checker_rule_count", [_p], ctypes.c_size_t),
    ("hdsc_checker_packs_digest", [_p], ctypes.c_char_p),
    ("hdsc_checker_check", [_pp, _p] + _bytes + [ctypes.POINTER(CheckOptions)], _p),
    ("hdsc_checker_check_file", [_pp, _p, ctypes.c_char_p, ctypes.POINTER(CheckOptions)], _p),
    ("hdsc_report_free", [_p], None),
    ("hdsc_report_summary", [ctypes.POINTER(Summary), _p], _p),
    ("hdsc_report_has_failure", [_p, ctypes.c_int], ctypes.c_int),
    ("hdsc_report_finding_count", [_p], ctypes.c_size_t),
    ("hdsc_report_finding", [ctypes.POINTER(Finding), _p, ctypes.c_size_t], _p),
    ("hdsc_report_finding_reference", [ctypes.POINTER(Reference), _p, ctypes.c_size_t, ctypes.c_size_t], _p),
    ("hdsc_report_render", _buffer_out + [_p, ctypes.c_int, ctypes.c_uint], _p),
    ("hdsc_render_format_parse", [ctypes.POINTER(ctypes.c_int), ctypes.c_char_p], _p),
    ("hdsc_render_format_name", [ctypes.c_int], ctypes.c_char_p),
    ("hdsc_report_sign", _buffer_out + _bytes + _bytes, _p),
    ("hdsc_report_verify", _bytes + _bytes + _bytes, _p),
    ("hdsc_report_diff", _buffer_out + [ctypes.POINTER(Document), ctypes.POINTER(Document)], _p),
    ("hdsc_evidence_hash", _buffer_out + [ctypes.c_char_p], _p),
    ("hdsc_dossier_validate", [_pp] + _bytes + [ctypes.c_int, ctypes.c_char_p], _p),
    ("hdsc_dossier_validate_file", [_pp, ctypes.c_char_p, ctypes.c_int], _p),
    ("hdsc_dossier_init", _buffer_out + [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int], _p),
    ("hdsc_diagnostics_count", [_p], ctypes.c_size_t),
    ("hdsc_diagnostics_get", [ctypes.POINTER(Diagnostic), _p, ctypes.c_size_t], _p),
    ("hdsc_diagnostics_free", [_p], None),
    ("hdsc_eval", _buffer_out + _bytes + [ctypes.POINTER(EvalOptions)], _p),
    ("hdsc_dossier_convert", _buffer_out + [_pp] + _bytes + [ctypes.c_int, ctypes.c_int, ctypes.POINTER(ConvertOptions)],
     _p),
]


def _candidates() -> List[str]:
    """Where to look for the library, in order."""
    explicit = os.environ.get("HDSC_LIBRARY")
    if explicit:
        return [explicit]
    here = os.path.dirname(os.path.abspath(__file__))
    found = [os.path.join(here, name) for name in _LIBRARY_NAMES if os.path.exists(os.path.join(here, name))]
    system = ctypes.util.find_library("hdsc")
    return found + ([system] if system else []) + list(_LIBRARY_NAMES)


def load() -> Any:
    """Loads libhdsc, declares every function of FUNCTIONS, and checks its ABI version. Raises ImportError."""
    errors = []
    library: Optional[ctypes.CDLL] = None
    for candidate in _candidates():
        try:
            library = ctypes.CDLL(candidate)
            break
        except OSError as error:
            errors.append(str(error))
    if library is None:
        raise ImportError(
            "hdsc: cannot load libhdsc (set HDSC_LIBRARY to the path of libhdsc.so.2, or put it next to the hdsc "
            "package or on the library path): " + "; ".join(errors))
    for name, argtypes, restype in FUNCTIONS:
        try:
            function = getattr(library, name)
        except AttributeError:
            raise ImportError(
                f"hdsc: {library._name} has no function {name}: it is older than this package "
                f"(needs release >= {MIN_VERSION_NUMBER} with ABI {ABI_VERSION})") from None
        function.argtypes = argtypes
        function.restype = restype
    abi = library.hdsc_abi_version()
    if abi != ABI_VERSION:
        raise ImportError(f"hdsc: {library._name} has ABI version {abi}; this package needs ABI {ABI_VERSION}")
    number = library.hdsc_version_number()
    if number < MIN_VERSION_NUMBER:
        raise ImportError(f"hdsc: {library._name} is release {number}; this package needs >= {MIN_VERSION_NUMBER}")
    return library


def string_at(pointer: Optional[int], length: int) -> str:
    """The UTF-8 string of `length` bytes at `pointer` (a borrowed view into a report)."""
    if not pointer or length == 0:
        return ""
    return ctypes.string_at(pointer, length).decode("utf-8", errors="replace")
