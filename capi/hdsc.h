/*
 * hdsc.h: the stable C interface of libhdsc, which checks a health organisation's compliance dossier against rule
 * packs (French HDS certification, ISO 27001:2022, GDPR).
 *
 *   hdsc_checker_options options;
 *   hdsc_checker_options_init(&options);              // no rule path: the bundled packs
 *   options.profile = "hospital";
 *   hdsc_checker* checker = NULL;
 *   hdsc_error* error = hdsc_checker_new(&checker, &options);        // once, at start-up
 *   ...
 *   hdsc_report* report = NULL;
 *   error = hdsc_checker_check(&report, checker, data, size, NULL);  // per dossier, from any thread
 *   char* sarif = NULL;
 *   error = hdsc_report_render(&sarif, NULL, report, HDSC_RENDER_SARIF, 0);
 *   ...
 *   hdsc_free(sarif);
 *   hdsc_report_free(report);
 *   hdsc_checker_free(checker);
 *
 * Conventions
 * -----------
 * Names.      Functions are `hdsc_<object>_<verb>`, types `hdsc_<name>`, macros `HDSC_*`. Nothing else is exported.
 * Errors.     A call that can fail returns `hdsc_error*`: NULL on success, otherwise an error object the caller
 *             frees with `hdsc_error_free`. Its code (`hdsc_error_code`) has the values of absl::StatusCode and its
 *             message is one line naming the place (file:line:col or a field path). An error about located
 *             problems (a broken rule pack, an invalid dossier, an expression that does not compile) also carries
 *             every problem (`hdsc_error_diagnostic_count`, `hdsc_error_diagnostic`). There is no global or
 *             thread-local error state. On failure, output parameters are left NULL / zero.
 *             Compliance outcomes (a FAIL, a rule that could not be evaluated) are data in the report, never
 *             errors: an error means the call itself could not do its work.
 * NULL.       Every function accepts NULL for every pointer: a NULL required argument is HDSC_ERROR_INVALID_ARGUMENT
 *             (or a harmless no-op / 0 / "" for functions that cannot fail). `hdsc_*_free(NULL)` does nothing.
 * Crashes.    No C++ exception and no abort crosses this interface: failures inside the library become errors
 *             (HDSC_ERROR_INTERNAL, or HDSC_ERROR_RESOURCE_EXHAUSTED when memory runs out).
 * Output.     Output parameters come first; a single one is named `out`.
 * Ownership.  What the library allocates, the library frees: handles with their `hdsc_<type>_free`, buffers
 *             (`char*` results) with `hdsc_free`. Never pass them to the C library's `free`.
 * Strings.    Document contents and expressions go in as `const char* data, size_t len` (UTF-8, not necessarily
 *             NUL-terminated). File paths and short identifiers (profile, language) are NUL-terminated UTF-8.
 *             Strings handed out are UTF-8, NUL-terminated, and come with their length.
 * Enums.      Enumeration values travel as `int32_t` fields and `int` parameters, so that a value this library does
 *             not know is an INVALID_ARGUMENT error, never undefined behaviour.
 * Time.       Times are UTC seconds since 1970-01-01T00:00:00Z (`int64_t`) plus nanoseconds (`int32_t`, 0..999999999).
 *             HDSC_NOW_CURRENT as the seconds means "the current time".
 * Growth.     Every options and output struct starts with `size_t struct_size`, which the `_init` functions of this
 *             header set to the caller's `sizeof`: they are inline, so the size recorded is the one the caller was
 *             compiled with. Fields are only ever appended, never reordered or removed. The library reads only the
 *             `struct_size` bytes the caller has and takes its defaults for the fields the caller's header does not
 *             know; it accepts a larger struct (from a newer header) when the fields it does not know are zero. It
 *             writes an output struct only up to the caller's `struct_size`. So a program keeps working with a newer
 *             library, and with an older one as long as it leaves newer fields at their defaults.
 *             Enumerations only gain values.
 * Threads.    An `hdsc_checker` is immutable once created: any number of threads may check dossiers with one
 *             checker at the same time. An `hdsc_report`, `hdsc_diagnostics` and `hdsc_error` are immutable too: they
 *             may be read from several threads at once, but must not be freed while another thread reads them.
 * Versions.   HDSC_VERSION_* describe this header; `hdsc_version_number()` the library actually loaded. The ABI
 *             version (HDSC_ABI_VERSION, the SONAME `libhdsc.so.<ABI>`) changes only on an incompatible change.
 */
#ifndef HDSC_CAPI_HDSC_H_
#define HDSC_CAPI_HDSC_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the exported functions. Define HDSC_STATIC when linking a static copy of the library on Windows. */
#if defined(_WIN32) && !defined(HDSC_STATIC)
#if defined(HDSC_BUILDING_LIBRARY)
#define HDSC_API __declspec(dllexport)
#else
#define HDSC_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define HDSC_API __attribute__((visibility("default")))
#else
#define HDSC_API
#endif

/* The `_init` functions are compiled into the caller. */
#if defined(__cplusplus)
#define HDSC_INLINE inline
#else
#define HDSC_INLINE static inline
#endif

/* ------------------------------------------------------------------------------------------------------------ */
/* Versions                                                                                                      */
/* ------------------------------------------------------------------------------------------------------------ */

#define HDSC_VERSION_MAJOR 0
#define HDSC_VERSION_MINOR 2
#define HDSC_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH: 200 for 0.2.0. */
#define HDSC_VERSION_NUMBER (HDSC_VERSION_MAJOR * 10000 + HDSC_VERSION_MINOR * 100 + HDSC_VERSION_PATCH)
#define HDSC_VERSION_STRING "0.2.0"
/* The ABI version: the N of the SONAME libhdsc.so.N. */
#define HDSC_ABI_VERSION 2

/* The release of the library loaded at run time, as HDSC_VERSION_NUMBER. Since 0.2.0. */
HDSC_API unsigned hdsc_version_number(void);

/* The release of the library loaded at run time, as HDSC_VERSION_STRING ("0.2.0"). Static storage: never free it.
 * Since 0.2.0. */
HDSC_API const char* hdsc_version_string(void);

/* The ABI version of the library loaded at run time, as HDSC_ABI_VERSION. A program may refuse to run when it
 * differs from the HDSC_ABI_VERSION it was compiled with. Since 0.2.0. */
HDSC_API unsigned hdsc_abi_version(void);

/* ------------------------------------------------------------------------------------------------------------ */
/* Errors and memory                                                                                             */
/* ------------------------------------------------------------------------------------------------------------ */

/* Error codes: the values of absl::StatusCode (and of google.rpc.Code). */
typedef enum hdsc_code {
  HDSC_OK = 0,
  /* The progress callback asked to stop. */
  HDSC_ERROR_CANCELLED = 1,
  HDSC_ERROR_UNKNOWN = 2,
  /* A bad argument: a NULL required pointer, an unknown enum value, an invalid dossier (the error carries its
   * problems), a broken rule pack, an expression that does not compile, an unknown parameter. */
  HDSC_ERROR_INVALID_ARGUMENT = 3,
  HDSC_ERROR_DEADLINE_EXCEEDED = 4,
  /* A file or directory that does not exist (a rule path), an unknown profile. */
  HDSC_ERROR_NOT_FOUND = 5,
  HDSC_ERROR_ALREADY_EXISTS = 6,
  HDSC_ERROR_PERMISSION_DENIED = 7,
  /* An input larger than the library accepts, or memory exhausted. */
  HDSC_ERROR_RESOURCE_EXHAUSTED = 8,
  /* A path that is not a regular file; a key of another type than the signature's. */
  HDSC_ERROR_FAILED_PRECONDITION = 9,
  HDSC_ERROR_ABORTED = 10,
  /* An index past the end (hdsc_report_finding, hdsc_diagnostics_get...). */
  HDSC_ERROR_OUT_OF_RANGE = 11,
  HDSC_ERROR_UNIMPLEMENTED = 12,
  /* A failure inside the library; please report it. */
  HDSC_ERROR_INTERNAL = 13,
  HDSC_ERROR_UNAVAILABLE = 14,
  /* A signed report whose bytes were modified. */
  HDSC_ERROR_DATA_LOSS = 15,
  /* A signature made with another key, or altered. */
  HDSC_ERROR_UNAUTHENTICATED = 16
} hdsc_code;

/* A failed call: a code, a one-line message and, for located problems, every problem. Immutable. */
typedef struct hdsc_error hdsc_error;

/* The code of `error` (an hdsc_code); HDSC_OK for NULL. Since 0.2.0. */
HDSC_API int hdsc_error_code(const hdsc_error* error);

/* The one-line message of `error` (UTF-8, NUL-terminated, no trailing newline); "" for NULL. Valid until `error` is
 * freed. Since 0.2.0. */
HDSC_API const char* hdsc_error_message(const hdsc_error* error);

/* The name of `code` as absl spells it: "INVALID_ARGUMENT", "NOT_FOUND", ... ("UNKNOWN" for values outside the
 * enumeration). Static storage. Since 0.2.0. */
HDSC_API const char* hdsc_code_name(int code);

/* Frees `error`. NULL is a no-op. Since 0.2.0. */
HDSC_API void hdsc_error_free(hdsc_error* error);

/* Frees a buffer the library returned (a rendered report, a signature, an evaluated literal...). NULL is a no-op.
 * Since 0.2.0. */
HDSC_API void hdsc_free(void* buffer);

/* One located problem, as a view into the object it came from. Strings are UTF-8, NUL-terminated, never NULL, and
 * valid until that object is freed. */
typedef struct hdsc_diagnostic {
  /* Set by hdsc_diagnostic_init to the caller's sizeof(hdsc_diagnostic). */
  size_t struct_size;
  /* The file (or name given for in-memory data) the problem is in. */
  const char* file;
  /* 1-based; 0 when unknown (binary input). `column` counts Unicode code points. */
  int32_t line;
  int32_t column;
  /* Proto field names from the root: "processing_activities[3].transfers[0].country"; "" when unknown. */
  const char* field_path;
  /* One line, without the place: "expected a string, got number". */
  const char* message;
} hdsc_diagnostic;

HDSC_INLINE void hdsc_diagnostic_init(hdsc_diagnostic* diagnostic) {
  if (diagnostic == NULL) return;
  memset(diagnostic, 0, sizeof *diagnostic);
  diagnostic->struct_size = sizeof *diagnostic;
}

/* Number of located problems `error` carries; 0 for NULL and for errors about no particular place. Since 0.2.0. */
HDSC_API size_t hdsc_error_diagnostic_count(const hdsc_error* error);

/* Fills `out` (struct_size set by hdsc_diagnostic_init) with problem `index` of `error`; its strings point into
 * `error`. Errors: INVALID_ARGUMENT (NULL argument), OUT_OF_RANGE. Since 0.2.0. */
HDSC_API hdsc_error* hdsc_error_diagnostic(hdsc_diagnostic* out, const hdsc_error* error, size_t index);

/* ------------------------------------------------------------------------------------------------------------ */
/* Vocabulary                                                                                                    */
/* ------------------------------------------------------------------------------------------------------------ */

/* The encoding of a dossier. */
typedef enum hdsc_dossier_format {
  /* From the name's extension (.json, .textproto/.txtpb/.pbtxt/.textpb, .pb/.binpb, .xlsx, .ods) or, when the name
   * has none of these, from the content: a zip archive is an .ods when its first entry says so and an .xlsx
   * otherwise, JSON if it starts with '{', text format if it is UTF-8 text, binary otherwise. */
  HDSC_DOSSIER_FORMAT_AUTO = 0,
  /* The protobuf JSON mapping of hdsc.v1.Dossier. */
  HDSC_DOSSIER_FORMAT_JSON = 1,
  /* The protobuf text format. */
  HDSC_DOSSIER_FORMAT_TEXTPROTO = 2,
  /* The protobuf wire format. */
  HDSC_DOSSIER_FORMAT_BINARY = 3,
  /* An Office Open XML workbook (.xlsx): one sheet per kind of record (docs/spreadsheets.md). Since 0.2.0. */
  HDSC_DOSSIER_FORMAT_XLSX = 4,
  /* An OpenDocument spreadsheet (.ods) in the same layout or, read only, the CNIL's simplified register model.
   * Since 0.2.0. */
  HDSC_DOSSIER_FORMAT_ODS = 5
} hdsc_dossier_format;

/* The outcome of one rule on one subject (hdsc.v1.Finding.Status). */
typedef enum hdsc_status {
  HDSC_STATUS_UNSPECIFIED = 0,
  HDSC_STATUS_PASS = 1,
  HDSC_STATUS_FAIL = 2,
  HDSC_STATUS_NOT_APPLICABLE = 3,
  /* The rule could not be evaluated on this subject (missing data, an expression error). Never a pass. */
  HDSC_STATUS_ERROR = 4,
  /* A failure covered by a valid waiver. */
  HDSC_STATUS_WAIVED = 5,
  /* No automatic rule: a person must assess it. */
  HDSC_STATUS_MANUAL = 6
} hdsc_status;

/* Severity of a rule (hdsc.v1.Rule.Severity); larger is worse. */
typedef enum hdsc_severity {
  /* Also "none" where a worst severity is asked for and nothing failed. */
  HDSC_SEVERITY_UNSPECIFIED = 0,
  HDSC_SEVERITY_INFO = 1,
  HDSC_SEVERITY_LOW = 2,
  HDSC_SEVERITY_MEDIUM = 3,
  HDSC_SEVERITY_HIGH = 4,
  HDSC_SEVERITY_CRITICAL = 5
} hdsc_severity;

/* A document given in memory: a rule pack's text, a waivers file, a baseline report. Used in arrays, so it never
 * grows. */
typedef struct hdsc_document {
  /* How messages name it ("site-rules.textpb"); its extension picks the format of a waivers file. NULL or "" for
   * "document". */
  const char* name;
  const char* data;
  size_t len;
} hdsc_document;

/* A parameter override: the value as text, read at the declared parameter's type ("true", "12", "80.5", "text",
 * a duration "72h" / "365d", a comma-separated list "FR,RE"). Used in arrays, so it never grows. */
typedef struct hdsc_param {
  const char* name;
  const char* value;
} hdsc_param;

/* ------------------------------------------------------------------------------------------------------------ */
/* Checker: rule packs compiled once                                                                             */
/* ------------------------------------------------------------------------------------------------------------ */

/* Stages of building a checker and of a check, as the progress callback sees them. */
typedef enum hdsc_stage {
  /* Reading and validating the dossier: done 0 of total 1. */
  HDSC_STAGE_LOADING = 0,
  /* Evaluating the rules: `done` of `total` rules evaluated, `rule_id` the next one. */
  HDSC_STAGE_CHECKING = 1,
  /* Reading and validating the rule packs (hdsc_checker_new): done 0 of total 1. */
  HDSC_STAGE_READING_PACKS = 2,
  /* Compiling the rules (hdsc_checker_new): `done` of `total` rules reached before `rule_id`. */
  HDSC_STAGE_COMPILING = 3
} hdsc_stage;

/* What a progress callback is told. Filled by the library: `struct_size` is the library's size, so a callback built
 * against a newer header reads a field only when struct_size covers it. */
typedef struct hdsc_progress {
  size_t struct_size;
  /* An hdsc_stage. */
  int32_t stage;
  int32_t reserved;
  int64_t done;
  int64_t total;
  /* The rule about to be compiled or evaluated (HDSC_STAGE_COMPILING, HDSC_STAGE_CHECKING), "" otherwise; valid
   * during the call only. */
  const char* rule_id;
  size_t rule_id_len;
} hdsc_progress;

/* Called on the calling thread as a checker is built or a check goes. Return nonzero to go on, 0 to cancel, which
 * then fails with HDSC_ERROR_CANCELLED. */
typedef int (*hdsc_progress_fn)(void* context, const hdsc_progress* progress);

/* Compiled rule packs, a profile, parameters and waivers. Immutable once created; safe to share between threads. */
typedef struct hdsc_checker hdsc_checker;

/* How to build a checker. Fill with hdsc_checker_options_init, then set what you need. Everything is read during
 * hdsc_checker_new only. */
typedef struct hdsc_checker_options {
  /* The caller's sizeof(hdsc_checker_options), set by hdsc_checker_options_init. */
  size_t struct_size;
  /* Rule pack files and directories (a directory contributes every `*.textpb` below it except `*_test.textpb`
   * fixtures). With no path and no text: the bundled packs ($HDSC_RULES_DIR, else those installed with the
   * library). */
  const char* const* rule_paths;
  size_t rule_path_count;
  /* Pack texts given in memory, loaded after those of `rule_paths`. */
  const hdsc_document* rule_texts;
  size_t rule_text_count;
  /* The profile to apply ("hospital", "clinic", "hds-host", or one the packs define); NULL or "" for every rule
   * and framework with default parameters. */
  const char* profile;
  /* "en" or "fr": the default language of reports; NULL or "" for "en". */
  const char* language;
  /* Parameter values overriding the profile's. An undeclared name or a value of the wrong type is
   * INVALID_ARGUMENT. */
  const hdsc_param* params;
  size_t param_count;
  /* Waivers files (dossier documents holding only `waivers`), applied after each dossier's own waivers: by path,
   * and in memory. */
  const char* const* waiver_paths;
  size_t waiver_path_count;
  const hdsc_document* waiver_texts;
  size_t waiver_text_count;
  /* Called as the packs are read and their rules compiled (NULL for none), with `progress_context`. */
  hdsc_progress_fn progress;
  void* progress_context;
  /* The threads compiling the rules, the calling thread among them: 0 for one a core (at most four), 1 for the
   * calling thread alone. The others are started and joined within hdsc_checker_new. Negative is INVALID_ARGUMENT. */
  int32_t compile_threads;
} hdsc_checker_options;

HDSC_INLINE void hdsc_checker_options_init(hdsc_checker_options* options) {
  if (options == NULL) return;
  memset(options, 0, sizeof *options);
  options->struct_size = sizeof *options;
}

/* Reads, type-checks and compiles the rule packs named by `options`, applies its profile, parameters and waivers.
 *   out      receives the checker; the caller frees it with hdsc_checker_free. Left NULL on failure.
 *   options  NULL for the defaults of hdsc_checker_options_init (the bundled packs, no profile).
 * Errors: INVALID_ARGUMENT (NULL out, unknown language, a broken pack or waivers file: the error carries every
 * problem at file:line:col, an unknown parameter or a value of the wrong type), NOT_FOUND (a rule path does not
 * exist, no bundled packs, or the profile is unknown), PERMISSION_DENIED, RESOURCE_EXHAUSTED, CANCELLED (by the
 * progress callback).
 * Thread-safety: may be called from any thread. Since 0.2.0. */
HDSC_API hdsc_error* hdsc_checker_new(hdsc_checker** out, const hdsc_checker_options* options);

/* Frees `checker`. NULL is a no-op. Precondition: no other thread is using it. Reports it produced stay valid.
 * Since 0.2.0. */
HDSC_API void hdsc_checker_free(hdsc_checker* checker);

/* Number of rules the checker runs (after the profile's selection); 0 for NULL. Since 0.2.0. */
HDSC_API size_t hdsc_checker_rule_count(const hdsc_checker* checker);

/* The SHA-256 (64 lowercase hex digits, static to the checker, valid until it is freed) identifying the rule
 * packs in use; "" for NULL. Since 0.2.0. */
HDSC_API const char* hdsc_checker_packs_digest(const hdsc_checker* checker);

/* ------------------------------------------------------------------------------------------------------------ */
/* Checking a dossier                                                                                            */
/* ------------------------------------------------------------------------------------------------------------ */

/* The result of checking one dossier. Immutable; independent of the checker that made it. */
typedef struct hdsc_report hdsc_report;

/* `now_seconds` for "the current time". */
#define HDSC_NOW_CURRENT INT64_MIN

/* How to check one dossier. Fill with hdsc_check_options_init, then set what you need. Everything is read during the
 * call only. */
typedef struct hdsc_check_options {
  /* The caller's sizeof(hdsc_check_options), set by hdsc_check_options_init. */
  size_t struct_size;
  /* The evaluation time rules see as `now` (UTC); HDSC_NOW_CURRENT (the default) for the current time. Fix it for
   * reproducible reports. */
  int64_t now_seconds;
  int32_t now_nanos;
  /* The dossier's encoding, an hdsc_dossier_format (default AUTO). */
  int32_t format;
  /* "en" or "fr" for titles, messages and remediation; NULL or "" for the checker's default. */
  const char* language;
  /* The dossier's file name: used in messages, recorded in the report, and (with HDSC_DOSSIER_FORMAT_AUTO) its
   * extension picks the format. NULL or "" for "dossier". Ignored by hdsc_checker_check_file. */
  const char* dossier_name;
  /* Nonzero leaves PASS and NOT_APPLICABLE findings out of the report (the counts still include them). */
  int32_t omit_passing_findings;
  /* Nonzero records the evaluation time in the report (`timing`: in all, and each rule's with its evaluation steps),
     which then differs from run to run. */
  int32_t record_timing;
  /* A JSON report of an earlier run (NULL for none): failures it already had are marked in_baseline and do not
   * count in hdsc_report_has_failure. */
  const hdsc_document* baseline;
  /* Check the files of the dossier's evidence records under this directory; problems are findings
   * (HDSC-EVIDENCE-*). NULL or "" for no evidence check. */
  const char* evidence_root;
  /* Run only these rules (each must be one the checker runs); none for all. */
  const char* const* only_rules;
  size_t only_rule_count;
  /* Called as the check goes (NULL for none), with `progress_context`. */
  hdsc_progress_fn progress;
  void* progress_context;
  /* Comprehension steps the whole check may take over every rule and subject; past it, each evaluation that needs
   * one more is an ERROR finding naming the budget. 0 for the default (200,000,000). */
  int64_t max_evaluation_steps;
  /* Wall time the evaluation may take, in milliseconds; past it the check fails with HDSC_ERROR_DEADLINE_EXCEEDED
   * naming the rule it was at. 0 for no limit. */
  int64_t time_limit_millis;
  /* The largest dossier read, in bytes; larger inputs are refused with RESOURCE_EXHAUSTED before they are read.
   * 0 for the default (4 GiB). Since 0.2.0. */
  int64_t max_input_bytes;
} hdsc_check_options;

HDSC_INLINE void hdsc_check_options_init(hdsc_check_options* options) {
  if (options == NULL) return;
  memset(options, 0, sizeof *options);
  options->struct_size = sizeof *options;
  options->now_seconds = HDSC_NOW_CURRENT;
}

/* Loads the dossier in `data[0..len)` and checks it with `checker`.
 *   out      receives the report; the caller frees it with hdsc_report_free. Left NULL on failure.
 *   checker  not modified; may be used by other threads at the same time.
 *   data     the dossier's bytes. May be NULL when len is 0.
 *   options  NULL for the defaults of hdsc_check_options_init (so `now` is the current time).
 * Errors: INVALID_ARGUMENT (NULL checker or out, unknown format, a now_nanos outside 0..999999999, an unknown
 * language or rule, a dossier that cannot be read or is invalid: the error carries every problem, the message names
 * the first as name:line:col: field.path: message; an unusable baseline or evidence root), NOT_FOUND (an evidence
 * root that does not exist), RESOURCE_EXHAUSTED (larger than max_input_bytes, 4 GiB by default), CANCELLED (by the progress callback),
 * DEADLINE_EXCEEDED (past time_limit_millis).
 * Since 0.2.0. */
HDSC_API hdsc_error* hdsc_checker_check(hdsc_report** out, const hdsc_checker* checker, const char* data,
                                        size_t len, const hdsc_check_options* options);

/* As hdsc_checker_check, reading the dossier from the file at `path` (which names it in messages and reports).
 * More errors: NOT_FOUND, PERMISSION_DENIED, FAILED_PRECONDITION (not a regular file). Since 0.2.0. */
HDSC_API hdsc_error* hdsc_checker_check_file(hdsc_report** out, const hdsc_checker* checker, const char* path,
                                             const hdsc_check_options* options);

/* Frees `report`. NULL is a no-op. Since 0.2.0. */
HDSC_API void hdsc_report_free(hdsc_report* report);

/* Counts of a report, read without rendering it. */
typedef struct hdsc_summary {
  /* Set by hdsc_summary_init to the caller's sizeof(hdsc_summary). */
  size_t struct_size;
  /* Findings by status. `manual` also counts the requirements of the profile's frameworks left to a person. */
  int64_t pass;
  int64_t fail;
  int64_t not_applicable;
  int64_t error;
  int64_t waived;
  int64_t manual;
  /* FAIL findings by severity. */
  int64_t fail_critical;
  int64_t fail_high;
  int64_t fail_medium;
  int64_t fail_low;
  int64_t fail_info;
  /* FAIL and ERROR findings already failing in the baseline (0 without one). */
  int64_t in_baseline;
  /* The worst severity (an hdsc_severity) of a FAIL or ERROR finding; HDSC_SEVERITY_UNSPECIFIED when there is
   * none. WAIVED findings do not count. */
  int32_t worst_failing_severity;
  /* The same, leaving out the findings already failing in the baseline: what gates a CI run. */
  int32_t worst_new_failing_severity;
} hdsc_summary;

HDSC_INLINE void hdsc_summary_init(hdsc_summary* summary) {
  if (summary == NULL) return;
  memset(summary, 0, sizeof *summary);
  summary->struct_size = sizeof *summary;
}

/* Fills `out` (struct_size set by hdsc_summary_init) with the counts of `report`.
 * Errors: INVALID_ARGUMENT (NULL argument). Since 0.2.0. */
HDSC_API hdsc_error* hdsc_report_summary(hdsc_summary* out, const hdsc_report* report);

/* 1 when `report` has a FAIL or ERROR finding of severity `threshold` (an hdsc_severity) or worse that is not
 * already failing in the baseline: what makes `hdscheck check --fail-on` exit 1. 0 otherwise, and for NULL.
 * Since 0.2.0. */
HDSC_API int hdsc_report_has_failure(const hdsc_report* report, int threshold);

/* Number of findings in `report` (those kept: see omit_passing_findings); 0 for NULL. A PASS or NOT_APPLICABLE
 * finding is built when first read and then kept with the report. Since 0.2.0. */
HDSC_API size_t hdsc_report_finding_count(const hdsc_report* report);

/* One finding, as a view into its report. Every string is UTF-8, NUL-terminated, never NULL, and valid until the
 * report is freed. */
typedef struct hdsc_finding {
  /* Set by hdsc_finding_init to the caller's sizeof(hdsc_finding). */
  size_t struct_size;
  /* An hdsc_status and an hdsc_severity. */
  int32_t status;
  int32_t severity;
  /* "GDPR-33-1". */
  const char* rule_id;
  size_t rule_id_len;
  /* The subject's path in the dossier ("processing_activities[3]"), "" for the dossier itself. */
  const char* subject;
  size_t subject_len;
  /* The subject's own `id` field, "" when it has none. */
  const char* subject_id;
  size_t subject_id_len;
  /* The rule's title, in the report's language. */
  const char* title;
  size_t title_len;
  /* What is wrong (FAIL, WAIVED, ERROR), in the report's language; "" for PASS and NOT_APPLICABLE. */
  const char* message;
  size_t message_len;
  /* What to do (FAIL, WAIVED), in the report's language; "" otherwise. */
  const char* remediation;
  size_t remediation_len;
  /* Number of citations (hdsc_report_finding_reference). */
  size_t reference_count;
  /* Nonzero for a failure the baseline already had. */
  int32_t in_baseline;
  int32_t reserved;
} hdsc_finding;

HDSC_INLINE void hdsc_finding_init(hdsc_finding* finding) {
  if (finding == NULL) return;
  memset(finding, 0, sizeof *finding);
  finding->struct_size = sizeof *finding;
}

/* Fills `out` (struct_size set by hdsc_finding_init) with finding `index` of `report`; its strings point into
 * `report`. Findings are sorted worst first: by status (FAIL, ERROR, WAIVED, ...), severity, rule id, then subject.
 * Errors: INVALID_ARGUMENT (NULL argument), OUT_OF_RANGE (index >= finding count). Since 0.2.0. */
HDSC_API hdsc_error* hdsc_report_finding(hdsc_finding* out, const hdsc_report* report, size_t index);

/* A citation: the text a rule enforces. Strings as in hdsc_finding. */
typedef struct hdsc_reference {
  /* Set by hdsc_reference_init to the caller's sizeof(hdsc_reference). */
  size_t struct_size;
  /* The framework's id: "GDPR", "HDS_V2", "ISO27001_2022", "FR_CSP"... */
  const char* framework;
  size_t framework_len;
  /* As a reader looks it up: "Art. 33(1)", "CSP R.1111-11 3°", "A.8.13". */
  const char* citation;
  size_t citation_len;
  /* The framework requirement the rule evidences, "" when none. */
  const char* requirement;
  size_t requirement_len;
  /* The citation as the report's language writes it, framework included: "GDPR Art. 33(1)", "art. 33,
   * paragraphe 1, du RGPD". */
  const char* text;
  size_t text_len;
} hdsc_reference;

HDSC_INLINE void hdsc_reference_init(hdsc_reference* reference) {
  if (reference == NULL) return;
  memset(reference, 0, sizeof *reference);
  reference->struct_size = sizeof *reference;
}

/* Fills `out` with citation `reference_index` of finding `finding_index` of `report`.
 * Errors: INVALID_ARGUMENT (NULL argument), OUT_OF_RANGE. Since 0.2.0. */
HDSC_API hdsc_error* hdsc_report_finding_reference(hdsc_reference* out, const hdsc_report* report,
                                                   size_t finding_index, size_t reference_index);

/* Report renderings; `hdscheck check --format` writes the same bytes for the same inputs. Values are only ever
 * appended. */
typedef enum hdsc_render_format {
  /* The hdsc.v1.Report message in the protobuf JSON mapping with the .proto field names. */
  HDSC_RENDER_JSON = 1,
  /* A summary, each framework's requirements, then every finding that needs attention with its citation and
   * remediation. */
  HDSC_RENDER_TEXT = 2,
  /* SARIF 2.1.0, for code-scanning dashboards. */
  HDSC_RENDER_SARIF = 3,
  /* JUnit XML, one test case per rule, for CI systems. */
  HDSC_RENDER_JUNIT = 4,
  /* One self-contained HTML page. */
  HDSC_RENDER_HTML = 5,
  /* An OSCAL 1.1 assessment-results document (JSON). */
  HDSC_RENDER_OSCAL = 6,
  /* Markdown, for a merge request or a wiki. */
  HDSC_RENDER_MARKDOWN = 7
} hdsc_render_format;

/* Flags of hdsc_report_render, or-ed together. Unknown bits are INVALID_ARGUMENT. */
#define HDSC_RENDER_VERBOSE 0x1u /* text: also list PASS and N/A findings */
#define HDSC_RENDER_COLOR 0x2u   /* text: ANSI colours for statuses */

/* Renders `report` in `format` (an hdsc_render_format).
 *   out      receives a NUL-terminated buffer the caller frees with hdsc_free. Left NULL on failure.
 *   out_len  if not NULL, receives the length of `*out` without the NUL.
 * Errors: INVALID_ARGUMENT (NULL out or report, unknown format or flag). Since 0.2.0. */
HDSC_API hdsc_error* hdsc_report_render(char** out, size_t* out_len, const hdsc_report* report, int format,
                                        unsigned flags);

/* The format named `name` as `hdscheck check --format` spells it: "text", "json", "sarif", "junit", "html",
 * "oscal", "md" ("markdown" too), case-insensitive. Errors: INVALID_ARGUMENT naming the accepted names.
 * Since 0.2.0. */
HDSC_API hdsc_error* hdsc_render_format_parse(int* out, const char* name);

/* The canonical name of `format` ("md" for Markdown) and the file name `hdscheck check --output-dir` writes it to
 * ("report.md"); "" for an unknown format. Static storage. Since 0.2.0. */
HDSC_API const char* hdsc_render_format_name(int format);
HDSC_API const char* hdsc_render_format_file_name(int format);

/* ------------------------------------------------------------------------------------------------------------ */
/* Signing reports, comparing them, hashing evidence                                                             */
/* ------------------------------------------------------------------------------------------------------------ */

/* Signs the bytes of a rendered report with a PEM private key (Ed25519 or ECDSA P-256, unencrypted) into the text of
 * a detached signature file, as `hdscheck check --sign` writes it.
 *   out, out_len  as hdsc_report_render.
 * Errors: INVALID_ARGUMENT (NULL out, an unusable key). Since 0.2.0. */
HDSC_API hdsc_error* hdsc_report_sign(char** out, size_t* out_len, const char* report, size_t report_len,
                                      const char* private_key_pem, size_t private_key_len);

/* Checks a detached signature over a report's bytes with a PEM public key, as `hdscheck verify`. NULL when the
 * signature holds. Errors: INVALID_ARGUMENT (an unreadable signature or key), FAILED_PRECONDITION (a key of another
 * type), DATA_LOSS (the report was modified), UNAUTHENTICATED (another key, or an altered signature). Since 0.2.0. */
HDSC_API hdsc_error* hdsc_report_verify(const char* report, size_t report_len, const char* signature,
                                        size_t signature_len, const char* public_key_pem, size_t public_key_len);

/* Compares two JSON reports, as `hdscheck diff OLD NEW` prints it: counts, then NEW, FIXED and UNCHANGED failures
 * (matched by rule and subject).
 *   out, out_len  as hdsc_report_render.
 * Errors: INVALID_ARGUMENT (NULL argument, a document that is not a JSON report). Since 0.2.0. */
HDSC_API hdsc_error* hdsc_report_diff(char** out, size_t* out_len, const hdsc_document* old_report,
                                      const hdsc_document* new_report);

/* The SHA-256 of every regular file under the directory `root`, as `hdscheck evidence hash`: a JSON array of
 * {"location", "sha256"} objects sorted by location, ready to paste into a dossier's evidence.
 *   out, out_len  as hdsc_report_render.
 * Errors: INVALID_ARGUMENT (NULL argument), NOT_FOUND, PERMISSION_DENIED. Since 0.2.0. */
HDSC_API hdsc_error* hdsc_evidence_hash(char** out, size_t* out_len, const char* root);

/* ------------------------------------------------------------------------------------------------------------ */
/* Validating a dossier                                                                                          */
/* ------------------------------------------------------------------------------------------------------------ */

/* The problems found in a dossier: syntax, type and schema errors, and broken references. Immutable. */
typedef struct hdsc_diagnostics hdsc_diagnostics;

/* Reads the dossier in `data[0..len)` and checks it against the schema and its internal references, as
 * `hdscheck validate` does. A dossier with problems is not an error: the problems are in `*out` (none: valid).
 *   out     receives the diagnostics; the caller frees them with hdsc_diagnostics_free. Left NULL on failure.
 *   data    may be NULL when len is 0.
 *   format  an hdsc_dossier_format; HDSC_DOSSIER_FORMAT_AUTO as described there.
 *   name    the file name used in diagnostics (and for AUTO); NULL or "" for "dossier".
 * Errors: INVALID_ARGUMENT (NULL out, unknown format), RESOURCE_EXHAUSTED (larger than 4 GiB). Since 0.2.0. */
HDSC_API hdsc_error* hdsc_dossier_validate(hdsc_diagnostics** out, const char* data, size_t len, int format,
                                           const char* name);

/* As hdsc_dossier_validate, reading the file at `path`. More errors: NOT_FOUND, PERMISSION_DENIED,
 * FAILED_PRECONDITION (not a regular file). Since 0.2.0. */
HDSC_API hdsc_error* hdsc_dossier_validate_file(hdsc_diagnostics** out, const char* path, int format);

/* Writes a starter dossier for a kind of organisation, as `hdscheck init`: every section the profile needs (the
 * organisation and its DPO, the Art. 30 register, the ISMS with the 93 ISO/IEC 27001:2022 Annex A controls in the
 * Statement of Applicability, and for "hds-host" the HDS certificate and a client record with its contract), with
 * placeholders ("To fill in: ...", "À compléter : ...") where the organisation's facts go. It validates, and a check
 * with the same profile fails at HIGH until it is filled in. The same arguments give the same bytes.
 *   out, out_len  as hdsc_report_render. A BINARY dossier may contain NUL bytes: `out_len` is then required.
 *   profile       "hospital", "clinic" or "hds-host".
 *   language      "en" or "fr", the language of the placeholders, control titles and notes; NULL or "" for "en".
 *   format        an hdsc_dossier_format: JSON, TEXTPROTO (with notes as # comments), BINARY, or XLSX, ODS (a
 *                 workbook, docs/spreadsheets.md); AUTO is JSON. BINARY, XLSX and ODS require out_len.
 * Errors: INVALID_ARGUMENT (NULL out or profile, NULL out_len with BINARY, an unknown profile, language or
 * format). Since 0.2.0. */
HDSC_API hdsc_error* hdsc_dossier_init(char** out, size_t* out_len, const char* profile, const char* language,
                                       int format);

/* Number of problems; 0 for NULL (and for a valid dossier). Since 0.2.0. */
HDSC_API size_t hdsc_diagnostics_count(const hdsc_diagnostics* diagnostics);

/* Fills `out` (struct_size set by hdsc_diagnostic_init) with problem `index`, in order of position.
 * Errors: INVALID_ARGUMENT (NULL argument), OUT_OF_RANGE. Since 0.2.0. */
HDSC_API hdsc_error* hdsc_diagnostics_get(hdsc_diagnostic* out, const hdsc_diagnostics* diagnostics,
                                          size_t index);

/* Renders every problem as a line `file:line:col: field.path: message\n` (unknown parts left out), as
 * `hdscheck validate` prints them; "" when there is none.
 *   out, out_len  as hdsc_report_render.
 * Errors: INVALID_ARGUMENT (NULL argument). Since 0.2.0. */
HDSC_API hdsc_error* hdsc_diagnostics_render(char** out, size_t* out_len, const hdsc_diagnostics* diagnostics);

/* Frees `diagnostics`. NULL is a no-op. Since 0.2.0. */
HDSC_API void hdsc_diagnostics_free(hdsc_diagnostics* diagnostics);

/* ------------------------------------------------------------------------------------------------------------ */
/* Converting a dossier                                                                                          */
/* ------------------------------------------------------------------------------------------------------------ */

/* How a dossier is read and written by hdsc_dossier_convert. Fill with hdsc_convert_options_init. Since 0.2.0. */
typedef struct hdsc_convert_options {
  /* The caller's sizeof(hdsc_convert_options), set by hdsc_convert_options_init. */
  size_t struct_size;
  /* The input's file name, for messages and for AUTO (its extension); NULL or "" for "dossier". */
  const char* name;
  /* "en" (or NULL or "") or "fr": the language of a written workbook's sheet names and headers. Either is read. */
  const char* language;
  /* Nonzero: skip fields, sheets and columns the schema does not define instead of refusing them. */
  int32_t allow_unknown_fields;
  /* The largest dossier read, in bytes; larger inputs are refused with RESOURCE_EXHAUSTED before they are read.
   * 0 for the default (4 GiB). Since 0.2.0. */
  int64_t max_input_bytes;
} hdsc_convert_options;

HDSC_INLINE void hdsc_convert_options_init(hdsc_convert_options* options) {
  if (options == NULL) return;
  memset(options, 0, sizeof *options);
  options->struct_size = sizeof *options;
}

/* Reads the dossier in `data[0..len)` and writes it in another format, as `hdscheck convert`. JSON is written
 * canonically (the schema's field names, unset fields left out, one space of indentation a level), so that JSON ->
 * XLSX -> JSON and JSON -> ODS -> JSON give back the same bytes. The dossier is converted as it is: its references
 * are not checked (hdsc_dossier_validate does that).
 *   out, out_len  receive the written dossier, NUL-terminated; the caller frees it with hdsc_free. XLSX, ODS and
 *                 BINARY output holds NUL bytes: use out_len (which may not be NULL for them). Left NULL / 0 on
 *                 failure.
 *   warnings      if not NULL, receives what the input held that a dossier has no place for (labels and values of
 *                 the CNIL's register model that could not be mapped), each located; none is an empty list. The
 *                 caller frees it with hdsc_diagnostics_free. Left NULL on failure.
 *   data          may be NULL when len is 0.
 *   from_format   an hdsc_dossier_format; HDSC_DOSSIER_FORMAT_AUTO as described there.
 *   to_format     an hdsc_dossier_format other than AUTO.
 *   options       NULL for the defaults of hdsc_convert_options_init.
 * Errors: INVALID_ARGUMENT (NULL out, or NULL out_len with a binary output format; unknown format or language; AUTO
 * as to_format; problems reading the dossier, or values the output cannot hold, such as a text of more than 32,767
 * characters for a spreadsheet cell: the error carries each, located), RESOURCE_EXHAUSTED (larger than max_input_bytes, 4 GiB by default).
 * Since 0.2.0. */
HDSC_API hdsc_error* hdsc_dossier_convert(char** out, size_t* out_len, hdsc_diagnostics** warnings, const char* data,
                                          size_t len, int from_format, int to_format,
                                          const hdsc_convert_options* options);

/* ------------------------------------------------------------------------------------------------------------ */
/* Evaluating one CEL expression                                                                                 */
/* ------------------------------------------------------------------------------------------------------------ */

/* What an expression may refer to. Fill with hdsc_eval_options_init. */
typedef struct hdsc_eval_options {
  /* The caller's sizeof(hdsc_eval_options), set by hdsc_eval_options_init. */
  size_t struct_size;
  /* The value of `now` (UTC); HDSC_NOW_CURRENT (the default) for the current time. */
  int64_t now_seconds;
  int32_t now_nanos;
  /* The encoding of `dossier_data`, an hdsc_dossier_format. */
  int32_t dossier_format;
  /* A dossier bound to the variable `dossier` (hdsc.v1.Dossier), which must be valid; NULL (with len 0) declares
   * no `dossier`. */
  const char* dossier_data;
  size_t dossier_len;
  /* Its file name, for messages and AUTO; NULL or "" for "dossier". */
  const char* dossier_name;
  /* The largest dossier read, in bytes; larger inputs are refused with RESOURCE_EXHAUSTED before they are read.
   * 0 for the default (4 GiB). Since 0.2.0. */
  int64_t max_input_bytes;
} hdsc_eval_options;

HDSC_INLINE void hdsc_eval_options_init(hdsc_eval_options* options) {
  if (options == NULL) return;
  memset(options, 0, sizeof *options);
  options->struct_size = sizeof *options;
  options->now_seconds = HDSC_NOW_CURRENT;
}

/* Compiles the CEL expression `expression[0..expression_len)` (names resolve in package hdsc.v1, so enum constants
 * read `RiskLevel.RISK_LEVEL_HIGH`), evaluates it, and prints the value as a CEL literal that evaluates back to it:
 * `1`, `1u`, `"s"`, `[1, 2]`, `timestamp("2024-01-01T00:00:00Z")`, `duration("3600s")`, `hdsc.v1.Type{...}`.
 *   out      receives the NUL-terminated literal; the caller frees it with hdsc_free. Left NULL on failure.
 *   out_len  if not NULL, receives its length without the NUL.
 *   options  NULL for the defaults of hdsc_eval_options_init.
 * Errors: INVALID_ARGUMENT (NULL out or expression with a nonzero length; the expression does not parse or
 * type-check: the error carries each problem in a file named "<expr>"; an invalid dossier, with its problems), and,
 * when the evaluation produces a CEL error (no such key, division by zero...), that error's own code
 * (INVALID_ARGUMENT, NOT_FOUND, OUT_OF_RANGE, ...) with a message starting "evaluation error: ". Since 0.2.0. */
HDSC_API hdsc_error* hdsc_eval(char** out, size_t* out_len, const char* expression, size_t expression_len,
                               const hdsc_eval_options* options);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HDSC_CAPI_HDSC_H_ */
