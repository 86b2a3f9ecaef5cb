// The C interface of capi/hdsc.h over the public C++ API (lib/api/hdsc.h): every entry point converts its arguments,
// calls that API, catches everything, and hands out only opaque handles and malloc'ed buffers.
#include "capi/hdsc.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "lib/api/hdsc.h"

struct hdsc_error {
  int code;
  std::string message;
  std::vector<hdsc::Diagnostic> diagnostics;
};

struct hdsc_checker {
  std::unique_ptr<hdsc::Checker> checker;
  std::string packs_digest;
};

struct hdsc_report {
  hdsc::Result result;
  // Every finding in report order, and those built so far: a finding's strings must live as long as the report
  // once read, and findings kept compactly are built only when read.
  std::optional<hdsc::base::ReportFindings> findings;
  mutable std::mutex built_mutex;
  mutable absl::flat_hash_map<size_t, std::unique_ptr<hdsc::v1::Finding>> built;

  const hdsc::v1::Finding& Finding(size_t index) const {
    std::lock_guard<std::mutex> lock(built_mutex);
    std::unique_ptr<hdsc::v1::Finding>& slot = built[index];
    if (slot == nullptr) slot = std::make_unique<hdsc::v1::Finding>();
    const hdsc::v1::Finding& finding = findings->Get(index, slot.get());
    if (&finding != slot.get()) built.erase(index);  // the report's own
    return finding;
  }
};

struct hdsc_diagnostics {
  std::vector<hdsc::Diagnostic> items;
};

namespace hdsc::capi {
namespace {

// The C enumerations mirror absl::StatusCode and the report's enumerations value for value.
static_assert(HDSC_ERROR_INVALID_ARGUMENT == static_cast<int>(absl::StatusCode::kInvalidArgument));
static_assert(HDSC_ERROR_NOT_FOUND == static_cast<int>(absl::StatusCode::kNotFound));
static_assert(HDSC_ERROR_RESOURCE_EXHAUSTED == static_cast<int>(absl::StatusCode::kResourceExhausted));
static_assert(HDSC_ERROR_OUT_OF_RANGE == static_cast<int>(absl::StatusCode::kOutOfRange));
static_assert(HDSC_ERROR_INTERNAL == static_cast<int>(absl::StatusCode::kInternal));
static_assert(HDSC_ERROR_UNAUTHENTICATED == static_cast<int>(absl::StatusCode::kUnauthenticated));
static_assert(HDSC_STATUS_MANUAL == static_cast<int>(v1::Finding::MANUAL));
static_assert(HDSC_SEVERITY_CRITICAL == static_cast<int>(v1::Rule::CRITICAL));
static_assert(HDSC_VERSION_NUMBER == 200 && std::string_view(HDSC_VERSION_STRING) == hdsc::kVersion &&
                  HDSC_ABI_VERSION == hdsc::kAbiVersion,
              "capi/hdsc.h and lib/api/hdsc.h describe the same release and ABI");

// Returned when even an error object cannot be allocated; `hdsc_error_free` leaves it alone.
hdsc_error out_of_memory_error = {HDSC_ERROR_RESOURCE_EXHAUSTED, "out of memory", {}};

// The message on one line: a multi-line status joins its lines with "; ".
std::string OneLine(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  std::string line;
  line.reserve(text.size());
  for (char c : text) {
    if (c == '\n') {
      line += "; ";
    } else if (c != '\r') {
      line += c;
    }
  }
  return line;
}

hdsc_error* MakeError(int code, std::string_view message, std::vector<Diagnostic> diagnostics = {}) {
  try {
    return new hdsc_error{code, OneLine(message), std::move(diagnostics)};
  } catch (...) {
    return &out_of_memory_error;
  }
}

hdsc_error* FromStatus(const absl::Status& status) {
  if (status.ok()) return nullptr;
  return MakeError(static_cast<int>(status.code()), std::string_view(status.message().data(), status.message().size()),
                   DiagnosticsOf(status));
}

hdsc_error* InvalidArgument(std::string_view message) { return MakeError(HDSC_ERROR_INVALID_ARGUMENT, message); }

hdsc_error* OutOfRange(const char* function, size_t index, size_t count, const char* what) {
  return MakeError(HDSC_ERROR_OUT_OF_RANGE, absl::StrCat(function, ": index ", index, " is past the ", count, " ", what));
}

// Runs `body` so that nothing thrown inside it crosses the C interface.
template <typename Body>
hdsc_error* Guard(const char* function, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return &out_of_memory_error;
  } catch (const std::exception& e) {
    return MakeError(HDSC_ERROR_INTERNAL, absl::StrCat(function, ": unexpected failure: ", e.what()));
  } catch (...) {
    return MakeError(HDSC_ERROR_INTERNAL, absl::StrCat(function, ": unexpected failure"));
  }
}

// Where each field of an options struct ends: the sizes an older header's struct can have. A struct_size between
// two of them would have the library read part of a field (half a pointer), so it is refused.
#define HDSC_FIELD_END(type, field) (offsetof(type, field) + sizeof(type::field))
template <typename T>
std::vector<size_t> FieldEnds();
template <>
std::vector<size_t> FieldEnds<hdsc_checker_options>() {
  using T = hdsc_checker_options;
  return {HDSC_FIELD_END(T, struct_size),      HDSC_FIELD_END(T, rule_paths),
          HDSC_FIELD_END(T, rule_path_count),  HDSC_FIELD_END(T, rule_texts),
          HDSC_FIELD_END(T, rule_text_count),  HDSC_FIELD_END(T, profile),
          HDSC_FIELD_END(T, language),         HDSC_FIELD_END(T, params),
          HDSC_FIELD_END(T, param_count),      HDSC_FIELD_END(T, waiver_paths),
          HDSC_FIELD_END(T, waiver_path_count), HDSC_FIELD_END(T, waiver_texts),
          HDSC_FIELD_END(T, waiver_text_count), HDSC_FIELD_END(T, progress),
          HDSC_FIELD_END(T, progress_context), HDSC_FIELD_END(T, compile_threads)};
}
template <>
std::vector<size_t> FieldEnds<hdsc_check_options>() {
  using T = hdsc_check_options;
  return {HDSC_FIELD_END(T, struct_size),     HDSC_FIELD_END(T, now_seconds),
          HDSC_FIELD_END(T, now_nanos),       HDSC_FIELD_END(T, format),
          HDSC_FIELD_END(T, language),        HDSC_FIELD_END(T, dossier_name),
          HDSC_FIELD_END(T, omit_passing_findings), HDSC_FIELD_END(T, record_timing),
          HDSC_FIELD_END(T, baseline),        HDSC_FIELD_END(T, evidence_root),
          HDSC_FIELD_END(T, only_rules),      HDSC_FIELD_END(T, only_rule_count),
          HDSC_FIELD_END(T, progress),        HDSC_FIELD_END(T, progress_context),
          HDSC_FIELD_END(T, max_evaluation_steps), HDSC_FIELD_END(T, time_limit_millis),
          HDSC_FIELD_END(T, max_input_bytes)};
}
template <>
std::vector<size_t> FieldEnds<hdsc_convert_options>() {
  using T = hdsc_convert_options;
  return {HDSC_FIELD_END(T, struct_size), HDSC_FIELD_END(T, name), HDSC_FIELD_END(T, language),
          HDSC_FIELD_END(T, allow_unknown_fields), HDSC_FIELD_END(T, max_input_bytes)};
}
template <>
std::vector<size_t> FieldEnds<hdsc_eval_options>() {
  using T = hdsc_eval_options;
  return {HDSC_FIELD_END(T, struct_size),    HDSC_FIELD_END(T, now_seconds),  HDSC_FIELD_END(T, now_nanos),
          HDSC_FIELD_END(T, dossier_format), HDSC_FIELD_END(T, dossier_data), HDSC_FIELD_END(T, dossier_len),
          HDSC_FIELD_END(T, dossier_name),   HDSC_FIELD_END(T, max_input_bytes)};
}
#undef HDSC_FIELD_END

// The growth rule for structs read from the caller: `defaults` overwritten by the `given->struct_size` bytes the
// caller has. A larger struct, from a newer header, is accepted when the fields this library does not know are zero;
// a shorter one, from an older header, must end where one of its fields ends.
template <typename T>
absl::Status ReadStruct(const T* given, T* defaults, const char* function, const char* type) {
  const size_t size = given->struct_size;
  if (size < sizeof(size_t)) {
    return absl::InvalidArgumentError(absl::StrCat(function, ": ", type, ".struct_size ", size,
                                                   " is too small; initialise it with ", type, "_init"));
  }
  if (size < sizeof(T)) {
    const std::vector<size_t> ends = FieldEnds<T>();
    // An older struct's sizeof is its last field's end rounded up to the alignment; the padding never reaches
    // into the middle of a field, which would be aligned.
    const bool at_a_field_end = std::any_of(ends.begin(), ends.end(), [&](size_t end) {
      return size == end || size == (end + alignof(T) - 1) / alignof(T) * alignof(T);
    });
    if (!at_a_field_end) {
      return absl::InvalidArgumentError(absl::StrCat(function, ": ", type, ".struct_size ", size,
                                                     " does not end at a field of any version of ", type,
                                                     "; initialise it with ", type, "_init"));
    }
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(given);
  for (size_t offset = sizeof(T); offset < size; ++offset) {
    if (bytes[offset] != 0) {
      return absl::InvalidArgumentError(absl::StrCat(function, ": ", type, " sets a field at offset ", offset,
                                                     " that this library (", HDSC_VERSION_STRING,
                                                     ") does not know; leave it zero or use a newer library"));
    }
  }
  std::memcpy(defaults, given, std::min(size, sizeof(T)));
  defaults->struct_size = sizeof(T);
  return absl::OkStatus();
}

// The growth rule for structs written to the caller: `value`, up to the caller's `out->struct_size`.
template <typename T>
hdsc_error* WriteStruct(T* out, T value, const char* function, const char* type) {
  const size_t size = out->struct_size;
  if (size < sizeof(size_t)) {
    return InvalidArgument(absl::StrCat(function, ": ", type, ".struct_size ", size,
                                        " is too small; initialise it with ", type, "_init"));
  }
  value.struct_size = size;
  std::memcpy(out, &value, std::min(size, sizeof(T)));
  return nullptr;
}

// `text` or "" when NULL.
std::string OrEmpty(const char* text) { return text == nullptr ? std::string() : std::string(text); }

// No buffer a process holds comes near this; a larger length is a caller's bug (a failed read's -1 as size_t),
// refused before a byte is read. Dossiers are then held to the options' max_input_bytes.
constexpr size_t kMaxLength = (size_t{1} << 62) - 1;

// The `len` bytes at `data` (`what` names them in messages), checked before anything reads them.
absl::StatusOr<std::string_view> Bytes(const char* data, size_t len, const char* function, const char* what) {
  if (len == 0) return std::string_view();
  if (data == nullptr) return absl::InvalidArgumentError(absl::StrCat(function, ": ", what, " is NULL"));
  if (len > kMaxLength) {
    return absl::ResourceExhaustedError(absl::StrCat(function, ": ", what, " length ", len,
                                                     " is more than this library accepts (", kMaxLength, " bytes)"));
  }
  return std::string_view(data, len);
}

// A malloc'ed NUL-terminated copy of `text`, for `hdsc_free`.
hdsc_error* CopyOut(std::string_view text, char** out, size_t* out_len) {
  char* buffer = static_cast<char*>(std::malloc(text.size() + 1));
  if (buffer == nullptr) return &out_of_memory_error;
  if (!text.empty()) std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  *out = buffer;
  if (out_len != nullptr) *out_len = text.size();
  return nullptr;
}

// Clears the outputs of a function returning a buffer; INVALID_ARGUMENT when `out` is NULL.
hdsc_error* StartBufferOutput(char** out, size_t* out_len, const char* function) {
  if (out == nullptr) return InvalidArgument(absl::StrCat(function, ": out is NULL"));
  *out = nullptr;
  if (out_len != nullptr) *out_len = 0;
  return nullptr;
}

hdsc_error* CopyOutOrError(const absl::StatusOr<std::string>& text, char** out, size_t* out_len) {
  if (!text.ok()) return FromStatus(text.status());
  return CopyOut(std::string_view(*text), out, out_len);
}

absl::StatusOr<std::optional<absl::Time>> TimeFrom(int64_t seconds, int32_t nanos, const char* function) {
  if (seconds == HDSC_NOW_CURRENT) return std::optional<absl::Time>();
  if (nanos < 0 || nanos > 999'999'999) {
    return absl::InvalidArgumentError(absl::StrCat(function, ": now_nanos ", nanos, " is outside 0..999999999"));
  }
  return std::optional<absl::Time>(absl::FromUnixSeconds(seconds) + absl::Nanoseconds(nanos));
}

absl::StatusOr<DossierFormat> DossierFormatFrom(int format, const char* function) {
  switch (format) {
    case HDSC_DOSSIER_FORMAT_AUTO: return DossierFormat::kAuto;
    case HDSC_DOSSIER_FORMAT_JSON: return DossierFormat::kJson;
    case HDSC_DOSSIER_FORMAT_TEXTPROTO: return DossierFormat::kTextproto;
    case HDSC_DOSSIER_FORMAT_BINARY: return DossierFormat::kBinary;
    case HDSC_DOSSIER_FORMAT_XLSX: return DossierFormat::kXlsx;
    case HDSC_DOSSIER_FORMAT_ODS: return DossierFormat::kOds;
    default: break;
  }
  return absl::InvalidArgumentError(absl::StrCat(function, ": unknown dossier format ", format));
}

absl::StatusOr<ReportFormat> RenderFormatFrom(int format) {
  switch (format) {
    case HDSC_RENDER_JSON: return ReportFormat::kJson;
    case HDSC_RENDER_TEXT: return ReportFormat::kText;
    case HDSC_RENDER_SARIF: return ReportFormat::kSarif;
    case HDSC_RENDER_JUNIT: return ReportFormat::kJunit;
    case HDSC_RENDER_HTML: return ReportFormat::kHtml;
    case HDSC_RENDER_OSCAL: return ReportFormat::kOscal;
    case HDSC_RENDER_MARKDOWN: return ReportFormat::kMarkdown;
    default: break;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown render format ", format));
}

int RenderFormatTo(ReportFormat format) {
  for (int value = HDSC_RENDER_JSON; value <= HDSC_RENDER_MARKDOWN; ++value) {
    if (absl::StatusOr<ReportFormat> known = RenderFormatFrom(value); known.ok() && *known == format) return value;
  }
  return 0;
}

// `count` items of `items`, each required not NULL; `what` names the array in messages.
absl::StatusOr<std::vector<std::string>> Strings(const char* const* items, size_t count, const char* function,
                                                 const char* what) {
  std::vector<std::string> strings;
  if (count == 0) return strings;
  if (items == nullptr) return absl::InvalidArgumentError(absl::StrCat(function, ": ", what, " is NULL"));
  for (size_t i = 0; i < count; ++i) {
    if (items[i] == nullptr) return absl::InvalidArgumentError(absl::StrCat(function, ": ", what, "[", i, "] is NULL"));
    strings.emplace_back(items[i]);
  }
  return strings;
}

absl::StatusOr<Document> DocumentFrom(const hdsc_document& document, const char* function, const char* what) {
  absl::StatusOr<std::string_view> data = Bytes(document.data, document.len, function, what);
  if (!data.ok()) return data.status();
  return Document{document.name == nullptr || *document.name == '\0' ? "document" : document.name,
                  std::string(*data)};
}

absl::StatusOr<std::vector<Document>> Documents(const hdsc_document* items, size_t count, const char* function,
                                                const char* what) {
  std::vector<Document> documents;
  if (count == 0) return documents;
  if (items == nullptr) return absl::InvalidArgumentError(absl::StrCat(function, ": ", what, " is NULL"));
  for (size_t i = 0; i < count; ++i) {
    const std::string item = absl::StrCat(what, "[", i, "].data");
    absl::StatusOr<Document> document = DocumentFrom(items[i], function, item.c_str());
    if (!document.ok()) return document.status();
    documents.push_back(*std::move(document));
  }
  return documents;
}

int32_t StageOf(Progress::Stage stage) {
  switch (stage) {
    case Progress::Stage::kLoading: return HDSC_STAGE_LOADING;
    case Progress::Stage::kChecking: return HDSC_STAGE_CHECKING;
    case Progress::Stage::kReadingPacks: return HDSC_STAGE_READING_PACKS;
    case Progress::Stage::kCompiling: return HDSC_STAGE_COMPILING;
  }
  return HDSC_STAGE_LOADING;
}

// The C++ progress callback calling the C one, or none.
std::function<bool(const Progress&)> ProgressFrom(hdsc_progress_fn callback, void* context) {
  if (callback == nullptr) return nullptr;
  return [callback, context](const Progress& progress) {
    hdsc_progress view;
    std::memset(&view, 0, sizeof view);
    view.struct_size = sizeof view;
    view.stage = StageOf(progress.stage);
    view.done = progress.done;
    view.total = progress.total;
    const std::string rule_id(progress.rule_id);
    view.rule_id = rule_id.c_str();
    view.rule_id_len = rule_id.size();
    return callback(context, &view) != 0;
  };
}

absl::StatusOr<CompileOptions> CompileOptionsFrom(const hdsc_checker_options& options) {
  constexpr char kFunction[] = "hdsc_checker_new";
  CompileOptions compile;
  absl::StatusOr<std::vector<std::string>> rule_paths =
      Strings(options.rule_paths, options.rule_path_count, kFunction, "rule_paths");
  if (!rule_paths.ok()) return rule_paths.status();
  compile.rule_paths = *std::move(rule_paths);
  absl::StatusOr<std::vector<Document>> rule_texts =
      Documents(options.rule_texts, options.rule_text_count, kFunction, "rule_texts");
  if (!rule_texts.ok()) return rule_texts.status();
  compile.rule_texts = *std::move(rule_texts);
  compile.profile = OrEmpty(options.profile);
  if (options.language != nullptr && *options.language != '\0') compile.language = options.language;
  if (options.param_count != 0 && options.params == nullptr) {
    return absl::InvalidArgumentError("hdsc_checker_new: params is NULL");
  }
  for (size_t i = 0; i < options.param_count; ++i) {
    if (options.params[i].name == nullptr || options.params[i].value == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("hdsc_checker_new: params[", i, "] has a NULL name or value"));
    }
    compile.params[options.params[i].name] = options.params[i].value;
  }
  absl::StatusOr<std::vector<std::string>> waiver_paths =
      Strings(options.waiver_paths, options.waiver_path_count, kFunction, "waiver_paths");
  if (!waiver_paths.ok()) return waiver_paths.status();
  compile.waiver_paths = *std::move(waiver_paths);
  absl::StatusOr<std::vector<Document>> waiver_texts =
      Documents(options.waiver_texts, options.waiver_text_count, kFunction, "waiver_texts");
  if (!waiver_texts.ok()) return waiver_texts.status();
  compile.waiver_texts = *std::move(waiver_texts);
  compile.progress = ProgressFrom(options.progress, options.progress_context);
  compile.compile_threads = options.compile_threads;
  return compile;
}

// Sets `load`'s input limit from a C `max_input_bytes` field: 0 keeps the default, a negative value is refused.
absl::Status MaxInputBytesFrom(int64_t max_input_bytes, const char* function, LoadOptions* load) {
  if (max_input_bytes < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(function, ": max_input_bytes is 0 (the default) or a number of bytes, not ", max_input_bytes));
  }
  if (max_input_bytes > 0) load->max_input_bytes = max_input_bytes;
  return absl::OkStatus();
}

// The C++ options of a check, and the format the dossier is read in.
struct CheckRequest {
  CheckOptions options;
  DossierFormat format = DossierFormat::kAuto;
  std::string name;
};

absl::StatusOr<CheckRequest> CheckRequestFrom(const hdsc_check_options* given, const char* function) {
  hdsc_check_options options;
  hdsc_check_options_init(&options);
  if (given != nullptr) {
    absl::Status read = ReadStruct(given, &options, function, "hdsc_check_options");
    if (!read.ok()) return read;
  }
  CheckRequest request;
  absl::StatusOr<std::optional<absl::Time>> now = TimeFrom(options.now_seconds, options.now_nanos, function);
  if (!now.ok()) return now.status();
  request.options.now = *now;
  absl::StatusOr<DossierFormat> format = DossierFormatFrom(options.format, function);
  if (!format.ok()) return format.status();
  request.format = *format;
  request.name = OrEmpty(options.dossier_name);
  request.options.language = OrEmpty(options.language);
  request.options.keep_passing_findings = options.omit_passing_findings == 0;
  request.options.record_timing = options.record_timing != 0;
  if (options.baseline != nullptr) {
    absl::StatusOr<Document> baseline = DocumentFrom(*options.baseline, function, "baseline->data");
    if (!baseline.ok()) return baseline.status();
    request.options.baseline = *std::move(baseline);
  }
  request.options.evidence_root = OrEmpty(options.evidence_root);
  absl::StatusOr<std::vector<std::string>> only_rules =
      Strings(options.only_rules, options.only_rule_count, function, "only_rules");
  if (!only_rules.ok()) return only_rules.status();
  request.options.only_rules = *std::move(only_rules);
  if (options.max_evaluation_steps < 0 || options.time_limit_millis < 0) {
    return absl::InvalidArgumentError(absl::StrCat(function, ": max_evaluation_steps and time_limit_millis are ",
                                                   "0 (the default) or more"));
  }
  if (options.max_evaluation_steps > 0) request.options.max_evaluation_steps = options.max_evaluation_steps;
  if (absl::Status limit = MaxInputBytesFrom(options.max_input_bytes, function, &request.options.load); !limit.ok()) {
    return limit;
  }
  if (options.time_limit_millis > 0) request.options.time_limit = absl::Milliseconds(options.time_limit_millis);
  request.options.progress = ProgressFrom(options.progress, options.progress_context);
  return request;
}

// Checks `source` and hands out the report.
hdsc_error* RunCheck(hdsc_report** out, const hdsc_checker& checker, const DossierSource& source,
                     const CheckOptions& options) {
  absl::StatusOr<Result> result = checker.checker->Check(source, options);
  if (!result.ok()) return FromStatus(result.status());
  auto report = std::make_unique<hdsc_report>();
  report->result = *std::move(result);
  report->findings.emplace(report->result.Findings());
  *out = report.release();
  return nullptr;
}

hdsc_diagnostic DiagnosticView(const Diagnostic& item) {
  hdsc_diagnostic view;
  hdsc_diagnostic_init(&view);
  view.file = item.file.c_str();
  view.line = item.line;
  view.column = item.column;
  view.field_path = item.field_path.c_str();
  view.message = item.message.c_str();
  return view;
}

hdsc_error* ValidateSource(hdsc_diagnostics** out, const DossierSource& source) {
  absl::StatusOr<std::vector<Diagnostic>> problems = Validate(source);
  if (!problems.ok()) return FromStatus(problems.status());
  *out = new hdsc_diagnostics{*std::move(problems)};
  return nullptr;
}

}  // namespace
}  // namespace hdsc::capi

using hdsc::capi::CopyOut;
using hdsc::capi::FromStatus;
using hdsc::capi::Guard;
using hdsc::capi::InvalidArgument;
using hdsc::capi::StartBufferOutput;

extern "C" {

// Versions.

unsigned hdsc_version_number(void) { return HDSC_VERSION_NUMBER; }

const char* hdsc_version_string(void) { return HDSC_VERSION_STRING; }

unsigned hdsc_abi_version(void) { return HDSC_ABI_VERSION; }

// Errors and memory.

int hdsc_error_code(const hdsc_error* error) { return error == nullptr ? HDSC_OK : error->code; }

const char* hdsc_error_message(const hdsc_error* error) { return error == nullptr ? "" : error->message.c_str(); }

const char* hdsc_code_name(int code) {
  static const char* const kNames[] = {
      "OK",
      "CANCELLED",
      "UNKNOWN",
      "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED",
      "NOT_FOUND",
      "ALREADY_EXISTS",
      "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION",
      "ABORTED",
      "OUT_OF_RANGE",
      "UNIMPLEMENTED",
      "INTERNAL",
      "UNAVAILABLE",
      "DATA_LOSS",
      "UNAUTHENTICATED",
  };
  if (code < 0 || code >= static_cast<int>(sizeof(kNames) / sizeof(kNames[0]))) return "UNKNOWN";
  return kNames[code];
}

void hdsc_error_free(hdsc_error* error) {
  if (error != &hdsc::capi::out_of_memory_error) delete error;
}

void hdsc_free(void* buffer) { std::free(buffer); }

size_t hdsc_error_diagnostic_count(const hdsc_error* error) {
  return error == nullptr ? 0 : error->diagnostics.size();
}

hdsc_error* hdsc_error_diagnostic(hdsc_diagnostic* out, const hdsc_error* error, size_t index) {
  return Guard("hdsc_error_diagnostic", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_error_diagnostic: out is NULL");
    if (error == nullptr) return InvalidArgument("hdsc_error_diagnostic: error is NULL");
    if (index >= error->diagnostics.size()) {
      return hdsc::capi::OutOfRange("hdsc_error_diagnostic", index, error->diagnostics.size(), "diagnostics");
    }
    return hdsc::capi::WriteStruct(out, hdsc::capi::DiagnosticView(error->diagnostics[index]),
                                   "hdsc_error_diagnostic", "hdsc_diagnostic");
  });
}

// Checker.

hdsc_error* hdsc_checker_new(hdsc_checker** out, const hdsc_checker_options* given) {
  return Guard("hdsc_checker_new", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_checker_new: out is NULL");
    *out = nullptr;
    hdsc_checker_options options;
    hdsc_checker_options_init(&options);
    if (given != nullptr) {
      if (hdsc_error* error = FromStatus(
              hdsc::capi::ReadStruct(given, &options, "hdsc_checker_new", "hdsc_checker_options"))) {
        return error;
      }
    }
    absl::StatusOr<hdsc::CompileOptions> compile = hdsc::capi::CompileOptionsFrom(options);
    if (!compile.ok()) return FromStatus(compile.status());
    absl::StatusOr<std::unique_ptr<hdsc::Checker>> checker = hdsc::Checker::Compile(*compile);
    if (!checker.ok()) return FromStatus(checker.status());
    std::string digest = (*checker)->PacksDigest();
    *out = new hdsc_checker{*std::move(checker), std::move(digest)};
    return nullptr;
  });
}

void hdsc_checker_free(hdsc_checker* checker) { delete checker; }

size_t hdsc_checker_rule_count(const hdsc_checker* checker) {
  return checker == nullptr ? 0 : checker->checker->rule_count();
}

const char* hdsc_checker_packs_digest(const hdsc_checker* checker) {
  return checker == nullptr ? "" : checker->packs_digest.c_str();
}

// Checking.

hdsc_error* hdsc_checker_check(hdsc_report** out, const hdsc_checker* checker, const char* data, size_t len,
                               const hdsc_check_options* options) {
  return Guard("hdsc_checker_check", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_checker_check: out is NULL");
    *out = nullptr;
    if (checker == nullptr) return InvalidArgument("hdsc_checker_check: checker is NULL");
    absl::StatusOr<std::string_view> bytes = hdsc::capi::Bytes(data, len, "hdsc_checker_check", "data");
    if (!bytes.ok()) return FromStatus(bytes.status());
    absl::StatusOr<hdsc::capi::CheckRequest> request = hdsc::capi::CheckRequestFrom(options, "hdsc_checker_check");
    if (!request.ok()) return FromStatus(request.status());
    return hdsc::capi::RunCheck(out, *checker, hdsc::DossierSource::Bytes(*bytes, request->name, request->format),
                                request->options);
  });
}

hdsc_error* hdsc_checker_check_file(hdsc_report** out, const hdsc_checker* checker, const char* path,
                                    const hdsc_check_options* options) {
  return Guard("hdsc_checker_check_file", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_checker_check_file: out is NULL");
    *out = nullptr;
    if (checker == nullptr) return InvalidArgument("hdsc_checker_check_file: checker is NULL");
    if (path == nullptr) return InvalidArgument("hdsc_checker_check_file: path is NULL");
    absl::StatusOr<hdsc::capi::CheckRequest> request =
        hdsc::capi::CheckRequestFrom(options, "hdsc_checker_check_file");
    if (!request.ok()) return FromStatus(request.status());
    return hdsc::capi::RunCheck(out, *checker, hdsc::DossierSource::File(path, request->format), request->options);
  });
}

void hdsc_report_free(hdsc_report* report) { delete report; }

hdsc_error* hdsc_report_summary(hdsc_summary* out, const hdsc_report* report) {
  return Guard("hdsc_report_summary", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_report_summary: out is NULL");
    if (report == nullptr) return InvalidArgument("hdsc_report_summary: report is NULL");
    const hdsc::v1::Report& full = report->result.report;
    const hdsc::v1::Counts& counts = full.counts();
    hdsc_summary summary;
    hdsc_summary_init(&summary);
    summary.pass = counts.pass();
    summary.fail = counts.fail();
    summary.not_applicable = counts.not_applicable();
    summary.error = counts.error();
    summary.waived = counts.waived();
    summary.manual = counts.manual();
    summary.fail_critical = counts.fail_critical();
    summary.fail_high = counts.fail_high();
    summary.fail_medium = counts.fail_medium();
    summary.fail_low = counts.fail_low();
    summary.fail_info = counts.fail_info();
    report->findings->ForEachWithStatus(
        [](hdsc::v1::Finding::Status status) { return hdsc::report::IsFailure(status); },
        [&](const hdsc::v1::Finding& finding) {
          summary.worst_failing_severity = std::max<int32_t>(summary.worst_failing_severity, finding.severity());
          if (finding.in_baseline()) {
            ++summary.in_baseline;
          } else {
            summary.worst_new_failing_severity =
                std::max<int32_t>(summary.worst_new_failing_severity, finding.severity());
          }
        });
    return hdsc::capi::WriteStruct(out, summary, "hdsc_report_summary", "hdsc_summary");
  });
}

int hdsc_report_has_failure(const hdsc_report* report, int threshold) {
  if (report == nullptr) return 0;
  return report->result.HasFailureAtOrAbove(static_cast<hdsc::v1::Rule::Severity>(
             std::clamp(threshold, static_cast<int>(HDSC_SEVERITY_UNSPECIFIED), static_cast<int>(HDSC_SEVERITY_CRITICAL))))
             ? 1
             : 0;
}

size_t hdsc_report_finding_count(const hdsc_report* report) {
  return report == nullptr ? 0 : report->findings->size();
}

hdsc_error* hdsc_report_finding(hdsc_finding* out, const hdsc_report* report, size_t index) {
  return Guard("hdsc_report_finding", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_report_finding: out is NULL");
    if (report == nullptr) return InvalidArgument("hdsc_report_finding: report is NULL");
    const size_t count = hdsc_report_finding_count(report);
    if (index >= count) return hdsc::capi::OutOfRange("hdsc_report_finding", index, count, "findings");
    const hdsc::v1::Finding& finding = report->Finding(index);
    hdsc_finding view;
    hdsc_finding_init(&view);
    view.status = finding.status();
    view.severity = finding.severity();
    view.rule_id = finding.rule_id().c_str();
    view.rule_id_len = finding.rule_id().size();
    view.subject = finding.subject().c_str();
    view.subject_len = finding.subject().size();
    view.subject_id = finding.subject_id().c_str();
    view.subject_id_len = finding.subject_id().size();
    view.title = finding.title().c_str();
    view.title_len = finding.title().size();
    view.message = finding.message().c_str();
    view.message_len = finding.message().size();
    view.remediation = finding.remediation().c_str();
    view.remediation_len = finding.remediation().size();
    view.reference_count = static_cast<size_t>(finding.references_size());
    view.in_baseline = finding.in_baseline() ? 1 : 0;
    return hdsc::capi::WriteStruct(out, view, "hdsc_report_finding", "hdsc_finding");
  });
}

hdsc_error* hdsc_report_finding_reference(hdsc_reference* out, const hdsc_report* report, size_t finding_index,
                                          size_t reference_index) {
  return Guard("hdsc_report_finding_reference", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_report_finding_reference: out is NULL");
    if (report == nullptr) return InvalidArgument("hdsc_report_finding_reference: report is NULL");
    const size_t count = hdsc_report_finding_count(report);
    if (finding_index >= count) {
      return hdsc::capi::OutOfRange("hdsc_report_finding_reference", finding_index, count, "findings");
    }
    const hdsc::v1::Finding& finding = report->Finding(finding_index);
    if (reference_index >= static_cast<size_t>(finding.references_size())) {
      return hdsc::capi::OutOfRange("hdsc_report_finding_reference", reference_index,
                                    static_cast<size_t>(finding.references_size()), "references of the finding");
    }
    const hdsc::v1::Reference& reference = finding.references(static_cast<int>(reference_index));
    hdsc_reference view;
    hdsc_reference_init(&view);
    view.framework = reference.framework().c_str();
    view.framework_len = reference.framework().size();
    view.citation = reference.citation().c_str();
    view.citation_len = reference.citation().size();
    view.requirement = reference.requirement().c_str();
    view.requirement_len = reference.requirement().size();
    view.text = reference.text().c_str();
    view.text_len = reference.text().size();
    return hdsc::capi::WriteStruct(out, view, "hdsc_report_finding_reference", "hdsc_reference");
  });
}

hdsc_error* hdsc_report_render(char** out, size_t* out_len, const hdsc_report* report, int format, unsigned flags) {
  return Guard("hdsc_report_render", [&]() -> hdsc_error* {
    if (hdsc_error* error = StartBufferOutput(out, out_len, "hdsc_report_render")) return error;
    if (report == nullptr) return InvalidArgument("hdsc_report_render: report is NULL");
    const unsigned known_flags = HDSC_RENDER_VERBOSE | HDSC_RENDER_COLOR;
    if ((flags & ~known_flags) != 0) {
      return InvalidArgument(absl::StrCat("hdsc_report_render: unknown flags 0x", absl::Hex(flags & ~known_flags)));
    }
    absl::StatusOr<hdsc::ReportFormat> chosen = hdsc::capi::RenderFormatFrom(format);
    if (!chosen.ok()) return InvalidArgument(absl::StrCat("hdsc_report_render: ", chosen.status().message()));
    hdsc::RenderOptions options;
    options.verbose = (flags & HDSC_RENDER_VERBOSE) != 0;
    options.color = (flags & HDSC_RENDER_COLOR) != 0;
    return hdsc::capi::CopyOutOrError(hdsc::Render(report->result, *chosen, options), out, out_len);
  });
}

hdsc_error* hdsc_render_format_parse(int* out, const char* name) {
  return Guard("hdsc_render_format_parse", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_render_format_parse: out is NULL");
    *out = 0;
    if (name == nullptr) return InvalidArgument("hdsc_render_format_parse: name is NULL");
    absl::StatusOr<hdsc::ReportFormat> format = hdsc::ParseReportFormat(name);
    if (!format.ok()) return FromStatus(format.status());
    *out = hdsc::capi::RenderFormatTo(*format);
    return nullptr;
  });
}

const char* hdsc_render_format_name(int format) {
  absl::StatusOr<hdsc::ReportFormat> chosen = hdsc::capi::RenderFormatFrom(format);
  return chosen.ok() ? hdsc::ReportFormatName(*chosen).data() : "";
}

const char* hdsc_render_format_file_name(int format) {
  absl::StatusOr<hdsc::ReportFormat> chosen = hdsc::capi::RenderFormatFrom(format);
  return chosen.ok() ? hdsc::ReportFileName(*chosen).data() : "";
}

// Signing, comparing, hashing.

hdsc_error* hdsc_report_sign(char** out, size_t* out_len, const char* report, size_t report_len,
                             const char* private_key_pem, size_t private_key_len) {
  return Guard("hdsc_report_sign", [&]() -> hdsc_error* {
    if (hdsc_error* error = StartBufferOutput(out, out_len, "hdsc_report_sign")) return error;
    absl::StatusOr<std::string_view> bytes = hdsc::capi::Bytes(report, report_len, "hdsc_report_sign", "report");
    if (!bytes.ok()) return FromStatus(bytes.status());
    if (private_key_pem == nullptr) return InvalidArgument("hdsc_report_sign: private_key_pem is NULL");
    absl::StatusOr<std::string_view> key =
        hdsc::capi::Bytes(private_key_pem, private_key_len, "hdsc_report_sign", "private_key_pem");
    if (!key.ok()) return FromStatus(key.status());
    return hdsc::capi::CopyOutOrError(hdsc::SignReport(*bytes, *key), out, out_len);
  });
}

hdsc_error* hdsc_report_verify(const char* report, size_t report_len, const char* signature, size_t signature_len,
                               const char* public_key_pem, size_t public_key_len) {
  return Guard("hdsc_report_verify", [&]() -> hdsc_error* {
    if (signature == nullptr) return InvalidArgument("hdsc_report_verify: signature is NULL");
    if (public_key_pem == nullptr) return InvalidArgument("hdsc_report_verify: public_key_pem is NULL");
    absl::StatusOr<std::string_view> bytes = hdsc::capi::Bytes(report, report_len, "hdsc_report_verify", "report");
    absl::StatusOr<std::string_view> text =
        hdsc::capi::Bytes(signature, signature_len, "hdsc_report_verify", "signature");
    absl::StatusOr<std::string_view> key =
        hdsc::capi::Bytes(public_key_pem, public_key_len, "hdsc_report_verify", "public_key_pem");
    for (const absl::StatusOr<std::string_view>* each : {&bytes, &text, &key}) {
      if (!each->ok()) return FromStatus(each->status());
    }
    return FromStatus(hdsc::VerifyReport(*bytes, *text, *key));
  });
}

hdsc_error* hdsc_report_diff(char** out, size_t* out_len, const hdsc_document* old_report,
                             const hdsc_document* new_report) {
  return Guard("hdsc_report_diff", [&]() -> hdsc_error* {
    if (hdsc_error* error = StartBufferOutput(out, out_len, "hdsc_report_diff")) return error;
    if (old_report == nullptr || new_report == nullptr) return InvalidArgument("hdsc_report_diff: a report is NULL");
    absl::StatusOr<hdsc::Document> old_document =
        hdsc::capi::DocumentFrom(*old_report, "hdsc_report_diff", "old_report->data");
    if (!old_document.ok()) return FromStatus(old_document.status());
    absl::StatusOr<hdsc::Document> new_document =
        hdsc::capi::DocumentFrom(*new_report, "hdsc_report_diff", "new_report->data");
    if (!new_document.ok()) return FromStatus(new_document.status());
    absl::StatusOr<hdsc::v1::Report> parsed_old = hdsc::ParseReport(old_document->contents, old_document->name);
    if (!parsed_old.ok()) return FromStatus(parsed_old.status());
    absl::StatusOr<hdsc::v1::Report> parsed_new = hdsc::ParseReport(new_document->contents, new_document->name);
    if (!parsed_new.ok()) return FromStatus(parsed_new.status());
    return CopyOut(hdsc::RenderDiff(hdsc::DiffReports(*parsed_old, *parsed_new)), out, out_len);
  });
}

hdsc_error* hdsc_evidence_hash(char** out, size_t* out_len, const char* root) {
  return Guard("hdsc_evidence_hash", [&]() -> hdsc_error* {
    if (hdsc_error* error = StartBufferOutput(out, out_len, "hdsc_evidence_hash")) return error;
    if (root == nullptr) return InvalidArgument("hdsc_evidence_hash: root is NULL");
    absl::StatusOr<std::vector<hdsc::FileDigest>> digests = hdsc::HashEvidence(root);
    if (!digests.ok()) return FromStatus(digests.status());
    return CopyOut(hdsc::FileDigestsJson(*digests), out, out_len);
  });
}

// Validating.

hdsc_error* hdsc_dossier_validate(hdsc_diagnostics** out, const char* data, size_t len, int format,
                                  const char* name) {
  return Guard("hdsc_dossier_validate", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_dossier_validate: out is NULL");
    *out = nullptr;
    absl::StatusOr<std::string_view> bytes = hdsc::capi::Bytes(data, len, "hdsc_dossier_validate", "data");
    if (!bytes.ok()) return FromStatus(bytes.status());
    absl::StatusOr<hdsc::DossierFormat> chosen = hdsc::capi::DossierFormatFrom(format, "hdsc_dossier_validate");
    if (!chosen.ok()) return FromStatus(chosen.status());
    return hdsc::capi::ValidateSource(out, hdsc::DossierSource::Bytes(*bytes, hdsc::capi::OrEmpty(name), *chosen));
  });
}

hdsc_error* hdsc_dossier_validate_file(hdsc_diagnostics** out, const char* path, int format) {
  return Guard("hdsc_dossier_validate_file", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_dossier_validate_file: out is NULL");
    *out = nullptr;
    if (path == nullptr) return InvalidArgument("hdsc_dossier_validate_file: path is NULL");
    absl::StatusOr<hdsc::DossierFormat> chosen = hdsc::capi::DossierFormatFrom(format, "hdsc_dossier_validate_file");
    if (!chosen.ok()) return FromStatus(chosen.status());
    return hdsc::capi::ValidateSource(out, hdsc::DossierSource::File(path, *chosen));
  });
}

hdsc_error* hdsc_dossier_init(char** out, size_t* out_len, const char* profile, const char* language, int format) {
  return Guard("hdsc_dossier_init", [&]() -> hdsc_error* {
    if (hdsc_error* error = StartBufferOutput(out, out_len, "hdsc_dossier_init")) return error;
    if (profile == nullptr) return InvalidArgument("hdsc_dossier_init: profile is NULL");
    hdsc::InitOptions options;
    options.profile = profile;
    if (language != nullptr && *language != '\0') options.language = language;
    absl::StatusOr<hdsc::DossierFormat> chosen = hdsc::capi::DossierFormatFrom(format, "hdsc_dossier_init");
    if (!chosen.ok()) return FromStatus(chosen.status());
    options.format = *chosen;
    if ((options.format == hdsc::DossierFormat::kBinary || options.format == hdsc::DossierFormat::kXlsx ||
         options.format == hdsc::DossierFormat::kOds) &&
        out_len == nullptr) {
      return InvalidArgument("hdsc_dossier_init: out_len is NULL (a binary dossier may contain NUL bytes)");
    }
    return hdsc::capi::CopyOutOrError(hdsc::InitDossier(options), out, out_len);
  });
}

size_t hdsc_diagnostics_count(const hdsc_diagnostics* diagnostics) {
  return diagnostics == nullptr ? 0 : diagnostics->items.size();
}

hdsc_error* hdsc_diagnostics_get(hdsc_diagnostic* out, const hdsc_diagnostics* diagnostics, size_t index) {
  return Guard("hdsc_diagnostics_get", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_diagnostics_get: out is NULL");
    if (diagnostics == nullptr) return InvalidArgument("hdsc_diagnostics_get: diagnostics is NULL");
    if (index >= diagnostics->items.size()) {
      return hdsc::capi::OutOfRange("hdsc_diagnostics_get", index, diagnostics->items.size(), "diagnostics");
    }
    return hdsc::capi::WriteStruct(out, hdsc::capi::DiagnosticView(diagnostics->items[index]), "hdsc_diagnostics_get",
                                   "hdsc_diagnostic");
  });
}

hdsc_error* hdsc_diagnostics_render(char** out, size_t* out_len, const hdsc_diagnostics* diagnostics) {
  return Guard("hdsc_diagnostics_render", [&]() -> hdsc_error* {
    if (hdsc_error* error = StartBufferOutput(out, out_len, "hdsc_diagnostics_render")) return error;
    if (diagnostics == nullptr) return InvalidArgument("hdsc_diagnostics_render: diagnostics is NULL");
    std::string text;
    for (const hdsc::Diagnostic& item : diagnostics->items) absl::StrAppend(&text, item.ToString(), "\n");
    return CopyOut(text, out, out_len);
  });
}

void hdsc_diagnostics_free(hdsc_diagnostics* diagnostics) { delete diagnostics; }

// Converting.

hdsc_error* hdsc_dossier_convert(char** out, size_t* out_len, hdsc_diagnostics** warnings, const char* data,
                                 size_t len, int from_format, int to_format, const hdsc_convert_options* given) {
  constexpr const char* kFunction = "hdsc_dossier_convert";
  return Guard(kFunction, [&]() -> hdsc_error* {
    if (hdsc_error* error = StartBufferOutput(out, out_len, kFunction)) return error;
    if (warnings != nullptr) *warnings = nullptr;
    absl::StatusOr<std::string_view> bytes = hdsc::capi::Bytes(data, len, kFunction, "data");
    if (!bytes.ok()) return FromStatus(bytes.status());
    hdsc_convert_options options;
    hdsc_convert_options_init(&options);
    if (given != nullptr) {
      if (hdsc_error* error = FromStatus(hdsc::capi::ReadStruct(given, &options, kFunction, "hdsc_convert_options"))) {
        return error;
      }
    }
    absl::StatusOr<hdsc::DossierFormat> from = hdsc::capi::DossierFormatFrom(from_format, kFunction);
    if (!from.ok()) return FromStatus(from.status());
    absl::StatusOr<hdsc::DossierFormat> to = hdsc::capi::DossierFormatFrom(to_format, kFunction);
    if (!to.ok()) return FromStatus(to.status());
    if (*to == hdsc::DossierFormat::kAuto) return InvalidArgument("hdsc_dossier_convert: to_format is AUTO");
    if (out_len == nullptr && (*to == hdsc::DossierFormat::kXlsx || *to == hdsc::DossierFormat::kOds ||
                               *to == hdsc::DossierFormat::kBinary)) {
      return InvalidArgument("hdsc_dossier_convert: out_len is NULL, but the output is binary");
    }
    hdsc::ConvertOptions convert;
    const std::string language = hdsc::capi::OrEmpty(options.language);
    convert.language = language.empty() ? "en" : language;
    convert.load.allow_unknown_fields = options.allow_unknown_fields != 0;
    if (hdsc_error* error = FromStatus(
            hdsc::capi::MaxInputBytesFrom(options.max_input_bytes, kFunction, &convert.load))) {
      return error;
    }
    absl::StatusOr<hdsc::ConvertedDossier> converted = hdsc::ConvertDossier(
        hdsc::DossierSource::Bytes(*bytes, hdsc::capi::OrEmpty(options.name), *from), *to,
        convert);
    if (!converted.ok()) return FromStatus(converted.status());
    hdsc_diagnostics* found = warnings != nullptr ? new hdsc_diagnostics{std::move(converted->warnings)} : nullptr;
    if (hdsc_error* error = CopyOut(converted->bytes, out, out_len)) {
      hdsc_diagnostics_free(found);
      return error;
    }
    if (warnings != nullptr) *warnings = found;
    return nullptr;
  });
}

// Evaluating.

hdsc_error* hdsc_eval(char** out, size_t* out_len, const char* expression, size_t expression_len,
                      const hdsc_eval_options* given) {
  return Guard("hdsc_eval", [&]() -> hdsc_error* {
    if (hdsc_error* error = StartBufferOutput(out, out_len, "hdsc_eval")) return error;
    absl::StatusOr<std::string_view> source = hdsc::capi::Bytes(expression, expression_len, "hdsc_eval", "expression");
    if (!source.ok()) return FromStatus(source.status());
    hdsc_eval_options options;
    hdsc_eval_options_init(&options);
    if (given != nullptr) {
      if (hdsc_error* error = FromStatus(hdsc::capi::ReadStruct(given, &options, "hdsc_eval", "hdsc_eval_options"))) {
        return error;
      }
    }
    absl::StatusOr<std::string_view> dossier =
        hdsc::capi::Bytes(options.dossier_data, options.dossier_len, "hdsc_eval", "dossier_data");
    if (!dossier.ok()) return FromStatus(dossier.status());
    hdsc::EvalOptions eval;
    if (hdsc_error* error =
            FromStatus(hdsc::capi::MaxInputBytesFrom(options.max_input_bytes, "hdsc_eval", &eval.load))) {
      return error;
    }
    absl::StatusOr<std::optional<absl::Time>> now =
        hdsc::capi::TimeFrom(options.now_seconds, options.now_nanos, "hdsc_eval");
    if (!now.ok()) return FromStatus(now.status());
    eval.now = *now;
    if (options.dossier_data != nullptr) {
      absl::StatusOr<hdsc::DossierFormat> format = hdsc::capi::DossierFormatFrom(options.dossier_format, "hdsc_eval");
      if (!format.ok()) return FromStatus(format.status());
      eval.dossier = hdsc::DossierSource::Bytes(*dossier, hdsc::capi::OrEmpty(options.dossier_name), *format);
    }
    absl::StatusOr<hdsc::EvalResult> result = hdsc::Eval(*source, eval);
    if (!result.ok()) return FromStatus(result.status());
    if (!result->error.ok()) {
      return hdsc::capi::MakeError(static_cast<int>(result->error.code()),
                                   absl::StrCat("evaluation error: ", std::string(result->error.message())));
    }
    return CopyOut(result->literal, out, out_len);
  });
}

}  // extern "C"
