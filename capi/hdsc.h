/*
 * hdsc.h: the stable C interface of libhdsc, which checks a health organisation's compliance dossier against rule
 * packs (French HDS certification, ISO 27001:2022, GDPR).
 *
 *   hdsc_checker_options options;
 *   hdsc_checker_options_init(&options);
 *   const char* rules[] = {"/usr/share/hdsc/controls"};
 *   options.rule_paths = rules;
 *   options.rule_path_count = 1;
 *   options.profile = "hospital";
 *   hdsc_checker* checker = NULL;
 *   hdsc_error* error = hdsc_checker_new(&checker, &options);   // once, at start-up
 *   ...
 *   hdsc_report* report = NULL;
 *   error = hdsc_checker_check(&report, checker, data, size, NULL);  // per dossier, from any thread
 *   ...
 *   hdsc_report_free(report);
 *   hdsc_checker_free(checker);
 *
 * Conventions
 * -----------
 * Names.      Functions are `hdsc_<object>_<verb>`, types `hdsc_<name>`, macros `HDSC_*`. Nothing else is exported.
 * Errors.     A call that can fail returns `hdsc_error*`: NULL on success, otherwise an error object the caller
 *             frees with `hdsc_error_free`. Its code (`hdsc_error_code`) has the values of absl::StatusCode and its
 *             message is one line naming the place (file:line:col or a field path). There is no global or
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
 * Time.       Times are UTC seconds since 1970-01-01T00:00:00Z (`int64_t`) plus nanoseconds (`int32_t`, 0..999999999).
 * Growth.     Options and output structs start with `size_t struct_size`, which the caller sets (the `_init`
 *             functions do it). Fields are only ever appended, so a program built against an older header keeps
 *             working with a newer library. A `struct_size` the library does not know is HDSC_ERROR_INVALID_ARGUMENT.
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

/* ------------------------------------------------------------------------------------------------------------ */
/* Versions                                                                                                      */
/* ------------------------------------------------------------------------------------------------------------ */

#define HDSC_VERSION_MAJOR 0
#define HDSC_VERSION_MINOR 1
#define HDSC_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH: 100 for 0.1.0. */
#define HDSC_VERSION_NUMBER (HDSC_VERSION_MAJOR * 10000 + HDSC_VERSION_MINOR * 100 + HDSC_VERSION_PATCH)
#define HDSC_VERSION_STRING "0.1.0"
/* The ABI version: the N of the SONAME libhdsc.so.N. */
#define HDSC_ABI_VERSION 1

/* The release of the library loaded at run time, as HDSC_VERSION_NUMBER. Since 0.1.0. */
HDSC_API unsigned hdsc_version_number(void);

/* The release of the library loaded at run time, as HDSC_VERSION_STRING ("0.1.0"). Static storage: never free it.
 * Since 0.1.0. */
HDSC_API const char* hdsc_version_string(void);

/* The ABI version of the library loaded at run time, as HDSC_ABI_VERSION. A program may refuse to run when it
 * differs from the HDSC_ABI_VERSION it was compiled with. Since 0.1.0. */
HDSC_API unsigned hdsc_abi_version(void);

/* ------------------------------------------------------------------------------------------------------------ */
/* Errors and memory                                                                                             */
/* ------------------------------------------------------------------------------------------------------------ */

/* Error codes: the values of absl::StatusCode (and of google.rpc.Code). */
typedef enum hdsc_code {
  HDSC_OK = 0,
  HDSC_ERROR_CANCELLED = 1,
  HDSC_ERROR_UNKNOWN = 2,
  /* A bad argument: a NULL required pointer, an unknown struct_size or enum value, an invalid dossier (the message
   * locates the first problem), an expression that does not compile. */
  HDSC_ERROR_INVALID_ARGUMENT = 3,
  HDSC_ERROR_DEADLINE_EXCEEDED = 4,
  /* A file or directory that does not exist (a rule path), an unknown profile. */
  HDSC_ERROR_NOT_FOUND = 5,
  HDSC_ERROR_ALREADY_EXISTS = 6,
  HDSC_ERROR_PERMISSION_DENIED = 7,
  /* An input larger than the library accepts, or memory exhausted. */
  HDSC_ERROR_RESOURCE_EXHAUSTED = 8,
  HDSC_ERROR_FAILED_PRECONDITION = 9,
  HDSC_ERROR_ABORTED = 10,
  /* An index past the end (hdsc_report_finding, hdsc_diagnostics_get). */
  HDSC_ERROR_OUT_OF_RANGE = 11,
  HDSC_ERROR_UNIMPLEMENTED = 12,
  /* A failure inside the library; please report it. */
  HDSC_ERROR_INTERNAL = 13,
  HDSC_ERROR_UNAVAILABLE = 14,
  HDSC_ERROR_DATA_LOSS = 15,
  HDSC_ERROR_UNAUTHENTICATED = 16
} hdsc_code;

/* A failed call: a code and a one-line message. Immutable. */
typedef struct hdsc_error hdsc_error;

/* The code of `error`; HDSC_OK for NULL. Since 0.1.0. */
HDSC_API hdsc_code hdsc_error_code(const hdsc_error* error);

/* The one-line message of `error` (UTF-8, NUL-terminated, no trailing newline); "" for NULL. Valid until `error` is
 * freed. Since 0.1.0. */
HDSC_API const char* hdsc_error_message(const hdsc_error* error);

/* The name of `code` as absl spells it: "INVALID_ARGUMENT", "NOT_FOUND", ... ("UNKNOWN" for values outside the
 * enumeration). Static storage. Since 0.1.0. */
HDSC_API const char* hdsc_code_name(hdsc_code code);

/* Frees `error`. NULL is a no-op. Since 0.1.0. */
HDSC_API void hdsc_error_free(hdsc_error* error);

/* Frees a buffer the library returned (hdsc_report_render, hdsc_diagnostics_render, hdsc_eval). NULL is a no-op.
 * Since 0.1.0. */
HDSC_API void hdsc_free(void* buffer);

/* ------------------------------------------------------------------------------------------------------------ */
/* Vocabulary                                                                                                    */
/* ------------------------------------------------------------------------------------------------------------ */

/* The encoding of a dossier. */
typedef enum hdsc_dossier_format {
  /* From the name's extension (.json, .textproto/.txtpb/.pbtxt/.textpb, .pb/.binpb) or, when the name has none of
   * these, from the content: JSON if it starts with '{', text format if it is UTF-8 text, binary otherwise. */
  HDSC_DOSSIER_FORMAT_AUTO = 0,
  /* The protobuf JSON mapping of hdsc.v1.Dossier. */
  HDSC_DOSSIER_FORMAT_JSON = 1,
  /* The protobuf text format. */
  HDSC_DOSSIER_FORMAT_TEXTPROTO = 2,
  /* The protobuf wire format. */
  HDSC_DOSSIER_FORMAT_BINARY = 3
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

/* ------------------------------------------------------------------------------------------------------------ */
/* Checker: rule packs compiled once                                                                             */
/* ------------------------------------------------------------------------------------------------------------ */

/* Compiled rule packs and a profile. Immutable once created; safe to share between threads. */
typedef struct hdsc_checker hdsc_checker;

/* How to build a checker. Fill with hdsc_checker_options_init, then set what you need. */
typedef struct hdsc_checker_options {
  /* sizeof(hdsc_checker_options), set by hdsc_checker_options_init. */
  size_t struct_size;
  /* Rule pack files and directories (a directory contributes every `*.textpb` below it except `*_test.textpb`
   * fixtures). NUL-terminated paths; at least one is required. Read during hdsc_checker_new only. */
  const char* const* rule_paths;
  size_t rule_path_count;
  /* The profile to apply ("hospital", "clinic", "hds-host", or one the packs define); NULL or "" for every rule
   * and framework with default parameters. */
  const char* profile;
  /* "en" or "fr": the default language of reports; NULL or "" for "en". */
  const char* language;
} hdsc_checker_options;

/* Sets `options` to the defaults: struct_size = sizeof(hdsc_checker_options), everything else NULL / 0.
 * NULL is a no-op. Since 0.1.0. */
HDSC_API void hdsc_checker_options_init(hdsc_checker_options* options);

/* Reads, type-checks and compiles the rule packs named by `options` and applies its profile.
 *   out      receives the checker; the caller frees it with hdsc_checker_free. Left NULL on failure.
 *   options  read during the call only.
 * Errors: INVALID_ARGUMENT (NULL argument, unknown struct_size, no rule path, unknown language, a broken pack: the
 * message gives the number of problems and the first as file:line:col), NOT_FOUND (a rule path does not exist, or
 * the profile is unknown), PERMISSION_DENIED, RESOURCE_EXHAUSTED.
 * Thread-safety: may be called from any thread. Since 0.1.0. */
HDSC_API hdsc_error* hdsc_checker_new(hdsc_checker** out, const hdsc_checker_options* options);

/* Frees `checker`. NULL is a no-op. Precondition: no other thread is using it. Reports it produced stay valid.
 * Since 0.1.0. */
HDSC_API void hdsc_checker_free(hdsc_checker* checker);

/* Number of rules the checker runs (after the profile's selection); 0 for NULL. Since 0.1.0. */
HDSC_API size_t hdsc_checker_rule_count(const hdsc_checker* checker);

/* ------------------------------------------------------------------------------------------------------------ */
/* Checking a dossier                                                                                            */
/* ------------------------------------------------------------------------------------------------------------ */

/* The result of checking one dossier. Immutable; independent of the checker that made it. */
typedef struct hdsc_report hdsc_report;

/* How to check one dossier. Fill with hdsc_check_options_init, then set what you need. */
typedef struct hdsc_check_options {
  /* sizeof(hdsc_check_options), set by hdsc_check_options_init. */
  size_t struct_size;
  /* The evaluation time rules see as `now` (UTC, see "Time" above). hdsc_check_options_init sets the current time;
   * fix it for reproducible reports, setting both fields (now_nanos too holds the current time after _init). */
  int64_t now_seconds;
  int32_t now_nanos;
  /* The dossier's encoding. */
  hdsc_dossier_format format;
  /* "en" or "fr" for titles, messages and remediation; NULL or "" for the checker's default. */
  const char* language;
  /* The dossier's file name: used in messages, recorded in the report, and (with HDSC_DOSSIER_FORMAT_AUTO) its
   * extension picks the format. NULL or "" for "dossier". */
  const char* dossier_name;
  /* Nonzero (the default) keeps PASS and NOT_APPLICABLE findings in the report; 0 keeps only those that need
   * attention. The summary counts them either way. */
  int keep_passing_findings;
} hdsc_check_options;

/* Sets `options` to the defaults: struct_size, now = the current time, format AUTO, language and name NULL,
 * keep_passing_findings = 1. NULL is a no-op. Since 0.1.0. */
HDSC_API void hdsc_check_options_init(hdsc_check_options* options);

/* Loads the dossier in `data[0..len)` and checks it with `checker`.
 *   out      receives the report; the caller frees it with hdsc_report_free. Left NULL on failure.
 *   checker  not modified; may be used by other threads at the same time.
 *   data     the dossier's bytes, read during the call only. May be NULL when len is 0.
 *   options  NULL for the defaults of hdsc_check_options_init (so `now` is the current time).
 * Errors: INVALID_ARGUMENT (NULL checker or out, unknown struct_size or format, a now_nanos outside 0..999999999,
 * an unknown language, a dossier that cannot be read or is invalid: the message names the first problem as
 * name:line:col: field.path: message and how many there are; see hdsc_dossier_validate for all of them),
 * RESOURCE_EXHAUSTED (larger than 64 MiB).
 * Since 0.1.0. */
HDSC_API hdsc_error* hdsc_checker_check(hdsc_report** out, const hdsc_checker* checker, const char* data,
                                        size_t len, const hdsc_check_options* options);

/* Frees `report`. NULL is a no-op. Since 0.1.0. */
HDSC_API void hdsc_report_free(hdsc_report* report);

/* Counts of a report, read without rendering it. */
typedef struct hdsc_summary {
  /* Set by the caller (hdsc_summary_init) to sizeof(hdsc_summary). */
  size_t struct_size;
  /* Findings by status. `manual` counts the requirements of the profile's frameworks left to a person. */
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
  /* The worst severity of a FAIL or ERROR finding (what gates a CI run); HDSC_SEVERITY_UNSPECIFIED when there is
   * none. WAIVED findings do not count. */
  hdsc_severity worst_failing_severity;
} hdsc_summary;

/* Sets `summary` to zeros with struct_size = sizeof(hdsc_summary). NULL is a no-op. Since 0.1.0. */
HDSC_API void hdsc_summary_init(hdsc_summary* summary);

/* Fills `out` with the counts of `report`.
 *   out  caller-owned; its struct_size must be set (hdsc_summary_init).
 * Errors: INVALID_ARGUMENT (NULL argument, unknown struct_size). Since 0.1.0. */
HDSC_API hdsc_error* hdsc_report_summary(hdsc_summary* out, const hdsc_report* report);

/* Number of findings in `report` (those kept: see keep_passing_findings); 0 for NULL. Since 0.1.0. */
HDSC_API size_t hdsc_report_finding_count(const hdsc_report* report);

/* One finding, as a view into its report. Every string is UTF-8, NUL-terminated, never NULL, and valid until the
 * report is freed. */
typedef struct hdsc_finding {
  /* Set by the caller (hdsc_finding_init) to sizeof(hdsc_finding). */
  size_t struct_size;
  hdsc_status status;
  hdsc_severity severity;
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
} hdsc_finding;

/* Sets `finding` to zeros with struct_size = sizeof(hdsc_finding). NULL is a no-op. Since 0.1.0. */
HDSC_API void hdsc_finding_init(hdsc_finding* finding);

/* Fills `out` with finding `index` of `report`. Findings are sorted worst first: by status (FAIL, ERROR, WAIVED,
 * ...), severity, rule id, then subject.
 *   out  caller-owned, struct_size set (hdsc_finding_init); its strings point into `report`.
 * Errors: INVALID_ARGUMENT (NULL argument, unknown struct_size), OUT_OF_RANGE (index >= finding count).
 * Since 0.1.0. */
HDSC_API hdsc_error* hdsc_report_finding(hdsc_finding* out, const hdsc_report* report, size_t index);

/* Report renderings. Values are only ever appended. */
typedef enum hdsc_render_format {
  /* The hdsc.v1.Report message in the protobuf JSON mapping with the .proto field names, as
   * `hdscheck check --format json` prints it: the same inputs and `now` give byte-identical JSON. */
  HDSC_RENDER_JSON = 1,
  /* The text report of `hdscheck check`: a summary, each framework's requirements, then every finding that needs
   * attention with its citation and remediation. */
  HDSC_RENDER_TEXT = 2
} hdsc_render_format;

/* Flags of hdsc_report_render, or-ed together. Unknown bits are INVALID_ARGUMENT. */
#define HDSC_RENDER_VERBOSE 0x1u /* text: also list PASS and N/A findings */
#define HDSC_RENDER_COLOR 0x2u   /* text: ANSI colours for statuses */

/* Renders `report` in `format`.
 *   out      receives a NUL-terminated buffer the caller frees with hdsc_free. Left NULL on failure.
 *   out_len  if not NULL, receives the length of `*out` without the NUL.
 * Errors: INVALID_ARGUMENT (NULL out or report, unknown format or flag). Since 0.1.0. */
HDSC_API hdsc_error* hdsc_report_render(char** out, size_t* out_len, const hdsc_report* report,
                                        hdsc_render_format format, unsigned flags);

/* ------------------------------------------------------------------------------------------------------------ */
/* Validating a dossier                                                                                          */
/* ------------------------------------------------------------------------------------------------------------ */

/* The problems found in a dossier: syntax, type and schema errors, and broken references. Immutable. */
typedef struct hdsc_diagnostics hdsc_diagnostics;

/* One problem, as a view into its hdsc_diagnostics. Strings are UTF-8, NUL-terminated, never NULL, valid until the
 * hdsc_diagnostics is freed. */
typedef struct hdsc_diagnostic {
  /* Set by the caller (hdsc_diagnostic_init) to sizeof(hdsc_diagnostic). */
  size_t struct_size;
  /* The name given to hdsc_dossier_validate. */
  const char* file;
  /* 1-based; 0 when unknown (binary input). `column` counts Unicode code points. */
  int32_t line;
  int32_t column;
  /* Proto field names from the root: "processing_activities[3].transfers[0].country"; "" when unknown. */
  const char* field_path;
  /* One line, without the place: "expected a string, got number". */
  const char* message;
} hdsc_diagnostic;

/* Sets `diagnostic` to zeros with struct_size = sizeof(hdsc_diagnostic). NULL is a no-op. Since 0.1.0. */
HDSC_API void hdsc_diagnostic_init(hdsc_diagnostic* diagnostic);

/* Reads the dossier in `data[0..len)` and checks it against the schema and its internal references, as
 * `hdscheck validate` does. A dossier with problems is not an error: the problems are in `*out` (none: valid).
 *   out     receives the diagnostics; the caller frees them with hdsc_diagnostics_free. Left NULL on failure.
 *   data    may be NULL when len is 0; read during the call only.
 *   format  the encoding; HDSC_DOSSIER_FORMAT_AUTO as described there.
 *   name    the file name used in diagnostics (and for AUTO); NULL or "" for "dossier".
 * Errors: INVALID_ARGUMENT (NULL out, unknown format), RESOURCE_EXHAUSTED (larger than 64 MiB). Since 0.1.0. */
HDSC_API hdsc_error* hdsc_dossier_validate(hdsc_diagnostics** out, const char* data, size_t len,
                                           hdsc_dossier_format format, const char* name);

/* Number of problems; 0 for NULL (and for a valid dossier). Since 0.1.0. */
HDSC_API size_t hdsc_diagnostics_count(const hdsc_diagnostics* diagnostics);

/* Fills `out` with problem `index`, in order of position.
 * Errors: INVALID_ARGUMENT (NULL argument, unknown struct_size), OUT_OF_RANGE. Since 0.1.0. */
HDSC_API hdsc_error* hdsc_diagnostics_get(hdsc_diagnostic* out, const hdsc_diagnostics* diagnostics,
                                          size_t index);

/* Renders every problem as a line `file:line:col: field.path: message\n` (unknown parts left out), as
 * `hdscheck validate` prints them; "" when there is none.
 *   out      receives a NUL-terminated buffer the caller frees with hdsc_free.
 *   out_len  if not NULL, receives its length without the NUL.
 * Errors: INVALID_ARGUMENT (NULL argument). Since 0.1.0. */
HDSC_API hdsc_error* hdsc_diagnostics_render(char** out, size_t* out_len, const hdsc_diagnostics* diagnostics);

/* Frees `diagnostics`. NULL is a no-op. Since 0.1.0. */
HDSC_API void hdsc_diagnostics_free(hdsc_diagnostics* diagnostics);

/* ------------------------------------------------------------------------------------------------------------ */
/* Evaluating one CEL expression                                                                                 */
/* ------------------------------------------------------------------------------------------------------------ */

/* What an expression may refer to. Fill with hdsc_eval_options_init. */
typedef struct hdsc_eval_options {
  /* sizeof(hdsc_eval_options), set by hdsc_eval_options_init. */
  size_t struct_size;
  /* The value of `now` (UTC). hdsc_eval_options_init sets the current time; set both fields to fix it. */
  int64_t now_seconds;
  int32_t now_nanos;
  /* The encoding of `dossier_data`. */
  hdsc_dossier_format dossier_format;
  /* A dossier bound to the variable `dossier` (hdsc.v1.Dossier); NULL (with len 0) declares no `dossier`. Read
   * during the call only. */
  const char* dossier_data;
  size_t dossier_len;
  /* Its file name, for messages and AUTO; NULL or "" for "dossier". */
  const char* dossier_name;
} hdsc_eval_options;

/* Sets `options` to the defaults: struct_size, now = the current time, no dossier. NULL is a no-op.
 * Since 0.1.0. */
HDSC_API void hdsc_eval_options_init(hdsc_eval_options* options);

/* Compiles the CEL expression `expression[0..expression_len)` (names resolve in package hdsc.v1, so enum constants
 * read `RiskLevel.RISK_LEVEL_HIGH`), evaluates it, and prints the value as a CEL literal that evaluates back to it:
 * `1`, `1u`, `"s"`, `[1, 2]`, `timestamp("2024-01-01T00:00:00Z")`, `duration("3600s")`, `hdsc.v1.Type{...}`.
 *   out      receives the NUL-terminated literal; the caller frees it with hdsc_free. Left NULL on failure.
 *   out_len  if not NULL, receives its length without the NUL.
 *   options  NULL for the defaults of hdsc_eval_options_init.
 * Errors: INVALID_ARGUMENT (NULL out or expression with a nonzero length, unknown struct_size; the expression does
 * not parse or type-check: "<expr>:LINE:COL: message"; an invalid dossier), and, when the evaluation produces a CEL
 * error (no such key, division by zero...), that error's own code (INVALID_ARGUMENT, NOT_FOUND, OUT_OF_RANGE, ...)
 * with a message starting "evaluation error: ". Since 0.1.0. */
HDSC_API hdsc_error* hdsc_eval(char** out, size_t* out_len, const char* expression, size_t expression_len,
                               const hdsc_eval_options* options);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HDSC_CAPI_HDSC_H_ */
