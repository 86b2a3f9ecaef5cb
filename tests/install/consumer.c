/* A program built against an installed hdsc: `#include <hdsc/hdsc.h>`, flags from pkg-config. It checks the dossier
 * named on its command line with the bundled packs, which libhdsc finds in its own prefix.
 *   usage: consumer DOSSIER      exit: 0 nothing fails, 1 something fails, 2 could not check */
#include <hdsc/hdsc.h>
#include <stdio.h>

int main(int argc, char** argv) {
  hdsc_checker_options options;
  hdsc_check_options check_options;
  hdsc_checker* checker = NULL;
  hdsc_report* report = NULL;
  hdsc_summary summary;
  hdsc_error* error;
  int failing;
  if (argc != 2) return 2;
  hdsc_checker_options_init(&options);
  options.profile = "hospital";
  error = hdsc_checker_new(&checker, &options);
  if (error == NULL) {
    hdsc_check_options_init(&check_options);
    check_options.now_seconds = 1795824000;
    error = hdsc_checker_check_file(&report, checker, argv[1], &check_options);
  }
  if (error != NULL) {
    fprintf(stderr, "consumer: %s\n", hdsc_error_message(error));
    hdsc_error_free(error);
    hdsc_checker_free(checker);
    return 2;
  }
  hdsc_summary_init(&summary);
  hdsc_report_summary(&summary, report);
  printf("libhdsc %s: %u rules, %lld failing\n", hdsc_version_string(), (unsigned)hdsc_checker_rule_count(checker),
         (long long)summary.fail);
  failing = hdsc_report_has_failure(report, HDSC_SEVERITY_INFO);
  hdsc_report_free(report);
  hdsc_checker_free(checker);
  return failing ? 1 : 0;
}
