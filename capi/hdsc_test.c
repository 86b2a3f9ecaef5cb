/* Tests of the C interface, written in C99 against nothing but hdsc.h and the shared library. Run from the Bazel
 * runfiles directory, where the bundled packs are `controls/` and the examples `controls/examples/`. */
#include "hdsc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define EXPECT(condition)                                                         \
  do {                                                                            \
    if (!(condition)) {                                                           \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #condition);    \
      ++failures;                                                                 \
    }                                                                             \
  } while (0)

/* Expects `error` to have `code` and a message containing `fragment`; frees it. */
static void expect_error(hdsc_error* error, hdsc_code code, const char* fragment, int line) {
  if (error == NULL) {
    fprintf(stderr, "%s:%d: expected %s, got success\n", __FILE__, line, hdsc_code_name(code));
    ++failures;
    return;
  }
  if (hdsc_error_code(error) != code) {
    fprintf(stderr, "%s:%d: expected %s, got %s: %s\n", __FILE__, line, hdsc_code_name(code),
            hdsc_code_name(hdsc_error_code(error)), hdsc_error_message(error));
    ++failures;
  }
  if (strstr(hdsc_error_message(error), fragment) == NULL) {
    fprintf(stderr, "%s:%d: expected a message containing \"%s\", got \"%s\"\n", __FILE__, line, fragment,
            hdsc_error_message(error));
    ++failures;
  }
  if (strchr(hdsc_error_message(error), '\n') != NULL) {
    fprintf(stderr, "%s:%d: the message is not one line: \"%s\"\n", __FILE__, line, hdsc_error_message(error));
    ++failures;
  }
  hdsc_error_free(error);
}
#define EXPECT_ERROR(call, code, fragment) expect_error((call), (code), (fragment), __LINE__)

/* Expects success; on failure prints the error and frees it. Returns whether the call succeeded. */
static int expect_ok(hdsc_error* error, int line) {
  if (error == NULL) return 1;
  fprintf(stderr, "%s:%d: unexpected error %s: %s\n", __FILE__, line, hdsc_code_name(hdsc_error_code(error)),
          hdsc_error_message(error));
  hdsc_error_free(error);
  ++failures;
  return 0;
}
#define EXPECT_OK(call) expect_ok((call), __LINE__)

/* The whole file at `path`, NUL-terminated, in a malloc'ed buffer; NULL if it cannot be read. */
static char* read_file(const char* path, size_t* size) {
  FILE* file = fopen(path, "rb");
  char* data = NULL;
  long length;
  if (file == NULL) return NULL;
  if (fseek(file, 0, SEEK_END) == 0 && (length = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0) {
    data = (char*)malloc((size_t)length + 1);
    if (data != NULL && fread(data, 1, (size_t)length, file) == (size_t)length) {
      data[length] = '\0';
      *size = (size_t)length;
    } else {
      free(data);
      data = NULL;
    }
  }
  fclose(file);
  return data;
}

static const char* const kRules[] = {"controls"};
static const char kExample[] = "controls/examples/university-hospital.json";
/* 2026-11-28T00:00:00Z, the date the examples are written for. */
static const int64_t kNow = 1795824000;

static hdsc_checker* new_checker(const char* profile) {
  hdsc_checker_options options;
  hdsc_checker* checker = NULL;
  hdsc_checker_options_init(&options);
  options.rule_paths = kRules;
  options.rule_path_count = 1;
  options.profile = profile;
  if (!EXPECT_OK(hdsc_checker_new(&checker, &options))) return NULL;
  return checker;
}

static void test_versions(void) {
  EXPECT(hdsc_version_number() == HDSC_VERSION_NUMBER);
  EXPECT(strcmp(hdsc_version_string(), HDSC_VERSION_STRING) == 0);
  EXPECT(hdsc_abi_version() == HDSC_ABI_VERSION);
  EXPECT(HDSC_VERSION_NUMBER == HDSC_VERSION_MAJOR * 10000 + HDSC_VERSION_MINOR * 100 + HDSC_VERSION_PATCH);
}

static void test_codes(void) {
  /* The values of absl::StatusCode. */
  EXPECT(HDSC_ERROR_INVALID_ARGUMENT == 3);
  EXPECT(HDSC_ERROR_NOT_FOUND == 5);
  EXPECT(HDSC_ERROR_RESOURCE_EXHAUSTED == 8);
  EXPECT(HDSC_ERROR_OUT_OF_RANGE == 11);
  EXPECT(HDSC_ERROR_INTERNAL == 13);
  EXPECT(strcmp(hdsc_code_name(HDSC_ERROR_INVALID_ARGUMENT), "INVALID_ARGUMENT") == 0);
  EXPECT(strcmp(hdsc_code_name(HDSC_ERROR_UNAUTHENTICATED), "UNAUTHENTICATED") == 0);
  EXPECT(strcmp(hdsc_code_name((hdsc_code)99), "UNKNOWN") == 0);
}

/* Every entry point accepts NULL everywhere without crashing. */
static void test_null_safety(void) {
  hdsc_checker_options checker_options;
  hdsc_check_options check_options;
  hdsc_summary summary;
  hdsc_finding finding;
  hdsc_diagnostic diagnostic;
  hdsc_eval_options eval_options;
  hdsc_checker* checker = (hdsc_checker*)&checker_options; /* must be reset to NULL on failure */
  hdsc_report* report = (hdsc_report*)&checker_options;
  char* text = (char*)&checker_options;

  EXPECT(hdsc_error_code(NULL) == HDSC_OK);
  EXPECT(strcmp(hdsc_error_message(NULL), "") == 0);
  hdsc_error_free(NULL);
  hdsc_free(NULL);
  hdsc_checker_free(NULL);
  hdsc_report_free(NULL);
  hdsc_diagnostics_free(NULL);
  hdsc_checker_options_init(NULL);
  hdsc_check_options_init(NULL);
  hdsc_summary_init(NULL);
  hdsc_finding_init(NULL);
  hdsc_diagnostic_init(NULL);
  hdsc_eval_options_init(NULL);
  EXPECT(hdsc_checker_rule_count(NULL) == 0);
  EXPECT(hdsc_report_finding_count(NULL) == 0);
  EXPECT(hdsc_diagnostics_count(NULL) == 0);

  EXPECT_ERROR(hdsc_checker_new(NULL, NULL), HDSC_ERROR_INVALID_ARGUMENT, "out is NULL");
  EXPECT_ERROR(hdsc_checker_new(&checker, NULL), HDSC_ERROR_INVALID_ARGUMENT, "options is NULL");
  EXPECT(checker == NULL);
  hdsc_checker_options_init(&checker_options);
  EXPECT_ERROR(hdsc_checker_new(&checker, &checker_options), HDSC_ERROR_INVALID_ARGUMENT, "no rule path");
  checker_options.rule_path_count = 1;
  EXPECT_ERROR(hdsc_checker_new(&checker, &checker_options), HDSC_ERROR_INVALID_ARGUMENT, "rule_paths is NULL");

  EXPECT_ERROR(hdsc_checker_check(NULL, NULL, NULL, 0, NULL), HDSC_ERROR_INVALID_ARGUMENT, "out is NULL");
  EXPECT_ERROR(hdsc_checker_check(&report, NULL, "{}", 2, NULL), HDSC_ERROR_INVALID_ARGUMENT, "checker is NULL");
  EXPECT(report == NULL);
  hdsc_check_options_init(&check_options);
  EXPECT(check_options.keep_passing_findings == 1);
  EXPECT(check_options.now_seconds > kNow - 86400 * 365); /* the current time */

  hdsc_summary_init(&summary);
  EXPECT_ERROR(hdsc_report_summary(NULL, NULL), HDSC_ERROR_INVALID_ARGUMENT, "out is NULL");
  EXPECT_ERROR(hdsc_report_summary(&summary, NULL), HDSC_ERROR_INVALID_ARGUMENT, "report is NULL");
  hdsc_finding_init(&finding);
  EXPECT_ERROR(hdsc_report_finding(&finding, NULL, 0), HDSC_ERROR_INVALID_ARGUMENT, "report is NULL");
  EXPECT_ERROR(hdsc_report_finding(NULL, NULL, 0), HDSC_ERROR_INVALID_ARGUMENT, "out is NULL");
  EXPECT_ERROR(hdsc_report_render(&text, NULL, NULL, HDSC_RENDER_JSON, 0), HDSC_ERROR_INVALID_ARGUMENT,
               "report is NULL");
  EXPECT(text == NULL);
  EXPECT_ERROR(hdsc_report_render(NULL, NULL, NULL, HDSC_RENDER_JSON, 0), HDSC_ERROR_INVALID_ARGUMENT, "out");

  EXPECT_ERROR(hdsc_dossier_validate(NULL, "{}", 2, HDSC_DOSSIER_FORMAT_JSON, NULL), HDSC_ERROR_INVALID_ARGUMENT,
               "out is NULL");
  {
    hdsc_diagnostics* diagnostics = NULL;
    EXPECT_ERROR(hdsc_dossier_validate(&diagnostics, NULL, 5, HDSC_DOSSIER_FORMAT_JSON, NULL),
                 HDSC_ERROR_INVALID_ARGUMENT, "data is NULL");
    EXPECT(diagnostics == NULL);
  }
  hdsc_diagnostic_init(&diagnostic);
  EXPECT_ERROR(hdsc_diagnostics_get(&diagnostic, NULL, 0), HDSC_ERROR_INVALID_ARGUMENT, "diagnostics is NULL");
  EXPECT_ERROR(hdsc_diagnostics_render(NULL, NULL, NULL), HDSC_ERROR_INVALID_ARGUMENT, "out is NULL");

  EXPECT_ERROR(hdsc_eval(NULL, NULL, "1", 1, NULL), HDSC_ERROR_INVALID_ARGUMENT, "out is NULL");
  EXPECT_ERROR(hdsc_eval(&text, NULL, NULL, 3, NULL), HDSC_ERROR_INVALID_ARGUMENT, "expression is NULL");
  hdsc_eval_options_init(&eval_options);
  eval_options.dossier_len = 4;
  EXPECT_ERROR(hdsc_eval(&text, NULL, "1", 1, &eval_options), HDSC_ERROR_INVALID_ARGUMENT, "dossier_data is NULL");
}

/* A struct_size the library does not know is refused, whatever the call. */
static void test_struct_size(void) {
  hdsc_checker_options checker_options;
  hdsc_checker* checker = NULL;
  hdsc_summary summary;
  hdsc_eval_options eval_options;
  char* text = NULL;

  hdsc_checker_options_init(&checker_options);
  EXPECT(checker_options.struct_size == sizeof(hdsc_checker_options));
  checker_options.rule_paths = kRules;
  checker_options.rule_path_count = 1;
  checker_options.struct_size = sizeof(hdsc_checker_options) + 8;
  EXPECT_ERROR(hdsc_checker_new(&checker, &checker_options), HDSC_ERROR_INVALID_ARGUMENT,
               "unknown hdsc_checker_options.struct_size");
  checker_options.struct_size = 0;
  EXPECT_ERROR(hdsc_checker_new(&checker, &checker_options), HDSC_ERROR_INVALID_ARGUMENT, "struct_size 0");
  EXPECT(checker == NULL);

  hdsc_summary_init(&summary);
  summary.struct_size = 3;
  EXPECT_ERROR(hdsc_report_summary(&summary, NULL), HDSC_ERROR_INVALID_ARGUMENT, "hdsc_summary.struct_size 3");

  hdsc_eval_options_init(&eval_options);
  eval_options.struct_size = sizeof(hdsc_eval_options) - 1;
  EXPECT_ERROR(hdsc_eval(&text, NULL, "1", 1, &eval_options), HDSC_ERROR_INVALID_ARGUMENT,
               "hdsc_eval_options.struct_size");
}

static void test_checker_errors(void) {
  hdsc_checker_options options;
  hdsc_checker* checker = NULL;
  const char* missing[] = {"no/such/rules/dir"};
  hdsc_checker_options_init(&options);
  options.rule_paths = missing;
  options.rule_path_count = 1;
  EXPECT_ERROR(hdsc_checker_new(&checker, &options), HDSC_ERROR_NOT_FOUND, "no/such/rules/dir");
  EXPECT(checker == NULL);

  options.rule_paths = kRules;
  options.profile = "no-such-profile";
  EXPECT_ERROR(hdsc_checker_new(&checker, &options), HDSC_ERROR_NOT_FOUND, "no-such-profile");

  options.profile = NULL;
  options.language = "de";
  EXPECT_ERROR(hdsc_checker_new(&checker, &options), HDSC_ERROR_INVALID_ARGUMENT, "de");
  EXPECT(checker == NULL);
}

static void test_check_example(hdsc_checker* checker) {
  size_t size = 0;
  char* data = read_file(kExample, &size);
  hdsc_check_options options;
  hdsc_report* report = NULL;
  hdsc_summary summary;
  hdsc_finding finding;
  size_t i;
  size_t count;
  int64_t failing = 0;
  int saw_eos = 0;
  char* json = NULL;
  size_t json_len = 0;
  char* text = NULL;

  EXPECT(data != NULL);
  if (data == NULL) return;
  hdsc_check_options_init(&options);
  options.now_seconds = kNow;
  options.now_nanos = 0;
  options.dossier_name = kExample;
  if (!EXPECT_OK(hdsc_checker_check(&report, checker, data, size, &options))) {
    free(data);
    return;
  }

  hdsc_summary_init(&summary);
  EXPECT_OK(hdsc_report_summary(&summary, report));
  EXPECT(summary.fail > 0);
  EXPECT(summary.pass > 0);
  EXPECT(summary.fail == summary.fail_critical + summary.fail_high + summary.fail_medium + summary.fail_low +
                             summary.fail_info);
  EXPECT(summary.worst_failing_severity >= HDSC_SEVERITY_HIGH);
  EXPECT(summary.waived >= 1); /* the MRI console's waiver (README planted gap H3) */

  count = hdsc_report_finding_count(report);
  EXPECT(count > 0);
  for (i = 0; i < count; ++i) {
    hdsc_finding_init(&finding);
    if (!EXPECT_OK(hdsc_report_finding(&finding, report, i))) break;
    EXPECT(finding.rule_id != NULL && strlen(finding.rule_id) == finding.rule_id_len && finding.rule_id_len > 0);
    EXPECT(finding.subject != NULL && strlen(finding.subject) == finding.subject_len);
    EXPECT(finding.message != NULL && strlen(finding.message) == finding.message_len);
    if (finding.status == HDSC_STATUS_FAIL) {
      ++failing;
      EXPECT(finding.message_len > 0);
      if (strcmp(finding.rule_id, "SEC-EOS-1") == 0 && strcmp(finding.subject, "isms.assets[2]") == 0) saw_eos = 1;
    }
  }
  EXPECT(failing == summary.fail);
  EXPECT(saw_eos); /* planted gap H1: the PACS past its end of support */
  hdsc_finding_init(&finding);
  EXPECT_ERROR(hdsc_report_finding(&finding, report, count), HDSC_ERROR_OUT_OF_RANGE, "past the");

  EXPECT_OK(hdsc_report_render(&json, &json_len, report, HDSC_RENDER_JSON, 0));
  EXPECT(json != NULL && strlen(json) == json_len);
  EXPECT(json != NULL && strstr(json, "\"rule_id\": \"SEC-EOS-1\"") != NULL);
  EXPECT(json != NULL && strstr(json, "\"now\": \"2026-11-28T00:00:00Z\"") != NULL);
  hdsc_free(json);
  EXPECT_OK(hdsc_report_render(&text, NULL, report, HDSC_RENDER_TEXT, 0));
  EXPECT(text != NULL && strstr(text, "SEC-EOS-1") != NULL);
  hdsc_free(text);
  text = NULL;
  EXPECT_ERROR(hdsc_report_render(&text, NULL, report, (hdsc_render_format)99, 0), HDSC_ERROR_INVALID_ARGUMENT,
               "unknown format 99");
  EXPECT_ERROR(hdsc_report_render(&text, NULL, report, HDSC_RENDER_TEXT, 0x80u), HDSC_ERROR_INVALID_ARGUMENT,
               "unknown flags");
  EXPECT(text == NULL);
  hdsc_report_free(report);

  /* French, only what needs attention. */
  options.language = "fr";
  options.keep_passing_findings = 0;
  report = NULL;
  if (EXPECT_OK(hdsc_checker_check(&report, checker, data, size, &options))) {
    hdsc_summary second;
    hdsc_summary_init(&second);
    EXPECT_OK(hdsc_report_summary(&second, report));
    EXPECT(second.fail == summary.fail);
    EXPECT(second.pass == summary.pass); /* counted, though not kept */
    EXPECT(hdsc_report_finding_count(report) < count);
    hdsc_finding_init(&finding);
    EXPECT_OK(hdsc_report_finding(&finding, report, 0));
    EXPECT(finding.status != HDSC_STATUS_PASS && finding.status != HDSC_STATUS_NOT_APPLICABLE);
    hdsc_report_free(report);
  }

  options.now_nanos = 1000000000;
  report = NULL;
  EXPECT_ERROR(hdsc_checker_check(&report, checker, data, size, &options), HDSC_ERROR_INVALID_ARGUMENT,
               "now_nanos");
  EXPECT(report == NULL);
  free(data);
}

static void test_check_bad_dossier(hdsc_checker* checker) {
  static const char kBadSyntax[] = "{\n  \"organization\": {\n    \"legal_name\": \"x\",,\n  }\n}\n";
  static const char kBadType[] = "{\"organization\": {\"legal_name\": 12}}";
  hdsc_check_options options;
  hdsc_report* report = NULL;
  hdsc_check_options_init(&options);
  options.dossier_name = "bad.json";
  EXPECT_ERROR(hdsc_checker_check(&report, checker, kBadSyntax, strlen(kBadSyntax), &options),
               HDSC_ERROR_INVALID_ARGUMENT, "bad.json:3:");
  EXPECT(report == NULL);
  EXPECT_ERROR(hdsc_checker_check(&report, checker, kBadType, strlen(kBadType), &options),
               HDSC_ERROR_INVALID_ARGUMENT, "bad.json:1:");
  /* No name: the format is told from the content, and messages say "dossier". */
  options.dossier_name = NULL;
  EXPECT_ERROR(hdsc_checker_check(&report, checker, kBadType, strlen(kBadType), &options),
               HDSC_ERROR_INVALID_ARGUMENT, "dossier:1:");
  options.format = (hdsc_dossier_format)42;
  EXPECT_ERROR(hdsc_checker_check(&report, checker, kBadType, strlen(kBadType), &options),
               HDSC_ERROR_INVALID_ARGUMENT, "unknown dossier format 42");
  EXPECT(report == NULL);
}

static void test_validate(void) {
  static const char kTwoProblems[] = "{\n  \"organization\": {\"legal_name\": 12},\n  \"no_such_field\": 1\n}\n";
  static const char kTextproto[] = "organization { legal_name: \"Clinique\" }\n";
  hdsc_diagnostics* diagnostics = NULL;
  hdsc_diagnostic diagnostic;
  char* text = NULL;
  size_t text_len = 0;

  if (EXPECT_OK(hdsc_dossier_validate(&diagnostics, kTwoProblems, strlen(kTwoProblems), HDSC_DOSSIER_FORMAT_AUTO,
                                      "d.json"))) {
    EXPECT(hdsc_diagnostics_count(diagnostics) >= 2);
    hdsc_diagnostic_init(&diagnostic);
    EXPECT_OK(hdsc_diagnostics_get(&diagnostic, diagnostics, 0));
    EXPECT(strcmp(diagnostic.file, "d.json") == 0);
    EXPECT(diagnostic.line == 2);
    EXPECT(strcmp(diagnostic.field_path, "organization.legal_name") == 0);
    EXPECT(strlen(diagnostic.message) > 0);
    EXPECT_ERROR(hdsc_diagnostics_get(&diagnostic, diagnostics, hdsc_diagnostics_count(diagnostics)),
                 HDSC_ERROR_OUT_OF_RANGE, "past the");
    EXPECT_OK(hdsc_diagnostics_render(&text, &text_len, diagnostics));
    EXPECT(text != NULL && strncmp(text, "d.json:2:", 9) == 0);
    EXPECT(text != NULL && strstr(text, "no_such_field") != NULL);
    EXPECT(text != NULL && text_len == strlen(text) && text[text_len - 1] == '\n');
    hdsc_free(text);
    hdsc_diagnostics_free(diagnostics);
  }

  diagnostics = NULL;
  if (EXPECT_OK(hdsc_dossier_validate(&diagnostics, kTextproto, strlen(kTextproto), HDSC_DOSSIER_FORMAT_AUTO,
                                      NULL))) {
    hdsc_diagnostics_render(&text, NULL, diagnostics);
    EXPECT(hdsc_diagnostics_count(diagnostics) == 0); /* detected as text format */
    if (text != NULL && *text != '\0') fprintf(stderr, "unexpected diagnostics:\n%s", text);
    hdsc_free(text);
    hdsc_diagnostics_free(diagnostics);
  }
}

static void test_eval(void) {
  static const char kDossier[] = "{\"organization\": {\"legal_name\": \"Clinique Saint-Aubin\"}}";
  hdsc_eval_options options;
  char* result = NULL;
  size_t result_len = 0;
  static const char kSum[] = "[1, 2, 3].map(x, x * 2)";

  if (EXPECT_OK(hdsc_eval(&result, &result_len, kSum, strlen(kSum), NULL))) {
    EXPECT(strcmp(result, "[2, 4, 6]") == 0);
    EXPECT(result_len == strlen("[2, 4, 6]"));
    hdsc_free(result);
  }
  /* Not NUL-terminated: only `len` bytes are read. */
  result = NULL;
  if (EXPECT_OK(hdsc_eval(&result, NULL, "1 + 1garbage", 5, NULL))) {
    EXPECT(strcmp(result, "2") == 0);
    hdsc_free(result);
  }

  hdsc_eval_options_init(&options);
  options.now_seconds = kNow;
  options.now_nanos = 0;
  options.dossier_data = kDossier;
  options.dossier_len = strlen(kDossier);
  result = NULL;
  if (EXPECT_OK(hdsc_eval(&result, NULL, "dossier.organization.legal_name + ' ' + string(now)", 51, &options))) {
    EXPECT(strcmp(result, "\"Clinique Saint-Aubin 2026-11-28T00:00:00Z\"") == 0);
    hdsc_free(result);
  }

  result = NULL;
  EXPECT_ERROR(hdsc_eval(&result, NULL, "1 +", 3, NULL), HDSC_ERROR_INVALID_ARGUMENT, "<expr>:1:");
  EXPECT_ERROR(hdsc_eval(&result, NULL, "dossier.organisation", 20, &options), HDSC_ERROR_INVALID_ARGUMENT,
               "organisation");
  EXPECT_ERROR(hdsc_eval(&result, NULL, "{'a': 1}['b']", 13, NULL), HDSC_ERROR_NOT_FOUND, "evaluation error: ");
  EXPECT(result == NULL);
}

/* Two checkers over the same packs are independent; the profile narrows the rules. */
static void test_profile(hdsc_checker* all_rules) {
  hdsc_checker* hospital = new_checker("hospital");
  if (hospital == NULL) return;
  EXPECT(hdsc_checker_rule_count(hospital) > 0);
  EXPECT(hdsc_checker_rule_count(hospital) <= hdsc_checker_rule_count(all_rules));
  hdsc_checker_free(hospital);
}

int main(void) {
  hdsc_checker* checker;
  test_versions();
  test_codes();
  test_null_safety();
  test_struct_size();
  test_checker_errors();
  test_validate();
  test_eval();
  checker = new_checker(NULL);
  EXPECT(checker != NULL);
  if (checker != NULL) {
    EXPECT(hdsc_checker_rule_count(checker) > 10);
    test_check_example(checker);
    test_check_bad_dossier(checker);
    test_profile(checker);
    hdsc_checker_free(checker);
  }
  if (failures != 0) {
    fprintf(stderr, "%d failures\n", failures);
    return 1;
  }
  printf("all C API tests passed\n");
  return 0;
}
