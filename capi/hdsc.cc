// The C interface of capi/hdsc.h over the C++ library: every entry point catches everything, converts
// absl::Status into `hdsc_error`, and hands out only opaque handles and malloc'ed buffers.
#include "capi/hdsc.h"

#include <time.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "lib/check/checker.h"
#include "lib/expr/cel.h"
#include "lib/io/diagnostic.h"
#include "lib/io/format.h"
#include "lib/io/load.h"
#include "lib/model/dossier.pb.h"
#include "lib/model/report.pb.h"
#include "lib/report/text.h"

struct hdsc_error {
  hdsc_code code;
  std::string message;
};

struct hdsc_checker {
  std::unique_ptr<hdsc::check::Checker> checker;
};

struct hdsc_report {
  hdsc::v1::Report report;
};

struct hdsc_diagnostics {
  std::vector<hdsc::io::Diagnostic> items;
};

namespace hdsc::capi {
namespace {

// Pinned here and in capi/hdsc_test.cc: the C enum mirrors absl::StatusCode value for value.
static_assert(HDSC_ERROR_INVALID_ARGUMENT == static_cast<int>(absl::StatusCode::kInvalidArgument));
static_assert(HDSC_ERROR_NOT_FOUND == static_cast<int>(absl::StatusCode::kNotFound));
static_assert(HDSC_ERROR_RESOURCE_EXHAUSTED == static_cast<int>(absl::StatusCode::kResourceExhausted));
static_assert(HDSC_ERROR_OUT_OF_RANGE == static_cast<int>(absl::StatusCode::kOutOfRange));
static_assert(HDSC_ERROR_INTERNAL == static_cast<int>(absl::StatusCode::kInternal));
static_assert(HDSC_ERROR_UNAUTHENTICATED == static_cast<int>(absl::StatusCode::kUnauthenticated));
static_assert(HDSC_STATUS_MANUAL == static_cast<int>(v1::Finding::MANUAL));
static_assert(HDSC_SEVERITY_CRITICAL == static_cast<int>(v1::Rule::CRITICAL));

constexpr char kDefaultDossierName[] = "dossier";

// Returned when even an error object cannot be allocated; `hdsc_error_free` leaves it alone.
hdsc_error out_of_memory_error = {HDSC_ERROR_RESOURCE_EXHAUSTED, "out of memory"};

// The message on one line: a multi-line status (compile errors list one problem per line) joins with "; ".
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

hdsc_error* MakeError(hdsc_code code, std::string_view message) {
  try {
    return new hdsc_error{code, OneLine(message)};
  } catch (...) {
    return &out_of_memory_error;
  }
}

hdsc_error* FromStatus(const absl::Status& status) {
  if (status.ok()) return nullptr;
  return MakeError(static_cast<hdsc_code>(status.code()), std::string_view(status.message().data(),
                                                                             status.message().size()));
}

hdsc_error* InvalidArgument(std::string_view message) { return MakeError(HDSC_ERROR_INVALID_ARGUMENT, message); }

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

// Refuses a `struct_size` that is not one this library knows. Every released size of a struct stays listed here
// when fields are appended, so that callers built against an older header keep working.
hdsc_error* CheckStructSize(size_t given, size_t current, const char* function, const char* type) {
  if (given == current) return nullptr;
  return InvalidArgument(absl::StrCat(function, ": unknown ", type, ".struct_size ", given, " (this library knows ",
                                      current, "); initialise it with ", type, "_init"));
}

// `text` or `fallback` when `text` is NULL or empty.
std::string OrDefault(const char* text, const char* fallback) {
  return text == nullptr || *text == '\0' ? std::string(fallback) : std::string(text);
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

absl::StatusOr<absl::Time> TimeFrom(int64_t seconds, int32_t nanos, const char* function) {
  if (nanos < 0 || nanos > 999'999'999) {
    return absl::InvalidArgumentError(
        absl::StrCat(function, ": now_nanos ", nanos, " is outside 0..999999999"));
  }
  return absl::FromUnixSeconds(seconds) + absl::Nanoseconds(nanos);
}

void CurrentTime(int64_t* seconds, int32_t* nanos) {
  const timespec now = absl::ToTimespec(absl::Now());
  *seconds = static_cast<int64_t>(now.tv_sec);
  *nanos = static_cast<int32_t>(now.tv_nsec);
}

// Whether `bytes` is UTF-8 text with no control characters besides tab, newline and carriage return: what a
// textproto dossier looks like and a binary one, whose tags and lengths are small bytes, almost never does.
bool LooksLikeText(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
      if (c == 0x7f) return false;
      ++i;
      continue;
    }
    size_t continuation = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      continuation = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      continuation = 2;
    } else if (c >= 0xf0 && c <= 0xf4) {
      continuation = 3;
    } else {
      return false;
    }
    if (bytes.size() - i <= continuation) return false;
    for (size_t k = 1; k <= continuation; ++k) {
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xc0) != 0x80) return false;
    }
    i += continuation + 1;
  }
  return true;
}

// The format of a dossier named `name` with content `bytes`: the requested one, else the name's extension, else a
// guess from the content.
absl::StatusOr<io::Format> ChooseFormat(hdsc_dossier_format requested, std::string_view name,
                                        std::string_view bytes, const char* function) {
  switch (requested) {
    case HDSC_DOSSIER_FORMAT_JSON:
      return io::Format::kJson;
    case HDSC_DOSSIER_FORMAT_TEXTPROTO:
      return io::Format::kTextproto;
    case HDSC_DOSSIER_FORMAT_BINARY:
      return io::Format::kBinary;
    case HDSC_DOSSIER_FORMAT_AUTO:
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(function, ": unknown dossier format ", static_cast<int>(requested)));
  }
  if (absl::StatusOr<io::Format> by_name = io::FormatFromPath(name); by_name.ok()) return *by_name;
  std::string_view content = bytes;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  while (!content.empty() && (content.front() == ' ' || content.front() == '\t' || content.front() == '\n' ||
                              content.front() == '\r')) {
    content.remove_prefix(1);
  }
  if (!content.empty() && content.front() == '{') return io::Format::kJson;
  return LooksLikeText(bytes) ? io::Format::kTextproto : io::Format::kBinary;
}

std::string_view BytesView(const char* data, size_t len) {
  return len == 0 ? std::string_view() : std::string_view(data, len);
}

// Loads a dossier handed to the C interface, as `io::LoadDossier` does.
absl::StatusOr<io::LoadedDossier> LoadBytes(std::string_view bytes, hdsc_dossier_format format,
                                            const std::string& name, const char* function) {
  absl::StatusOr<io::Format> chosen = ChooseFormat(format, name, bytes, function);
  if (!chosen.ok()) return chosen.status();
  io::LoadOptions options;
  options.format = *chosen;
  return io::LoadDossier(bytes, name, options);
}

// The first problem of an invalid dossier and how many there are, as one line.
absl::Status InvalidDossier(const std::vector<io::Diagnostic>& diagnostics) {
  std::string message = diagnostics.front().ToString();
  if (diagnostics.size() > 1) absl::StrAppend(&message, " (and ", diagnostics.size() - 1, " more problems)");
  return absl::InvalidArgumentError(message);
}

// A loaded, valid dossier, or the reason there is none.
absl::StatusOr<io::LoadedDossier> LoadValid(std::string_view bytes, hdsc_dossier_format format,
                                            const std::string& name, const char* function) {
  absl::StatusOr<io::LoadedDossier> loaded = LoadBytes(bytes, format, name, function);
  if (!loaded.ok()) return loaded.status();
  if (!loaded->valid()) return InvalidDossier(loaded->diagnostics);
  return loaded;
}

}  // namespace
}  // namespace hdsc::capi

using hdsc::capi::CheckStructSize;
using hdsc::capi::CopyOut;
using hdsc::capi::FromStatus;
using hdsc::capi::Guard;
using hdsc::capi::InvalidArgument;

extern "C" {

// Versions.

unsigned hdsc_version_number(void) { return HDSC_VERSION_NUMBER; }

const char* hdsc_version_string(void) { return HDSC_VERSION_STRING; }

unsigned hdsc_abi_version(void) { return HDSC_ABI_VERSION; }

// Errors and memory.

hdsc_code hdsc_error_code(const hdsc_error* error) { return error == nullptr ? HDSC_OK : error->code; }

const char* hdsc_error_message(const hdsc_error* error) { return error == nullptr ? "" : error->message.c_str(); }

const char* hdsc_code_name(hdsc_code code) {
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
  const int index = static_cast<int>(code);
  if (index < 0 || index >= static_cast<int>(sizeof(kNames) / sizeof(kNames[0]))) return "UNKNOWN";
  return kNames[index];
}

void hdsc_error_free(hdsc_error* error) {
  if (error != &hdsc::capi::out_of_memory_error) delete error;
}

void hdsc_free(void* buffer) { std::free(buffer); }

// Checker.

void hdsc_checker_options_init(hdsc_checker_options* options) {
  if (options == nullptr) return;
  *options = hdsc_checker_options{};
  options->struct_size = sizeof(hdsc_checker_options);
}

hdsc_error* hdsc_checker_new(hdsc_checker** out, const hdsc_checker_options* options) {
  return Guard("hdsc_checker_new", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_checker_new: out is NULL");
    *out = nullptr;
    if (options == nullptr) return InvalidArgument("hdsc_checker_new: options is NULL");
    if (hdsc_error* error = CheckStructSize(options->struct_size, sizeof(hdsc_checker_options), "hdsc_checker_new",
                                            "hdsc_checker_options")) {
      return error;
    }
    if (options->rule_path_count == 0) {
      return InvalidArgument("hdsc_checker_new: no rule path (set rule_paths and rule_path_count)");
    }
    if (options->rule_paths == nullptr) return InvalidArgument("hdsc_checker_new: rule_paths is NULL");
    hdsc::check::CheckerOptions checker_options;
    for (size_t i = 0; i < options->rule_path_count; ++i) {
      if (options->rule_paths[i] == nullptr) {
        return InvalidArgument(absl::StrCat("hdsc_checker_new: rule_paths[", i, "] is NULL"));
      }
      checker_options.rule_paths.push_back(options->rule_paths[i]);
    }
    checker_options.profile = hdsc::capi::OrDefault(options->profile, "");
    checker_options.language = hdsc::capi::OrDefault(options->language, "en");
    std::vector<hdsc::io::Diagnostic> problems;
    absl::StatusOr<std::unique_ptr<hdsc::check::Checker>> checker =
        hdsc::check::Checker::Create(checker_options, &problems);
    if (!checker.ok()) {
      if (problems.size() > 1) {
        return FromStatus(absl::Status(checker.status().code(),
                                       absl::StrCat(problems.size(), " problems in the rule packs; the first: ",
                                                    problems.front().ToString())));
      }
      return FromStatus(checker.status());
    }
    *out = new hdsc_checker{*std::move(checker)};
    return nullptr;
  });
}

void hdsc_checker_free(hdsc_checker* checker) { delete checker; }

size_t hdsc_checker_rule_count(const hdsc_checker* checker) {
  return checker == nullptr ? 0 : checker->checker->selection().rules.size();
}

// Checking.

void hdsc_check_options_init(hdsc_check_options* options) {
  if (options == nullptr) return;
  *options = hdsc_check_options{};
  options->struct_size = sizeof(hdsc_check_options);
  hdsc::capi::CurrentTime(&options->now_seconds, &options->now_nanos);
  options->format = HDSC_DOSSIER_FORMAT_AUTO;
  options->keep_passing_findings = 1;
}

hdsc_error* hdsc_checker_check(hdsc_report** out, const hdsc_checker* checker, const char* data, size_t len,
                               const hdsc_check_options* options) {
  return Guard("hdsc_checker_check", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_checker_check: out is NULL");
    *out = nullptr;
    if (checker == nullptr) return InvalidArgument("hdsc_checker_check: checker is NULL");
    if (data == nullptr && len != 0) return InvalidArgument("hdsc_checker_check: data is NULL");
    hdsc_check_options defaults;
    if (options == nullptr) {
      hdsc_check_options_init(&defaults);
      options = &defaults;
    }
    if (hdsc_error* error = CheckStructSize(options->struct_size, sizeof(hdsc_check_options), "hdsc_checker_check",
                                            "hdsc_check_options")) {
      return error;
    }
    absl::StatusOr<absl::Time> now =
        hdsc::capi::TimeFrom(options->now_seconds, options->now_nanos, "hdsc_checker_check");
    if (!now.ok()) return FromStatus(now.status());
    const std::string name = hdsc::capi::OrDefault(options->dossier_name, hdsc::capi::kDefaultDossierName);
    const std::string_view bytes = hdsc::capi::BytesView(data, len);
    absl::StatusOr<hdsc::io::LoadedDossier> loaded =
        hdsc::capi::LoadValid(bytes, options->format, name, "hdsc_checker_check");
    if (!loaded.ok()) return FromStatus(loaded.status());

    hdsc::check::CheckOptions check_options;
    check_options.now = *now;
    check_options.language = hdsc::capi::OrDefault(options->language, "");
    check_options.dossier_path = name;
    check_options.dossier_bytes = bytes;
    check_options.keep_passing_findings = options->keep_passing_findings != 0;
    auto report = std::make_unique<hdsc_report>();
    absl::StatusOr<hdsc::v1::Report> checked = checker->checker->Check(loaded->dossier, check_options);
    if (!checked.ok()) return FromStatus(checked.status());
    report->report = *std::move(checked);
    *out = report.release();
    return nullptr;
  });
}

void hdsc_report_free(hdsc_report* report) { delete report; }

void hdsc_summary_init(hdsc_summary* summary) {
  if (summary == nullptr) return;
  *summary = hdsc_summary{};
  summary->struct_size = sizeof(hdsc_summary);
}

hdsc_error* hdsc_report_summary(hdsc_summary* out, const hdsc_report* report) {
  return Guard("hdsc_report_summary", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_report_summary: out is NULL");
    if (hdsc_error* error = CheckStructSize(out->struct_size, sizeof(hdsc_summary), "hdsc_report_summary",
                                            "hdsc_summary")) {
      return error;
    }
    if (report == nullptr) return InvalidArgument("hdsc_report_summary: report is NULL");
    const hdsc::v1::Counts& counts = report->report.counts();
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
    // FAIL and ERROR findings are always kept in the report, so the worst of them is found there.
    int worst = HDSC_SEVERITY_UNSPECIFIED;
    for (const hdsc::v1::Finding& finding : report->report.findings()) {
      if (finding.status() != hdsc::v1::Finding::FAIL && finding.status() != hdsc::v1::Finding::ERROR) continue;
      if (finding.severity() > worst) worst = finding.severity();
    }
    summary.worst_failing_severity = static_cast<hdsc_severity>(worst);
    *out = summary;
    return nullptr;
  });
}

size_t hdsc_report_finding_count(const hdsc_report* report) {
  return report == nullptr ? 0 : static_cast<size_t>(report->report.findings_size());
}

void hdsc_finding_init(hdsc_finding* finding) {
  if (finding == nullptr) return;
  *finding = hdsc_finding{};
  finding->struct_size = sizeof(hdsc_finding);
}

hdsc_error* hdsc_report_finding(hdsc_finding* out, const hdsc_report* report, size_t index) {
  return Guard("hdsc_report_finding", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_report_finding: out is NULL");
    if (hdsc_error* error = CheckStructSize(out->struct_size, sizeof(hdsc_finding), "hdsc_report_finding",
                                            "hdsc_finding")) {
      return error;
    }
    if (report == nullptr) return InvalidArgument("hdsc_report_finding: report is NULL");
    const size_t count = hdsc_report_finding_count(report);
    if (index >= count) {
      return hdsc::capi::MakeError(HDSC_ERROR_OUT_OF_RANGE,
                                   absl::StrCat("hdsc_report_finding: index ", index, " is past the ", count,
                                                " findings of the report"));
    }
    const hdsc::v1::Finding& finding = report->report.findings(static_cast<int>(index));
    hdsc_finding view;
    hdsc_finding_init(&view);
    view.status = static_cast<hdsc_status>(finding.status());
    view.severity = static_cast<hdsc_severity>(finding.severity());
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
    *out = view;
    return nullptr;
  });
}

hdsc_error* hdsc_report_render(char** out, size_t* out_len, const hdsc_report* report, hdsc_render_format format,
                               unsigned flags) {
  return Guard("hdsc_report_render", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_report_render: out is NULL");
    *out = nullptr;
    if (out_len != nullptr) *out_len = 0;
    if (report == nullptr) return InvalidArgument("hdsc_report_render: report is NULL");
    const unsigned known_flags = HDSC_RENDER_VERBOSE | HDSC_RENDER_COLOR;
    if ((flags & ~known_flags) != 0) {
      return InvalidArgument(absl::StrCat("hdsc_report_render: unknown flags 0x", absl::Hex(flags & ~known_flags)));
    }
    switch (format) {
      case HDSC_RENDER_JSON: {
        std::string json;
        google::protobuf::util::JsonPrintOptions json_options;
        json_options.add_whitespace = true;
        json_options.preserve_proto_field_names = true;
        const auto status = google::protobuf::util::MessageToJsonString(report->report, &json, json_options);
        if (!status.ok()) {
          return hdsc::capi::MakeError(HDSC_ERROR_INTERNAL,
                                       absl::StrCat("hdsc_report_render: cannot write the report as JSON: ",
                                                    std::string(status.message())));
        }
        return CopyOut(json, out, out_len);
      }
      case HDSC_RENDER_TEXT: {
        hdsc::report::TextOptions text_options;
        text_options.verbose = (flags & HDSC_RENDER_VERBOSE) != 0;
        text_options.color = (flags & HDSC_RENDER_COLOR) != 0;
        return CopyOut(hdsc::report::RenderText(report->report, text_options), out, out_len);
      }
    }
    return InvalidArgument(absl::StrCat("hdsc_report_render: unknown format ", static_cast<int>(format)));
  });
}

// Validating.

void hdsc_diagnostic_init(hdsc_diagnostic* diagnostic) {
  if (diagnostic == nullptr) return;
  *diagnostic = hdsc_diagnostic{};
  diagnostic->struct_size = sizeof(hdsc_diagnostic);
}

hdsc_error* hdsc_dossier_validate(hdsc_diagnostics** out, const char* data, size_t len, hdsc_dossier_format format,
                                  const char* name) {
  return Guard("hdsc_dossier_validate", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_dossier_validate: out is NULL");
    *out = nullptr;
    if (data == nullptr && len != 0) return InvalidArgument("hdsc_dossier_validate: data is NULL");
    absl::StatusOr<hdsc::io::LoadedDossier> loaded =
        hdsc::capi::LoadBytes(hdsc::capi::BytesView(data, len), format,
                              hdsc::capi::OrDefault(name, hdsc::capi::kDefaultDossierName), "hdsc_dossier_validate");
    if (!loaded.ok()) return FromStatus(loaded.status());
    *out = new hdsc_diagnostics{std::move(loaded->diagnostics)};
    return nullptr;
  });
}

size_t hdsc_diagnostics_count(const hdsc_diagnostics* diagnostics) {
  return diagnostics == nullptr ? 0 : diagnostics->items.size();
}

hdsc_error* hdsc_diagnostics_get(hdsc_diagnostic* out, const hdsc_diagnostics* diagnostics, size_t index) {
  return Guard("hdsc_diagnostics_get", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_diagnostics_get: out is NULL");
    if (hdsc_error* error = CheckStructSize(out->struct_size, sizeof(hdsc_diagnostic), "hdsc_diagnostics_get",
                                            "hdsc_diagnostic")) {
      return error;
    }
    if (diagnostics == nullptr) return InvalidArgument("hdsc_diagnostics_get: diagnostics is NULL");
    if (index >= diagnostics->items.size()) {
      return hdsc::capi::MakeError(HDSC_ERROR_OUT_OF_RANGE,
                                   absl::StrCat("hdsc_diagnostics_get: index ", index, " is past the ",
                                                diagnostics->items.size(), " diagnostics"));
    }
    const hdsc::io::Diagnostic& item = diagnostics->items[index];
    hdsc_diagnostic view;
    hdsc_diagnostic_init(&view);
    view.file = item.file.c_str();
    view.line = item.line;
    view.column = item.column;
    view.field_path = item.field_path.c_str();
    view.message = item.message.c_str();
    *out = view;
    return nullptr;
  });
}

hdsc_error* hdsc_diagnostics_render(char** out, size_t* out_len, const hdsc_diagnostics* diagnostics) {
  return Guard("hdsc_diagnostics_render", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_diagnostics_render: out is NULL");
    *out = nullptr;
    if (out_len != nullptr) *out_len = 0;
    if (diagnostics == nullptr) return InvalidArgument("hdsc_diagnostics_render: diagnostics is NULL");
    std::string text;
    for (const hdsc::io::Diagnostic& item : diagnostics->items) absl::StrAppend(&text, item.ToString(), "\n");
    return CopyOut(text, out, out_len);
  });
}

void hdsc_diagnostics_free(hdsc_diagnostics* diagnostics) { delete diagnostics; }

// Evaluating.

void hdsc_eval_options_init(hdsc_eval_options* options) {
  if (options == nullptr) return;
  *options = hdsc_eval_options{};
  options->struct_size = sizeof(hdsc_eval_options);
  hdsc::capi::CurrentTime(&options->now_seconds, &options->now_nanos);
  options->dossier_format = HDSC_DOSSIER_FORMAT_AUTO;
}

hdsc_error* hdsc_eval(char** out, size_t* out_len, const char* expression, size_t expression_len,
                      const hdsc_eval_options* options) {
  return Guard("hdsc_eval", [&]() -> hdsc_error* {
    if (out == nullptr) return InvalidArgument("hdsc_eval: out is NULL");
    *out = nullptr;
    if (out_len != nullptr) *out_len = 0;
    if (expression == nullptr && expression_len != 0) return InvalidArgument("hdsc_eval: expression is NULL");
    hdsc_eval_options defaults;
    if (options == nullptr) {
      hdsc_eval_options_init(&defaults);
      options = &defaults;
    }
    if (hdsc_error* error =
            CheckStructSize(options->struct_size, sizeof(hdsc_eval_options), "hdsc_eval", "hdsc_eval_options")) {
      return error;
    }
    if (options->dossier_data == nullptr && options->dossier_len != 0) {
      return InvalidArgument("hdsc_eval: dossier_data is NULL");
    }
    absl::StatusOr<absl::Time> now = hdsc::capi::TimeFrom(options->now_seconds, options->now_nanos, "hdsc_eval");
    if (!now.ok()) return FromStatus(now.status());

    // Values may borrow from the dossier and the environment: both live until the literal is printed.
    std::unique_ptr<hdsc::io::LoadedDossier> dossier;
    hdsc::expr::EnvOptions env_options;
    env_options.container = "hdsc.v1";
    env_options.variables.emplace_back("now", hdsc::expr::Type::Timestamp());
    hdsc::expr::Activation activation;
    activation.Bind("now", hdsc::expr::Value::Timestamp(*now));
    if (options->dossier_data != nullptr) {
      absl::StatusOr<hdsc::io::LoadedDossier> loaded = hdsc::capi::LoadValid(
          hdsc::capi::BytesView(options->dossier_data, options->dossier_len), options->dossier_format,
          hdsc::capi::OrDefault(options->dossier_name, hdsc::capi::kDefaultDossierName), "hdsc_eval");
      if (!loaded.ok()) return FromStatus(loaded.status());
      dossier = std::make_unique<hdsc::io::LoadedDossier>(*std::move(loaded));
      env_options.variables.emplace_back("dossier", hdsc::expr::Type::Message(hdsc::v1::Dossier::descriptor()));
      activation.BindMessage("dossier", dossier->dossier);
    }
    absl::StatusOr<std::unique_ptr<hdsc::expr::Env>> env = hdsc::expr::Env::Create(std::move(env_options));
    if (!env.ok()) return FromStatus(env.status());
    absl::StatusOr<std::unique_ptr<hdsc::expr::Program>> program =
        (*env)->Compile(hdsc::capi::BytesView(expression, expression_len), "<expr>");
    if (!program.ok()) return FromStatus(program.status());
    absl::StatusOr<hdsc::expr::Value> value = (*program)->Evaluate(activation);
    if (!value.ok()) return FromStatus(value.status());
    if (value->IsError()) {
      const absl::Status& error = value->error_value();
      const hdsc_code code =
          error.ok() ? HDSC_ERROR_INVALID_ARGUMENT : static_cast<hdsc_code>(error.code());
      return hdsc::capi::MakeError(code, absl::StrCat("evaluation error: ", std::string(error.message())));
    }
    return CopyOut(hdsc::expr::FormatAsCelLiteral(*value), out, out_len);
  });
}

}  // extern "C"
