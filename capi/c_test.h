/* What the C tests of libhdsc share: a failure count and EXPECT. C99, for test programs only. */
#ifndef HDSC_CAPI_C_TEST_H_
#define HDSC_CAPI_C_TEST_H_

#include <stdio.h>

static int failures = 0;

#define EXPECT(condition)                                                      \
  do {                                                                         \
    if (!(condition)) {                                                        \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #condition); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* The exit status of a test program: 0 when nothing failed, after saying `success` or how many failures. */
static int test_result(const char* success) {
  if (failures != 0) {
    fprintf(stderr, "%d failures\n", failures);
    return 1;
  }
  printf("%s\n", success);
  return 0;
}

#endif /* HDSC_CAPI_C_TEST_H_ */
