/* Tests of the C interface, written in C99 against nothing but hdsc.h and the shared library. Run from the Bazel
 * runfiles directory, where the bundled packs are `controls/` and the examples `controls/examples/`. */
#include "hdsc.h"
#include "c_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Expects `error` to have `code` and a message containing `fragment`; frees it. */
static void expect_error(hdsc_error* error, int code, const char* fragment, int line) {
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
  EXPECT(strcmp(hdsc_code_name(99), "UNKNOWN") == 0);
  EXPECT(strcmp(hdsc_code_name(-1), "UNKNOWN") == 0);
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
  hdsc_convert_options_init(NULL);
  EXPECT(hdsc_checker_rule_count(NULL) == 0);
  EXPECT(hdsc_report_finding_count(NULL) == 0);
  EXPECT(hdsc_diagnostics_count(NULL) == 0);

  EXPECT_ERROR(hdsc_checker_new(NULL, NULL), HDSC_ERROR_INVALID_ARGUMENT, "out is NULL");
  hdsc_checker_options_init(&checker_options);
  checker_options.rule_path_count = 1;
  EXPECT_ERROR(hdsc_checker_new(&checker, &checker_options), HDSC_ERROR_INVALID_ARGUMENT, "rule_paths is NULL");

  EXPECT_ERROR(hdsc_checker_check(NULL, NULL, NULL, 0, NULL), HDSC_ERROR_INVALID_ARGUMENT, "out is NULL");
  EXPECT_ERROR(hdsc_checker_check(&report, NULL, "{}", 2, NULL), HDSC_ERROR_INVALID_ARGUMENT, "checker is NULL");
  EXPECT(report == NULL);
  hdsc_check_options_init(&check_options);
  EXPECT(check_options.omit_passing_findings == 0);
  EXPECT(check_options.now_seconds == HDSC_NOW_CURRENT);
  EXPECT_ERROR(hdsc_checker_check_file(&report, NULL, kExample, NULL), HDSC_ERROR_INVALID_ARGUMENT,
               "checker is NULL");
  EXPECT(hdsc_report_has_failure(NULL, HDSC_SEVERITY_INFO) == 0);
  EXPECT(strcmp(hdsc_checker_packs_digest(NULL), "") == 0);
  EXPECT(hdsc_error_diagnostic_count(NULL) == 0);

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

/* A starter dossier, as hdscheck init: it validates and fails the check of its profile at HIGH. */
static void test_init(void) {
  static const char* const kProfiles[] = {"hospital", "clinic", "hds-host"};
  static const int kFormats[] = {HDSC_DOSSIER_FORMAT_JSON, HDSC_DOSSIER_FORMAT_TEXTPROTO, HDSC_DOSSIER_FORMAT_BINARY};
  char* starter = NULL;
  size_t starter_len = 0;
  size_t p;
  size_t f;
  for (p = 0; p < sizeof kProfiles / sizeof kProfiles[0]; ++p) {
    hdsc_checker* checker = new_checker(kProfiles[p]);
    if (checker == NULL) continue;
    for (f = 0; f < sizeof kFormats / sizeof kFormats[0]; ++f) {
      hdsc_diagnostics* diagnostics = NULL;
      hdsc_report* report = NULL;
      hdsc_check_options options;
      if (!EXPECT_OK(hdsc_dossier_init(&starter, &starter_len, kProfiles[p], "fr", kFormats[f]))) continue;
      EXPECT(starter_len > 1000);
      if (EXPECT_OK(hdsc_dossier_validate(&diagnostics, starter, starter_len, kFormats[f], "starter"))) {
        EXPECT(hdsc_diagnostics_count(diagnostics) == 0);
        hdsc_diagnostics_free(diagnostics);
      }
      hdsc_check_options_init(&options);
      options.format = kFormats[f];
      options.now_seconds = 1795824000; /* 2026-11-28T00:00:00Z */
      if (EXPECT_OK(hdsc_checker_check(&report, checker, starter, starter_len, &options))) {
        EXPECT(hdsc_report_has_failure(report, HDSC_SEVERITY_HIGH));
        hdsc_report_free(report);
      }
      hdsc_free(starter);
      starter = NULL;
    }
    hdsc_checker_free(checker);
  }
  if (EXPECT_OK(hdsc_dossier_init(&starter, NULL, "clinic", NULL, HDSC_DOSSIER_FORMAT_TEXTPROTO))) {
    EXPECT(strncmp(starter, "# Starter dossier for a private clinic", 38) == 0);
    EXPECT(strstr(starter, "id: \"8.34\"") != NULL);
    hdsc_free(starter);
  }
  starter = NULL;
  EXPECT_ERROR(hdsc_dossier_init(NULL, NULL, "clinic", "en", HDSC_DOSSIER_FORMAT_JSON), HDSC_ERROR_INVALID_ARGUMENT,
               "out is NULL");
  EXPECT_ERROR(hdsc_dossier_init(&starter, NULL, NULL, "en", HDSC_DOSSIER_FORMAT_JSON), HDSC_ERROR_INVALID_ARGUMENT,
               "profile is NULL");
  EXPECT_ERROR(hdsc_dossier_init(&starter, NULL, "pharmacy", "en", HDSC_DOSSIER_FORMAT_JSON),
               HDSC_ERROR_INVALID_ARGUMENT, "hospital, clinic, hds-host");
  EXPECT_ERROR(hdsc_dossier_init(&starter, NULL, "clinic", "de", HDSC_DOSSIER_FORMAT_JSON),
               HDSC_ERROR_INVALID_ARGUMENT, "'de'");
  EXPECT_ERROR(hdsc_dossier_init(&starter, NULL, "clinic", "en", 42), HDSC_ERROR_INVALID_ARGUMENT, "42");
  EXPECT_ERROR(hdsc_dossier_init(&starter, NULL, "clinic", "en", HDSC_DOSSIER_FORMAT_BINARY),
               HDSC_ERROR_INVALID_ARGUMENT, "out_len is NULL");
  EXPECT(starter == NULL);
}

/* A struct_size too small to hold itself, or ending inside a field, is refused; a larger one (from a newer header) only with zero fields the
 * library does not know. capi/struct_growth_test.c covers older and newer layouts. */
static void test_struct_size(void) {
  hdsc_checker_options checker_options;
  hdsc_checker* checker = NULL;
  hdsc_eval_options eval_options;
  char* text = NULL;

  hdsc_checker_options_init(&checker_options);
  EXPECT(checker_options.struct_size == sizeof(hdsc_checker_options));
  checker_options.rule_paths = kRules;
  checker_options.rule_path_count = 1;
  checker_options.struct_size = 0;
  EXPECT_ERROR(hdsc_checker_new(&checker, &checker_options), HDSC_ERROR_INVALID_ARGUMENT,
               "hdsc_checker_options.struct_size 0 is too small");
  EXPECT(checker == NULL);
  /* 12 bytes hold half of the rule_paths pointer: no header ever declared that struct. */
  checker_options.struct_size = 12;
  EXPECT_ERROR(hdsc_checker_new(&checker, &checker_options), HDSC_ERROR_INVALID_ARGUMENT,
               "struct_size 12 does not end at a field");
  EXPECT(checker == NULL);

  hdsc_eval_options_init(&eval_options);
  eval_options.struct_size = 1;
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

  options.language = NULL;
  options.compile_threads = -1;
  EXPECT_ERROR(hdsc_checker_new(&checker, &options), HDSC_ERROR_INVALID_ARGUMENT, "compile_threads is -1");
  EXPECT(checker == NULL);
}

/* Every FAIL finding cites at least one text; the citations read back. */
static void test_references(const hdsc_report* report) {
  size_t i;
  int cited = 0;
  for (i = 0; i < hdsc_report_finding_count(report); ++i) {
    hdsc_finding finding;
    hdsc_reference reference;
    hdsc_finding_init(&finding);
    if (!EXPECT_OK(hdsc_report_finding(&finding, report, i))) return;
    if (finding.status != HDSC_STATUS_FAIL) continue;
    EXPECT(finding.reference_count > 0);
    if (finding.reference_count == 0) continue;
    hdsc_reference_init(&reference);
    if (!EXPECT_OK(hdsc_report_finding_reference(&reference, report, i, 0))) return;
    EXPECT(reference.framework_len > 0 && strlen(reference.framework) == reference.framework_len);
    EXPECT(reference.citation_len > 0 && strlen(reference.citation) == reference.citation_len);
    EXPECT(strlen(reference.requirement) == reference.requirement_len);
    /* The citation as the report writes it: English here, so the framework and the citation. */
    EXPECT(reference.text_len == reference.framework_len + 1 + reference.citation_len &&
           strncmp(reference.text, reference.framework, reference.framework_len) == 0);
    EXPECT_ERROR(hdsc_report_finding_reference(&reference, report, i, finding.reference_count),
                 HDSC_ERROR_OUT_OF_RANGE, "references of the finding");
    ++cited;
  }
  EXPECT(cited > 0);
}

/* All seven formats render; names and file names match `hdscheck check --format` and `--output-dir`. */
static void test_formats(const hdsc_report* report) {
  static const char* const kNames[] = {"json", "text", "sarif", "junit", "html", "oscal", "md"};
  int format;
  for (format = HDSC_RENDER_JSON; format <= HDSC_RENDER_MARKDOWN; ++format) {
    char* text = NULL;
    size_t text_len = 0;
    int parsed = 0;
    EXPECT(strcmp(hdsc_render_format_name(format), kNames[format - 1]) == 0);
    EXPECT(strncmp(hdsc_render_format_file_name(format), "report.", 7) == 0);
    EXPECT_OK(hdsc_render_format_parse(&parsed, kNames[format - 1]));
    EXPECT(parsed == format);
    if (EXPECT_OK(hdsc_report_render(&text, &text_len, report, format, 0))) {
      EXPECT(text_len > 100 && strlen(text) == text_len);
      EXPECT(strstr(text, "SEC-EOS-1") != NULL);
      hdsc_free(text);
    }
  }
  EXPECT(strstr(hdsc_render_format_file_name(HDSC_RENDER_SARIF), ".sarif") != NULL);
  EXPECT(strcmp(hdsc_render_format_name(0), "") == 0);
  {
    int parsed = 7;
    EXPECT_ERROR(hdsc_render_format_parse(&parsed, "pdf"), HDSC_ERROR_INVALID_ARGUMENT, "pdf");
    EXPECT(parsed == 0);
  }
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
  test_references(report);
  test_formats(report);
  EXPECT(hdsc_report_has_failure(report, HDSC_SEVERITY_INFO) == 1);
  EXPECT(summary.in_baseline == 0 && summary.worst_new_failing_severity == summary.worst_failing_severity);
  summary.struct_size = 3;
  EXPECT_ERROR(hdsc_report_summary(&summary, report), HDSC_ERROR_INVALID_ARGUMENT, "hdsc_summary.struct_size 3");

  EXPECT_OK(hdsc_report_render(&json, &json_len, report, HDSC_RENDER_JSON, 0));
  EXPECT(json != NULL && strlen(json) == json_len);
  EXPECT(json != NULL && strstr(json, "\"rule_id\": \"SEC-EOS-1\"") != NULL);
  EXPECT(json != NULL && strstr(json, "\"now\": \"2026-11-28T00:00:00Z\"") != NULL);
  hdsc_free(json);
  EXPECT_OK(hdsc_report_render(&text, NULL, report, HDSC_RENDER_TEXT, 0));
  EXPECT(text != NULL && strstr(text, "SEC-EOS-1") != NULL);
  hdsc_free(text);
  text = NULL;
  EXPECT_ERROR(hdsc_report_render(&text, NULL, report, 99, 0), HDSC_ERROR_INVALID_ARGUMENT,
               "unknown render format 99");
  EXPECT_ERROR(hdsc_report_render(&text, NULL, report, HDSC_RENDER_TEXT, 0x80u), HDSC_ERROR_INVALID_ARGUMENT,
               "unknown flags");
  EXPECT(text == NULL);
  hdsc_report_free(report);

  /* French, only what needs attention. */
  options.language = "fr";
  options.omit_passing_findings = 1;
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
  {
    /* The error carries every problem, located. */
    hdsc_error* error = hdsc_checker_check(&report, checker, kBadSyntax, strlen(kBadSyntax), &options);
    hdsc_diagnostic diagnostic;
    hdsc_diagnostic_init(&diagnostic);
    EXPECT(hdsc_error_diagnostic_count(error) >= 1);
    if (EXPECT_OK(hdsc_error_diagnostic(&diagnostic, error, 0))) {
      EXPECT(strcmp(diagnostic.file, "bad.json") == 0);
      EXPECT(diagnostic.line == 3);
      EXPECT(diagnostic.column > 0);
    }
    EXPECT_ERROR(hdsc_error_diagnostic(&diagnostic, error, hdsc_error_diagnostic_count(error)),
                 HDSC_ERROR_OUT_OF_RANGE, "past the");
    hdsc_error_free(error);
  }
  EXPECT_ERROR(hdsc_checker_check(&report, checker, kBadType, strlen(kBadType), &options),
               HDSC_ERROR_INVALID_ARGUMENT, "bad.json:1:");
  /* No name: the format is told from the content, and messages say "dossier". */
  options.dossier_name = NULL;
  EXPECT_ERROR(hdsc_checker_check(&report, checker, kBadType, strlen(kBadType), &options),
               HDSC_ERROR_INVALID_ARGUMENT, "dossier:1:");
  options.format = 42;
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

/* JSON -> XLSX -> JSON and JSON -> ODS -> JSON give back the canonical JSON; the example checks the same from an .ods. */
static void test_convert(hdsc_checker* checker) {
  static const char kJson[] =
      "{\"title\": \"T\", \"processing_activities\": [{\"id\": \"a\", \"legal_basis\": \"LEGAL_BASIS_CONSENT\","
      " \"purposes\": [\"x; y\", \"=z\"]}]}";
  static const char kBad[] = "{\"processing_activities\": [{\"legal_basis\": \"CONSENTMENT\"}]}";
  static const int kWorkbooks[] = {HDSC_DOSSIER_FORMAT_XLSX, HDSC_DOSSIER_FORMAT_ODS};
  hdsc_convert_options options;
  hdsc_diagnostics* warnings = NULL;
  hdsc_error* error;
  char* canonical = NULL;
  size_t canonical_len = 0;
  size_t i;

  if (!EXPECT_OK(hdsc_dossier_convert(&canonical, &canonical_len, NULL, kJson, strlen(kJson), HDSC_DOSSIER_FORMAT_JSON,
                                      HDSC_DOSSIER_FORMAT_JSON, NULL))) {
    return;
  }
  EXPECT(canonical_len == strlen(canonical) && strncmp(canonical, "{\n \"title\": \"T\",", 16) == 0);
  hdsc_convert_options_init(&options);
  EXPECT(options.struct_size == sizeof options && options.language == NULL && options.allow_unknown_fields == 0);
  options.language = "fr";
  for (i = 0; i < sizeof kWorkbooks / sizeof kWorkbooks[0]; ++i) {
    char* workbook = NULL;
    size_t workbook_len = 0;
    char* back = NULL;
    size_t back_len = 0;
    if (!EXPECT_OK(hdsc_dossier_convert(&workbook, &workbook_len, &warnings, kJson, strlen(kJson),
                                        HDSC_DOSSIER_FORMAT_JSON, kWorkbooks[i], &options))) {
      continue;
    }
    EXPECT(workbook_len > 1000 && memcmp(workbook, "PK\3\4", 4) == 0);
    EXPECT(warnings != NULL && hdsc_diagnostics_count(warnings) == 0);
    hdsc_diagnostics_free(warnings);
    warnings = NULL;
    /* No name: the content tells the format. */
    if (EXPECT_OK(hdsc_dossier_convert(&back, &back_len, NULL, workbook, workbook_len, HDSC_DOSSIER_FORMAT_AUTO,
                                       HDSC_DOSSIER_FORMAT_JSON, NULL))) {
      EXPECT(back_len == canonical_len && memcmp(back, canonical, back_len) == 0);
    }
    if (kWorkbooks[i] == HDSC_DOSSIER_FORMAT_ODS && checker != NULL) {
      hdsc_check_options check;
      hdsc_report* report = NULL;
      hdsc_check_options_init(&check);
      check.now_seconds = kNow;
      check.format = HDSC_DOSSIER_FORMAT_ODS;
      if (EXPECT_OK(hdsc_checker_check(&report, checker, workbook, workbook_len, &check))) {
        EXPECT(hdsc_report_finding_count(report) > 0);
        hdsc_report_free(report);
      }
    }
    hdsc_free(back);
    hdsc_free(workbook);
  }

  {
    char* out = (char*)&options;
    EXPECT_ERROR(hdsc_dossier_convert(NULL, NULL, NULL, kJson, strlen(kJson), 0, HDSC_DOSSIER_FORMAT_JSON, NULL),
                 HDSC_ERROR_INVALID_ARGUMENT, "out is NULL");
    EXPECT_ERROR(hdsc_dossier_convert(&out, NULL, NULL, kJson, strlen(kJson), 0, HDSC_DOSSIER_FORMAT_XLSX, NULL),
                 HDSC_ERROR_INVALID_ARGUMENT, "out_len is NULL");
    EXPECT(out == NULL);
    EXPECT_ERROR(hdsc_dossier_convert(&out, NULL, NULL, NULL, 3, 0, HDSC_DOSSIER_FORMAT_JSON, NULL),
                 HDSC_ERROR_INVALID_ARGUMENT, "data is NULL");
    EXPECT_ERROR(hdsc_dossier_convert(&out, NULL, NULL, kJson, strlen(kJson), 0, HDSC_DOSSIER_FORMAT_AUTO, NULL),
                 HDSC_ERROR_INVALID_ARGUMENT, "to_format is AUTO");
    EXPECT_ERROR(hdsc_dossier_convert(&out, NULL, NULL, kJson, strlen(kJson), 0, 42, NULL),
                 HDSC_ERROR_INVALID_ARGUMENT, "unknown dossier format 42");
    options.language = "de";
    EXPECT_ERROR(hdsc_dossier_convert(&out, NULL, NULL, kJson, strlen(kJson), 0, HDSC_DOSSIER_FORMAT_JSON, &options),
                 HDSC_ERROR_INVALID_ARGUMENT, "unknown language 'de'");
    error = hdsc_dossier_convert(&out, NULL, &warnings, kBad, strlen(kBad), HDSC_DOSSIER_FORMAT_JSON,
                                 HDSC_DOSSIER_FORMAT_JSON, NULL);
    EXPECT(hdsc_error_code(error) == HDSC_ERROR_INVALID_ARGUMENT && hdsc_error_diagnostic_count(error) == 1);
    EXPECT(warnings == NULL);
    hdsc_error_free(error);
  }
  hdsc_free(canonical);
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

/* Packs, parameters and waivers given in memory. */
static void test_packs_in_memory(void) {
  static const char kPack[] =
      "framework { id: \"HOUSE\" title { en: \"House rules\" } version: \"1\" }\n"
      "param { name: \"max_review_age\" default_value { duration_value: \"365d\" } }\n"
      "rule {\n"
      "  id: \"HOUSE-1\" severity: HIGH title { en: \"Activities are named\" }\n"
      "  for_each: \"processing_activities\"\n"
      "  require: \"record.name != '' && params.max_review_age > duration('1h')\"\n"
      "  reference { framework: \"HOUSE\" citation: \"§1\" }\n"
      "}\n";
  static const char kBrokenPack[] =
      "framework { id: \"HOUSE\" title { en: \"House rules\" } version: \"1\" }\n"
      "rule { id: \"HOUSE-2\" severity: LOW title { en: \"t\" } reference { framework: \"HOUSE\" citation: \"§2\" }\n"
      "  require: \"params.max_reveiw_age > duration('1h')\" }\n";
  static const char kDossier[] = "{\"processing_activities\": [{\"id\": \"pa-1\", \"name\": \"\"}]}";
  static const char kWaivers[] =
      "{\"waivers\": [{\"rule_id\": \"HOUSE-1\", \"subject\": \"processing_activities[0]\", "
      "\"reason\": \"renamed next week\", \"approver\": \"DPO\", \"expires_at\": \"2030-01-01T00:00:00Z\"}]}";
  hdsc_document pack = {"house.textpb", kPack, sizeof kPack - 1};
  hdsc_document broken = {"broken.textpb", kBrokenPack, sizeof kBrokenPack - 1};
  hdsc_document waivers = {"waivers.json", kWaivers, sizeof kWaivers - 1};
  hdsc_param param = {"max_review_age", "30d"};
  hdsc_checker_options options;
  hdsc_check_options check_options;
  hdsc_checker* checker = NULL;
  hdsc_report* report = NULL;
  hdsc_summary summary;
  hdsc_error* error;

  hdsc_checker_options_init(&options);
  options.rule_texts = &pack;
  options.rule_text_count = 1;
  options.params = &param;
  options.param_count = 1;
  if (EXPECT_OK(hdsc_checker_new(&checker, &options))) {
    EXPECT(hdsc_checker_rule_count(checker) == 1);
    EXPECT(strlen(hdsc_checker_packs_digest(checker)) == 64);
    hdsc_check_options_init(&check_options);
    check_options.now_seconds = kNow;
    if (EXPECT_OK(hdsc_checker_check(&report, checker, kDossier, strlen(kDossier), &check_options))) {
      hdsc_summary_init(&summary);
      EXPECT_OK(hdsc_report_summary(&summary, report));
      EXPECT(summary.fail == 1 && summary.fail_high == 1);
      hdsc_report_free(report);
    }
    hdsc_checker_free(checker);
  }

  /* The same failure, waived by a waivers document. */
  options.waiver_texts = &waivers;
  options.waiver_text_count = 1;
  checker = NULL;
  if (EXPECT_OK(hdsc_checker_new(&checker, &options))) {
    report = NULL;
    hdsc_check_options_init(&check_options);
    check_options.now_seconds = kNow;
    if (EXPECT_OK(hdsc_checker_check(&report, checker, kDossier, strlen(kDossier), &check_options))) {
      hdsc_summary_init(&summary);
      EXPECT_OK(hdsc_report_summary(&summary, report));
      EXPECT(summary.fail == 0 && summary.waived == 1);
      EXPECT(hdsc_report_has_failure(report, HDSC_SEVERITY_INFO) == 0);
      hdsc_report_free(report);
    }
    hdsc_checker_free(checker);
  }
  options.waiver_text_count = 0;

  /* Parameters are typed: a value of the wrong type, an undeclared name. */
  param.value = "soon";
  checker = NULL;
  EXPECT_ERROR(hdsc_checker_new(&checker, &options), HDSC_ERROR_INVALID_ARGUMENT, "max_review_age");
  param.name = "max_reveiw_age";
  param.value = "30d";
  EXPECT_ERROR(hdsc_checker_new(&checker, &options), HDSC_ERROR_INVALID_ARGUMENT, "max_reveiw_age");
  EXPECT(checker == NULL);

  /* A rule naming an undeclared parameter is refused at its place in the pack. */
  options.params = NULL;
  options.param_count = 0;
  options.rule_texts = &broken;
  error = hdsc_checker_new(&checker, &options);
  EXPECT(hdsc_error_code(error) == HDSC_ERROR_INVALID_ARGUMENT);
  EXPECT(strstr(hdsc_error_message(error), "broken.textpb:3:") != NULL);
  EXPECT(hdsc_error_diagnostic_count(error) == 1);
  hdsc_error_free(error);
  EXPECT(checker == NULL);
}

/* Counts progress calls, records the first call's stage, checks that the calls of stage `follow` come rule after
 * rule, and cancels after `cancel_after` calls (0: never). */
typedef struct progress_log {
  int calls;
  int cancel_after;
  int32_t follow;
  int32_t first_stage;
  int64_t last_done;
  int64_t total;
  int ordered;
} progress_log;

static void progress_log_init(progress_log* log, int32_t follow) {
  memset(log, 0, sizeof *log);
  log->follow = follow;
  log->first_stage = -1;
  log->last_done = -1;
  log->ordered = 1;
}

static int on_progress(void* context, const hdsc_progress* progress) {
  progress_log* log = (progress_log*)context;
  if (++log->calls == 1) log->first_stage = progress->stage;
  if (progress->stage == log->follow) {
    if (progress->done != log->last_done + 1 || progress->rule_id_len == 0) log->ordered = 0;
    log->last_done = progress->done;
    log->total = progress->total;
  }
  return log->cancel_after == 0 || log->calls < log->cancel_after;
}

/* hdsc_checker_new reports its progress, and can be cancelled. */
static void test_compile_progress(void) {
  hdsc_checker_options options;
  hdsc_checker* checker = NULL;
  progress_log log;
  progress_log_init(&log, HDSC_STAGE_COMPILING);
  hdsc_checker_options_init(&options);
  options.rule_paths = kRules;
  options.rule_path_count = 1;
  options.profile = "clinic";
  options.progress = on_progress;
  options.progress_context = &log;
  /* On the calling thread alone, and with others: each rule reported once, in order. */
  for (options.compile_threads = 1; options.compile_threads <= 2; ++options.compile_threads) {
    progress_log_init(&log, HDSC_STAGE_COMPILING);
    if (EXPECT_OK(hdsc_checker_new(&checker, &options))) {
      EXPECT(log.first_stage == HDSC_STAGE_READING_PACKS && log.ordered);
      /* Every rule of the packs is compiled, those of the profile and the others. */
      EXPECT(log.total >= (int64_t)hdsc_checker_rule_count(checker) && log.last_done + 1 == log.total);
      hdsc_checker_free(checker);
      checker = NULL;
    }
  }
  log.calls = 0;
  log.cancel_after = 2;
  EXPECT_ERROR(hdsc_checker_new(&checker, &options), HDSC_ERROR_CANCELLED, "cancelled");
  EXPECT(checker == NULL && log.calls == 2);
}

/* Progress with cancel, a baseline, an evidence root, and checking a file. */
static void test_check_options(hdsc_checker* checker) {
  hdsc_check_options options;
  hdsc_report* report = NULL;
  hdsc_report* again = NULL;
  hdsc_summary summary;
  progress_log log;
  char* json = NULL;
  size_t json_len = 0;

  progress_log_init(&log, HDSC_STAGE_CHECKING);
  hdsc_check_options_init(&options);
  options.now_seconds = kNow;
  options.progress = on_progress;
  options.progress_context = &log;
  if (!EXPECT_OK(hdsc_checker_check_file(&report, checker, kExample, &options))) return;
  EXPECT(log.first_stage == HDSC_STAGE_LOADING && log.ordered);
  EXPECT(log.total == (int64_t)hdsc_checker_rule_count(checker));
  EXPECT(log.last_done + 1 == log.total);

  log.calls = 0;
  log.cancel_after = 3;
  EXPECT_ERROR(hdsc_checker_check_file(&again, checker, kExample, &options), HDSC_ERROR_CANCELLED, "cancelled");
  EXPECT(again == NULL && log.calls == 3);
  options.progress = NULL;

  /* Against its own JSON as the baseline, nothing is new. */
  if (EXPECT_OK(hdsc_report_render(&json, &json_len, report, HDSC_RENDER_JSON, 0))) {
    hdsc_document baseline;
    baseline.name = "last-month.json";
    baseline.data = json;
    baseline.len = json_len;
    options.baseline = &baseline;
    if (EXPECT_OK(hdsc_checker_check_file(&again, checker, kExample, &options))) {
      hdsc_summary_init(&summary);
      EXPECT_OK(hdsc_report_summary(&summary, again));
      EXPECT(summary.fail > 0 && summary.in_baseline >= summary.fail);
      EXPECT(summary.worst_new_failing_severity == HDSC_SEVERITY_UNSPECIFIED);
      EXPECT(hdsc_report_has_failure(again, HDSC_SEVERITY_INFO) == 0);
      hdsc_report_free(again);
      again = NULL;
    }
    baseline.data = "{";
    baseline.len = 1;
    EXPECT_ERROR(hdsc_checker_check_file(&again, checker, kExample, &options), HDSC_ERROR_INVALID_ARGUMENT,
                 "last-month.json");
    options.baseline = NULL;
    hdsc_free(json);
  }

  /* Evidence files are looked for under the root: the examples directory holds none of them. */
  options.evidence_root = "controls/examples";
  if (EXPECT_OK(hdsc_checker_check_file(&again, checker, kExample, &options))) {
    size_t i;
    int evidence_findings = 0;
    for (i = 0; i < hdsc_report_finding_count(again); ++i) {
      hdsc_finding finding;
      hdsc_finding_init(&finding);
      EXPECT_OK(hdsc_report_finding(&finding, again, i));
      if (strncmp(finding.rule_id, "HDSC-EVIDENCE-", 14) == 0) ++evidence_findings;
    }
    EXPECT(evidence_findings > 0);
    hdsc_report_free(again);
    again = NULL;
  }
  /* Budgets: a tiny step budget makes ERROR findings; a time limit of 1 ms stops the check. */
  options.max_evaluation_steps = 10;
  if (EXPECT_OK(hdsc_checker_check_file(&again, checker, kExample, &options))) {
    hdsc_summary summary_with_budget;
    hdsc_summary_init(&summary_with_budget);
    EXPECT_OK(hdsc_report_summary(&summary_with_budget, again));
    EXPECT(summary_with_budget.error > 0);
    hdsc_report_free(again);
    again = NULL;
  }
  options.max_evaluation_steps = 0;
  options.time_limit_millis = 1;
  EXPECT_ERROR(hdsc_checker_check_file(&again, checker, kExample, &options), HDSC_ERROR_DEADLINE_EXCEEDED,
               "time limit");
  options.time_limit_millis = -1;
  EXPECT_ERROR(hdsc_checker_check_file(&again, checker, kExample, &options), HDSC_ERROR_INVALID_ARGUMENT,
               "time_limit_millis");
  options.time_limit_millis = 0;
  /* Input limits: the example is larger than 1,000 bytes; a negative limit is refused. */
  options.max_input_bytes = 1000;
  EXPECT_ERROR(hdsc_checker_check_file(&again, checker, kExample, &options), HDSC_ERROR_RESOURCE_EXHAUSTED,
               "limit of 1000 bytes");
  options.max_input_bytes = -1;
  EXPECT_ERROR(hdsc_checker_check_file(&again, checker, kExample, &options), HDSC_ERROR_INVALID_ARGUMENT,
               "max_input_bytes");
  options.max_input_bytes = 0;
  options.evidence_root = "no/such/root";
  {
    hdsc_error* missing_root = hdsc_checker_check_file(&again, checker, kExample, &options);
    EXPECT(missing_root != NULL);
    hdsc_error_free(missing_root);
  }
  options.evidence_root = NULL;

  EXPECT_ERROR(hdsc_checker_check_file(&again, checker, "no/such/dossier.json", &options), HDSC_ERROR_NOT_FOUND,
               "no/such/dossier.json");
  hdsc_report_free(report);
}

/* A report signed with an Ed25519 key (RFC 8032 test 1) verifies; a modified one does not. */
static void test_sign_verify(void) {
  static const char kPrivate[] =
      "-----BEGIN PRIVATE KEY-----\n"
      "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
      "-----END PRIVATE KEY-----\n";
  static const char kPublic[] =
      "-----BEGIN PUBLIC KEY-----\n"
      "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
      "-----END PUBLIC KEY-----\n";
  static const char kReport[] = "{\"counts\": {}}";
  char* signature = NULL;
  size_t signature_len = 0;
  if (!EXPECT_OK(hdsc_report_sign(&signature, &signature_len, kReport, strlen(kReport), kPrivate,
                                  strlen(kPrivate)))) {
    return;
  }
  EXPECT_OK(hdsc_report_verify(kReport, strlen(kReport), signature, signature_len, kPublic, strlen(kPublic)));
  EXPECT_ERROR(hdsc_report_verify("{}", 2, signature, signature_len, kPublic, strlen(kPublic)), HDSC_ERROR_DATA_LOSS,
               "");
  hdsc_free(signature);
  signature = NULL;
  EXPECT_ERROR(hdsc_report_sign(&signature, NULL, kReport, strlen(kReport), "not a key", 9),
               HDSC_ERROR_INVALID_ARGUMENT, "");
  EXPECT(signature == NULL);
}

/* A length no buffer has (a failed read's -1 as size_t) is refused before a byte is read. */
static void test_huge_lengths(hdsc_checker* checker) {
  static const char kSmall[] = "{}";
  const size_t huge = (size_t)-1;
  hdsc_report* report = NULL;
  hdsc_diagnostics* diagnostics = NULL;
  char* text = NULL;
  hdsc_document baseline = {"b.json", kSmall, (size_t)1 << 62};
  hdsc_check_options options;
  EXPECT_ERROR(hdsc_checker_check(&report, checker, kSmall, huge, NULL), HDSC_ERROR_RESOURCE_EXHAUSTED, "length");
  EXPECT_ERROR(hdsc_dossier_validate(&diagnostics, kSmall, huge, HDSC_DOSSIER_FORMAT_AUTO, NULL),
               HDSC_ERROR_RESOURCE_EXHAUSTED, "length");
  EXPECT_ERROR(hdsc_eval(&text, NULL, kSmall, huge, NULL), HDSC_ERROR_RESOURCE_EXHAUSTED, "length");
  EXPECT_ERROR(hdsc_report_sign(&text, NULL, kSmall, huge, kSmall, 2), HDSC_ERROR_RESOURCE_EXHAUSTED, "length");
  hdsc_check_options_init(&options);
  options.baseline = &baseline;
  EXPECT_ERROR(hdsc_checker_check(&report, checker, kSmall, 2, &options), HDSC_ERROR_RESOURCE_EXHAUSTED,
               "baseline->data length");
  EXPECT(report == NULL && diagnostics == NULL && text == NULL);
}

/* Diffs of reports, hashes of evidence, validation of files. */
static void test_files_and_reports(hdsc_checker* checker) {
  hdsc_report* report = NULL;
  hdsc_diagnostics* diagnostics = NULL;
  hdsc_check_options options;
  char* text = NULL;
  size_t text_len = 0;

  hdsc_check_options_init(&options);
  options.now_seconds = kNow;
  if (EXPECT_OK(hdsc_checker_check_file(&report, checker, kExample, &options))) {
    if (EXPECT_OK(hdsc_report_render(&text, &text_len, report, HDSC_RENDER_JSON, 0))) {
      hdsc_document old_report = {"old.json", text, text_len};
      hdsc_document new_report = {"new.json", text, text_len};
      hdsc_document not_json = {"notes.txt", "hello", 5};
      char* diff = NULL;
      if (EXPECT_OK(hdsc_report_diff(&diff, NULL, &old_report, &new_report))) {
        EXPECT(strncmp(diff, "0 new, 0 fixed, ", 16) == 0);
        hdsc_free(diff);
      }
      EXPECT_ERROR(hdsc_report_diff(&diff, NULL, &old_report, &not_json), HDSC_ERROR_INVALID_ARGUMENT, "notes.txt");
      hdsc_free(text);
    }
    hdsc_report_free(report);
  }

  text = NULL;
  {
    /* A real directory: the runfiles are symbolic links, which hashing does not follow. */
    const char* root = getenv("TEST_TMPDIR");
    char path[4096];
    FILE* file;
    EXPECT(root != NULL && strlen(root) < 4000);
    if (root != NULL && strlen(root) < 4000) {
      sprintf(path, "%s/policy.txt", root);
      file = fopen(path, "wb");
      EXPECT(file != NULL);
      if (file != NULL) {
        fputs("security policy v3\n", file);
        fclose(file);
      }
      if (EXPECT_OK(hdsc_evidence_hash(&text, NULL, root))) {
        EXPECT(strstr(text, "\"policy.txt\"") != NULL);
        hdsc_free(text);
      }
    }
  }
  EXPECT_ERROR(hdsc_evidence_hash(&text, NULL, "no/such/evidence"), HDSC_ERROR_NOT_FOUND, "no/such/evidence");

  if (EXPECT_OK(hdsc_dossier_validate_file(&diagnostics, kExample, HDSC_DOSSIER_FORMAT_AUTO))) {
    EXPECT(hdsc_diagnostics_count(diagnostics) == 0);
    hdsc_diagnostics_free(diagnostics);
  }
  diagnostics = NULL;
  EXPECT_ERROR(hdsc_dossier_validate_file(&diagnostics, "no/such.json", HDSC_DOSSIER_FORMAT_AUTO),
               HDSC_ERROR_NOT_FOUND, "no/such.json");
  EXPECT(diagnostics == NULL);
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
  test_packs_in_memory();
  test_sign_verify();
  test_init();
  test_compile_progress();
  checker = new_checker(NULL);
  EXPECT(checker != NULL);
  if (checker != NULL) {
    EXPECT(hdsc_checker_rule_count(checker) > 10);
    test_check_example(checker);
    test_check_bad_dossier(checker);
    test_profile(checker);
    test_check_options(checker);
    test_files_and_reports(checker);
    test_convert(checker);
    test_huge_lengths(checker);
    hdsc_checker_free(checker);
  }
  return test_result("all C API tests passed");
}
