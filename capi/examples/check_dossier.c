/* check_dossier: load rule packs once, check a dossier file, print the findings that fail.
 *
 *   usage: check_dossier RULES_DIR DOSSIER [UNIX_SECONDS]
 *   exit:  0 nothing fails, 1 some finding fails (FAIL or ERROR), 2 could not check
 *
 * Build against an installed libhdsc:  cc -std=c99 check_dossier.c $(pkg-config --cflags --libs hdsc) -o check_dossier
 * (see docs/c-api.md). In a real product the checker is created once at start-up and shared by every thread. */
#include <hdsc/hdsc.h>
#include <stdio.h>
#include <stdlib.h>

/* Prints `error` after `what`, frees it, and returns the exit code for "could not check". */
static int report_error(const char* what, hdsc_error* error) {
  fprintf(stderr, "%s: %s (%s)\n", what, hdsc_error_message(error), hdsc_code_name(hdsc_error_code(error)));
  hdsc_error_free(error);
  return 2;
}

int main(int argc, char** argv) {
  hdsc_checker_options checker_options;
  hdsc_check_options check_options;
  hdsc_checker* checker = NULL;
  hdsc_report* report = NULL;
  hdsc_summary summary;
  hdsc_error* error;
  size_t i;
  size_t k;
  int failing;

  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: %s RULES_DIR DOSSIER [UNIX_SECONDS]\n", argv[0]);
    return 2;
  }
  if (hdsc_abi_version() != HDSC_ABI_VERSION) {
    fprintf(stderr, "libhdsc ABI %u, built for %d\n", hdsc_abi_version(), HDSC_ABI_VERSION);
    return 2;
  }

  /* 1. Compile the rule packs once. */
  hdsc_checker_options_init(&checker_options);
  checker_options.rule_paths = (const char* const*)&argv[1];
  checker_options.rule_path_count = 1;
  error = hdsc_checker_new(&checker, &checker_options);
  if (error != NULL) return report_error("loading the rule packs", error);

  /* 2. Check one dossier file (JSON, textproto or binary: told from the name, else from the content). */
  hdsc_check_options_init(&check_options); /* now = the current time */
  if (argc == 4) { /* a fixed time, for reproducible output */
    check_options.now_seconds = strtoll(argv[3], NULL, 10);
    check_options.now_nanos = 0;
  }
  check_options.omit_passing_findings = 1;
  error = hdsc_checker_check_file(&report, checker, argv[2], &check_options);
  if (error != NULL) {
    hdsc_checker_free(checker);
    return report_error(argv[2], error);
  }

  /* 3. Print what fails, worst first. */
  for (i = 0; i < hdsc_report_finding_count(report); ++i) {
    hdsc_finding finding;
    hdsc_finding_init(&finding);
    error = hdsc_report_finding(&finding, report, i);
    if (error != NULL) return report_error("reading a finding", error);
    if (finding.status != HDSC_STATUS_FAIL && finding.status != HDSC_STATUS_ERROR) continue;
    printf("%s %-12s %s: %s\n", finding.status == HDSC_STATUS_FAIL ? "FAIL " : "ERROR", finding.rule_id,
           finding.subject_len > 0 ? finding.subject : "(dossier)", finding.message);
    for (k = 0; k < finding.reference_count; ++k) { /* the texts the rule enforces */
      hdsc_reference reference;
      hdsc_reference_init(&reference);
      error = hdsc_report_finding_reference(&reference, report, i, k);
      if (error != NULL) return report_error("reading a citation", error);
      printf("      cites %s %s\n", reference.framework, reference.citation);
    }
  }
  hdsc_summary_init(&summary);
  error = hdsc_report_summary(&summary, report);
  if (error != NULL) return report_error("reading the summary", error);
  printf("%lld failing, %lld errors, %lld passing, %lld waived\n", (long long)summary.fail, (long long)summary.error,
         (long long)summary.pass, (long long)summary.waived);

  /* 4. Gate: any FAIL or ERROR finding at INFO or worse (as `hdscheck check --fail-on INFO`). */
  failing = hdsc_report_has_failure(report, HDSC_SEVERITY_INFO);
  hdsc_report_free(report);
  hdsc_checker_free(checker);
  return failing ? 1 : 0;
}
