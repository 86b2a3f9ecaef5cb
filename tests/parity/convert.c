/* Converts one dossier file through the C interface, for the front-end parity test.
 *   usage: convert IN OUT FORMAT LANG     (FORMAT: json, textproto, binary, xlsx or ods) */
#include <hdsc/hdsc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  static const char* const kFormats[] = {"auto", "json", "textproto", "binary", "xlsx", "ods"};
  hdsc_convert_options options;
  hdsc_error* error;
  char* input = NULL;
  char* output = NULL;
  size_t output_len = 0;
  long length = 0;
  int to = -1;
  int i;
  FILE* file;
  if (argc != 5) {
    fprintf(stderr, "usage: %s IN OUT FORMAT LANG\n", argv[0]);
    return 2;
  }
  for (i = 1; i < 6; ++i) {
    if (strcmp(argv[3], kFormats[i]) == 0) to = i;
  }
  file = fopen(argv[1], "rb");
  if (to < 0 || file == NULL || fseek(file, 0, SEEK_END) != 0 || (length = ftell(file)) < 0 ||
      fseek(file, 0, SEEK_SET) != 0 || (input = (char*)malloc((size_t)length + 1)) == NULL ||
      fread(input, 1, (size_t)length, file) != (size_t)length) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  fclose(file);
  hdsc_convert_options_init(&options);
  options.name = argv[1];
  options.language = argv[4];
  error = hdsc_dossier_convert(&output, &output_len, NULL, input, (size_t)length, HDSC_DOSSIER_FORMAT_AUTO, to,
                               &options);
  if (error != NULL) {
    fprintf(stderr, "hdsc_dossier_convert: %s\n", hdsc_error_message(error));
    hdsc_error_free(error);
    return 1;
  }
  file = fopen(argv[2], "wb");
  if (file == NULL || fwrite(output, 1, output_len, file) != output_len || fclose(file) != 0) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  hdsc_free(output);
  free(input);
  return 0;
}
