/* Renders one dossier's report in the given formats through the C interface, into DIR/report.<ext>, or writes a
 * starter dossier to standard output, for the front-end parity test.
 *   usage: render PROFILE LANG NOW_SECONDS DOSSIER DIR FORMAT...
 *          render --init PROFILE LANG FORMAT          (FORMAT: json, textproto, binary, xlsx or ods) */
#include <hdsc/hdsc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char* what, hdsc_error* error) {
  fprintf(stderr, "%s: %s\n", what, hdsc_error_message(error));
  hdsc_error_free(error);
  return 1;
}

int main(int argc, char** argv) {
  hdsc_checker_options checker_options;
  hdsc_check_options check_options;
  hdsc_checker* checker = NULL;
  hdsc_report* report = NULL;
  hdsc_error* error;
  int i;
  if (argc == 5 && strcmp(argv[1], "--init") == 0) {
    char* starter = NULL;
    size_t len = 0;
    const int format = strcmp(argv[4], "textproto") == 0 ? HDSC_DOSSIER_FORMAT_TEXTPROTO
                       : strcmp(argv[4], "binary") == 0  ? HDSC_DOSSIER_FORMAT_BINARY
                       : strcmp(argv[4], "xlsx") == 0    ? HDSC_DOSSIER_FORMAT_XLSX
                       : strcmp(argv[4], "ods") == 0     ? HDSC_DOSSIER_FORMAT_ODS
                                                         : HDSC_DOSSIER_FORMAT_JSON;
    error = hdsc_dossier_init(&starter, &len, argv[2], argv[3], format);
    if (error != NULL) return fail("hdsc_dossier_init", error);
    if (fwrite(starter, 1, len, stdout) != len) return 1;
    hdsc_free(starter);
    return 0;
  }
  if (argc < 7) {
    fprintf(stderr, "usage: %s PROFILE LANG NOW_SECONDS DOSSIER DIR FORMAT...\n", argv[0]);
    return 2;
  }
  hdsc_checker_options_init(&checker_options);
  checker_options.profile = argv[1];
  checker_options.language = argv[2];
  error = hdsc_checker_new(&checker, &checker_options);
  if (error != NULL) return fail("hdsc_checker_new", error);
  hdsc_check_options_init(&check_options);
  check_options.now_seconds = strtoll(argv[3], NULL, 10);
  error = hdsc_checker_check_file(&report, checker, argv[4], &check_options);
  if (error != NULL) return fail("hdsc_checker_check_file", error);
  for (i = 6; i < argc; ++i) {
    int format = 0;
    char* text = NULL;
    size_t len = 0;
    char path[4096];
    FILE* file;
    error = hdsc_render_format_parse(&format, argv[i]);
    if (error == NULL) error = hdsc_report_render(&text, &len, report, format, 0);
    if (error != NULL) return fail(argv[i], error);
    snprintf(path, sizeof path, "%s/%s", argv[5], hdsc_render_format_file_name(format));
    file = fopen(path, "wb");
    if (file == NULL || fwrite(text, 1, len, file) != len || fclose(file) != 0) {
      fprintf(stderr, "cannot write %s\n", path);
      return 1;
    }
    hdsc_free(text);
  }
  hdsc_report_free(report);
  hdsc_checker_free(checker);
  return 0;
}
