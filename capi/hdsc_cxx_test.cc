// hdsc.h compiled as C++ (it must need nothing but the header), and the sizes and layouts of its public structs
// pinned: appending a field changes a size and fails this build, which is the reminder that fields are only
// appended (docs/c-api.md, "Growth") and that the ABI baseline must be refreshed.
#include "hdsc.h"

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <type_traits>

#if defined(__x86_64__) || defined(__aarch64__)
static_assert(sizeof(hdsc_checker_options) == 128, "hdsc_checker_options changed size");
static_assert(sizeof(hdsc_check_options) == 120, "hdsc_check_options changed size");
static_assert(sizeof(hdsc_progress) == 48, "hdsc_progress changed size");
static_assert(sizeof(hdsc_summary) == 112, "hdsc_summary changed size");
static_assert(sizeof(hdsc_finding) == 128, "hdsc_finding changed size");
static_assert(sizeof(hdsc_reference) == 72, "hdsc_reference changed size");
static_assert(sizeof(hdsc_diagnostic) == 40, "hdsc_diagnostic changed size");
static_assert(sizeof(hdsc_eval_options) == 56, "hdsc_eval_options changed size");
static_assert(sizeof(hdsc_convert_options) == 40, "hdsc_convert_options changed size");
static_assert(sizeof(hdsc_document) == 24 && sizeof(hdsc_param) == 16, "array elements never change size");
static_assert(offsetof(hdsc_check_options, time_limit_millis) == 104, "hdsc_check_options layout changed");
static_assert(offsetof(hdsc_checker_options, compile_threads) == 120, "hdsc_checker_options layout changed");
static_assert(offsetof(hdsc_summary, worst_new_failing_severity) == 108, "hdsc_summary layout changed");
static_assert(offsetof(hdsc_finding, in_baseline) == 120, "hdsc_finding layout changed");
static_assert(offsetof(hdsc_eval_options, dossier_name) == 40, "hdsc_eval_options layout changed");
static_assert(offsetof(hdsc_convert_options, allow_unknown_fields) == 24, "hdsc_convert_options layout changed");
#endif

// Every struct starts with its size, so that the library can tell which version a caller was built against.
static_assert(offsetof(hdsc_checker_options, struct_size) == 0, "struct_size must come first");
static_assert(offsetof(hdsc_check_options, struct_size) == 0, "struct_size must come first");
static_assert(offsetof(hdsc_summary, struct_size) == 0, "struct_size must come first");
static_assert(offsetof(hdsc_finding, struct_size) == 0, "struct_size must come first");
static_assert(offsetof(hdsc_diagnostic, struct_size) == 0, "struct_size must come first");
static_assert(offsetof(hdsc_eval_options, struct_size) == 0, "struct_size must come first");
static_assert(offsetof(hdsc_convert_options, struct_size) == 0, "struct_size must come first");
static_assert(offsetof(hdsc_progress, struct_size) == 0, "struct_size must come first");
static_assert(offsetof(hdsc_reference, struct_size) == 0, "struct_size must come first");
static_assert(std::is_trivial<hdsc_check_options>::value && std::is_standard_layout<hdsc_check_options>::value,
              "options structs are plain C data");
static_assert(HDSC_DOSSIER_FORMAT_BINARY == 3 && HDSC_DOSSIER_FORMAT_XLSX == 4 && HDSC_DOSSIER_FORMAT_ODS == 5,
              "enumerations only gain values");
static_assert(HDSC_ERROR_INVALID_ARGUMENT == 3 && HDSC_ERROR_NOT_FOUND == 5 && HDSC_ERROR_INTERNAL == 13,
              "codes are absl::StatusCode values");

int main() {
  int failures = 0;
  if (hdsc_version_number() != HDSC_VERSION_NUMBER || hdsc_abi_version() != HDSC_ABI_VERSION) {
    std::fprintf(stderr, "the library's version is not the header's\n");
    ++failures;
  }
  // The _init functions set exactly the sizes the static_asserts above pin.
  hdsc_check_options options;
  std::memset(&options, 0xff, sizeof options);
  hdsc_check_options_init(&options);
  if (options.struct_size != sizeof(hdsc_check_options) || options.format != HDSC_DOSSIER_FORMAT_AUTO ||
      options.language != nullptr || options.omit_passing_findings != 0 || options.now_seconds != HDSC_NOW_CURRENT) {
    std::fprintf(stderr, "hdsc_check_options_init did not set the defaults\n");
    ++failures;
  }
  char* literal = nullptr;
  hdsc_error* error = hdsc_eval(&literal, nullptr, "'a' + 'b'", 9, nullptr);
  if (error != nullptr || literal == nullptr || std::strcmp(literal, "\"ab\"") != 0) {
    std::fprintf(stderr, "hdsc_eval from C++: %s\n", hdsc_error_message(error));
    ++failures;
  }
  hdsc_free(literal);
  hdsc_error_free(error);
  return failures == 0 ? 0 : 1;
}
