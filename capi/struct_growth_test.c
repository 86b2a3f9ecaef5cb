/* The growth rule of hdsc.h, tried as programs built against other headers would: a caller whose structs are
 * shorter (an older header: fewer fields) and one whose structs are longer (a newer header: one more field) both
 * run against this library. The library must read only `struct_size` bytes, take its defaults for the rest, refuse
 * unknown nonzero fields, and write an output struct only up to the caller's size. */
#include "hdsc.h"
#include "c_test.h"

#include <stdio.h>
#include <string.h>


static const char kExample[] = "controls/examples/university-hospital.json";
static const int64_t kNow = 1795824000;
/* What the bytes past a short struct hold: were they read, every option would be set and every pointer wild. */
static const unsigned char kGarbage = 0xAB;

/* hdsc_check_options as an older header declares it: the fields up to dossier_name. */
typedef struct old_check_options {
  size_t struct_size;
  int64_t now_seconds;
  int32_t now_nanos;
  int32_t format;
  const char* language;
  const char* dossier_name;
} old_check_options;

/* hdsc_finding as an older header declares it: the fields up to rule_id_len. */
typedef struct old_finding {
  size_t struct_size;
  int32_t status;
  int32_t severity;
  const char* rule_id;
  size_t rule_id_len;
} old_finding;

/* The structs as a newer header declares them: one more field at the end. */
typedef struct new_check_options {
  hdsc_check_options current;
  int64_t added_later;
} new_check_options;

typedef struct new_finding {
  hdsc_finding current;
  int64_t added_later;
} new_finding;

static hdsc_checker* checker = NULL;

static size_t full_finding_count(void) {
  hdsc_report* report = NULL;
  hdsc_check_options options;
  size_t count = 0;
  hdsc_check_options_init(&options);
  options.now_seconds = kNow;
  if (hdsc_checker_check_file(&report, checker, kExample, &options) == NULL) count = hdsc_report_finding_count(report);
  hdsc_report_free(report);
  return count;
}

static void test_older_caller(size_t expected_findings) {
  /* The old struct at the start of a larger buffer of garbage. */
  union {
    unsigned char bytes[sizeof(hdsc_check_options) + 64];
    old_check_options options;
    hdsc_check_options aligned;
  } input;
  union {
    unsigned char bytes[sizeof(hdsc_finding) + 64];
    old_finding finding;
    hdsc_finding aligned;
  } output;
  hdsc_report* report = NULL;
  hdsc_error* error;
  size_t i;

  memset(input.bytes, kGarbage, sizeof input.bytes);
  memset(&input.options, 0, sizeof input.options);
  input.options.struct_size = sizeof(old_check_options);
  input.options.now_seconds = kNow;
  input.options.dossier_name = "old-caller.json";
  error = hdsc_checker_check_file(&report, checker, kExample, &input.aligned);
  EXPECT(error == NULL);
  if (error != NULL) fprintf(stderr, "older caller: %s\n", hdsc_error_message(error));
  hdsc_error_free(error);
  if (report == NULL) return;
  /* The fields the old caller lacks took their defaults: passing findings kept, no progress callback, no baseline. */
  EXPECT(hdsc_report_finding_count(report) == expected_findings);

  memset(output.bytes, kGarbage, sizeof output.bytes);
  output.finding.struct_size = sizeof(old_finding);
  EXPECT(hdsc_report_finding(&output.aligned, report, 0) == NULL);
  EXPECT(output.finding.struct_size == sizeof(old_finding));
  EXPECT(output.finding.rule_id != NULL && strlen(output.finding.rule_id) == output.finding.rule_id_len);
  EXPECT(output.finding.status == HDSC_STATUS_FAIL);
  for (i = sizeof(old_finding); i < sizeof output.bytes; ++i) {
    if (output.bytes[i] != kGarbage) {
      fprintf(stderr, "the library wrote byte %u of a %u-byte hdsc_finding\n", (unsigned)i,
              (unsigned)sizeof(old_finding));
      ++failures;
      break;
    }
  }
  hdsc_report_free(report);
}

static void test_newer_caller(size_t expected_findings) {
  new_check_options options;
  new_finding finding;
  hdsc_report* report = NULL;
  hdsc_error* error;

  memset(&options, 0, sizeof options);
  hdsc_check_options_init(&options.current);
  options.current.struct_size = sizeof options;
  options.current.now_seconds = kNow;
  error = hdsc_checker_check_file(&report, checker, kExample, &options.current);
  EXPECT(error == NULL);
  hdsc_error_free(error);
  EXPECT(hdsc_report_finding_count(report) == expected_findings);

  /* A field this library does not know, set: refused rather than ignored. */
  options.added_later = 1;
  {
    hdsc_report* refused = NULL;
    error = hdsc_checker_check_file(&refused, checker, kExample, &options.current);
    EXPECT(hdsc_error_code(error) == HDSC_ERROR_INVALID_ARGUMENT);
    EXPECT(strstr(hdsc_error_message(error), "does not know") != NULL);
    EXPECT(refused == NULL);
    hdsc_error_free(error);
  }

  /* An output struct longer than the library's: the part it does not know is left alone. */
  if (report != NULL) {
    memset(&finding, 0, sizeof finding);
    finding.current.struct_size = sizeof finding;
    finding.added_later = 77;
    EXPECT(hdsc_report_finding(&finding.current, report, 0) == NULL);
    EXPECT(finding.current.struct_size == sizeof finding);
    EXPECT(finding.current.rule_id_len > 0);
    EXPECT(finding.added_later == 77);
  }
  hdsc_report_free(report);
}

int main(void) {
  hdsc_checker_options options;
  size_t expected;
  hdsc_checker_options_init(&options);
  if (hdsc_checker_new(&checker, &options) != NULL) {
    fprintf(stderr, "cannot load the bundled packs\n");
    return 1;
  }
  expected = full_finding_count();
  EXPECT(expected > 0);
  test_older_caller(expected);
  test_newer_caller(expected);
  hdsc_checker_free(checker);
  return test_result("older and newer callers both work");
}
