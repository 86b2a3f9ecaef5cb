// `hdscheck check`: check a dossier against rule packs and print a report.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/command.h"
#include "cli/flags.h"
#include "cli/heap.h"
#include "google/protobuf/util/time_util.h"
#include "lib/api/hdsc.h"

namespace hdsc::cli {
namespace {

constexpr int kExitFailures = 1;    // a FAIL or ERROR finding at or above --fail-on
constexpr int kExitCannotRun = 2;   // the dossier, a pack or the waivers could not be used

// Largest signing key read.
constexpr int64_t kMaxKeyBytes = int64_t{1} << 20;

constexpr char kCheckHelp[] =
    R"(usage: hdscheck check [OPTIONS] DOSSIER

Checks DOSSIER (JSON, textproto, binary, .xlsx or .ods; see `hdscheck validate`) against rule
packs and prints a report: a summary, each framework's requirements worst first
with its completeness (how many of its requirements with rules the dossier gave
data to evaluate), then every finding that needs attention with its citation
and remediation. Under a profile, what that kind of organisation must describe
and the dossier leaves out fails at HIGH or CRITICAL: an empty dossier does not
pass. `hdscheck init` writes a starter dossier to fill in.

options:
  --rules PATH        a rule pack directory or file; repeatable. Default: the
                      bundled packs (controls/, or $HDSC_RULES_DIR)
  --profile ID        apply a profile of the packs (e.g. hospital, clinic,
                      hds-host): its frameworks, rules and parameters
  --param NAME=VALUE  set a parameter the packs declare, overriding the
                      profile's value; repeatable. VALUE is read at the
                      parameter's type: true/false, 12, 80.5, text, or a
                      duration such as 72h or 365d
  --now TIME          the evaluation time rules see, RFC 3339
                      (2026-03-01T00:00:00Z). Default: the current time. Fix it
                      for reproducible reports.
  --lang LANG         en or fr (default en)
  --format FORMATS    comma-separated: text, json, sarif, junit, html, oscal, md
                      (default text). JSON is the hdsc.v1.Report message in the
                      protobuf JSON mapping with the proto field names; the same
                      inputs and --now give byte-identical output in every
                      format. Several formats need --output-dir.
  --output-dir DIR    write each format to DIR/report.txt, report.json,
                      report.sarif, report.junit.xml, report.html,
                      report.oscal.json, report.md (DIR is created)
  --baseline FILE     a JSON report of an earlier run: failures it already had
                      (same rule, same subject id, or path for a subject with
                      no id) are marked in_baseline and do not count for the
                      exit code; the report lists them all
  --sign KEY.pem      sign the JSON report with an Ed25519 or ECDSA P-256 private
                      key into DIR/report.json.sig (needs --output-dir; writes
                      report.json too). Check with `hdscheck verify`.
  --evidence-root DIR check the files of the dossier's evidence records: each
                      location, relative to DIR, must exist, match its sha256 and
                      be valid at --now; problems are findings
                      (HDSC-EVIDENCE-*) against the records citing the evidence
  --fail-on SEVERITY  INFO, LOW, MEDIUM, HIGH or CRITICAL (default INFO): the
                      lowest severity of a FAIL or ERROR finding that makes the
                      exit code 1
  --waivers FILE      more waivers: a dossier file holding only `waivers`;
                      repeatable
  --max-steps N       comprehension steps the whole check may take (default
                      200000000); past it, evaluations are ERROR findings
  --timeout SECONDS   wall time the evaluation may take; past it the check
                      stops (exit 2). Default: no limit
  --max-input-size SIZE  the largest dossier read, in bytes or with K, M or G
                      (default 4G)
  --compile-threads N  threads compiling the rules (default 0: one a core, at
                      most four, but for the core reading a dossier of up
                      to 16 MiB meanwhile; 1: no other thread)
  --timing            record the evaluation time in the report (`timing`),
                      in all and for each rule with its evaluation steps,
                      slowest first (the text report shows the ten
                      slowest); the report then differs from run to run
  --omit-passing      leave PASS and N/A findings out of the report (the
                      counts still include them): smaller JSON for large
                      dossiers
  --progress          always show progress on standard error, even when it is
                      not a terminal (then as one final line: checking: N/N
                      rules)
  --quiet             never show progress. Without --progress or --quiet,
                      progress shows on standard error when it is a terminal
                      and the run lasts more than a second: reading the packs,
                      compiling rule N of M, loading the dossier, checking rule
                      N of M
  --verbose           text: also list PASS and N/A findings and requirements
  --color, --no-color text: colour statuses (default: when stdout is a terminal
                      and NO_COLOR is not set)
  -h, --help          show this help

exit codes:
  0   no FAIL or ERROR finding at or above --fail-on (WAIVED findings never count;
      with --baseline, neither do findings already failing in the baseline)
  1   at least one such FAIL or ERROR finding
  2   could not run: the dossier cannot be read or is invalid, a rule pack is
      broken (every problem is printed as file:line:col: message), the profile
      is unknown, a --param names no declared parameter or has a value of the
      wrong type, the waivers file, baseline, signing key or evidence root
      cannot be used, or an output file cannot be written
  64  bad command line
)";

constexpr char kCheckHelpFr[] =
    R"(usage : hdscheck check [OPTIONS] DOSSIER

Vérifie DOSSIER (JSON, textproto, binaire, .xlsx ou .ods ; voir `hdscheck validate`) au regard
des paquets de règles et affiche un rapport : une synthèse, les exigences de
chaque référentiel de la plus mal notée à la mieux notée avec sa complétude
(combien de ses exigences vérifiées par des règles le dossier a permis
d'évaluer), puis chaque constat à traiter avec sa référence et sa mesure
corrective. Avec un profil, ce que cette catégorie d'organisme doit décrire et
que le dossier omet échoue au niveau HIGH ou CRITICAL : un dossier vide ne passe
pas. `hdscheck init` écrit un dossier de départ à compléter.

options :
  --rules CHEMIN      un répertoire ou fichier de paquet de règles ; répétable.
                      Par défaut : les paquets fournis (controls/, ou
                      $HDSC_RULES_DIR)
  --profile ID        applique un profil des paquets (p. ex. hospital, clinic,
                      hds-host) : ses référentiels, règles et paramètres
  --param NOM=VALEUR  fixe un paramètre déclaré par les paquets, à la place de la
                      valeur du profil ; répétable. VALEUR est lue selon le type
                      du paramètre : true/false, 12, 80.5, texte, ou une durée
                      comme 72h ou 365d
  --now DATE          la date d'évaluation vue par les règles, RFC 3339
                      (2026-03-01T00:00:00Z). Par défaut : l'heure courante. La
                      fixer rend les rapports reproductibles.
  --lang LANGUE       en ou fr (en par défaut)
  --format FORMATS    séparés par des virgules : text, json, sarif, junit, html,
                      oscal, md (text par défaut). Le JSON est le message
                      hdsc.v1.Report selon la correspondance JSON de protobuf,
                      avec les noms de champs du .proto ; mêmes entrées et même
                      --now donnent une sortie identique octet pour octet dans
                      chaque format. Plusieurs formats demandent --output-dir.
  --output-dir RÉP    écrit chaque format dans RÉP/report.txt, report.json,
                      report.sarif, report.junit.xml, report.html,
                      report.oscal.json, report.md (RÉP est créé)
  --baseline FICHIER  un rapport JSON d'une exécution antérieure : les échecs
                      qu'il contenait déjà (même règle, même identifiant de
                      sujet, ou chemin pour un sujet sans identifiant) sont
                      marqués in_baseline et ne comptent pas pour le code de
                      sortie ; le rapport les liste tous
  --sign CLÉ.pem      signe le rapport JSON avec une clé privée Ed25519 ou ECDSA
                      P-256 dans RÉP/report.json.sig (demande --output-dir ;
                      écrit aussi report.json). Vérifier avec `hdscheck verify`.
  --evidence-root RÉP vérifie les fichiers des preuves du dossier : chaque
                      emplacement, relatif à RÉP, doit exister, correspondre à
                      son sha256 et être valide à --now ; les problèmes sont des
                      constats (HDSC-EVIDENCE-*) sur les enregistrements qui
                      citent la preuve
  --fail-on GRAVITÉ   INFO, LOW, MEDIUM, HIGH ou CRITICAL (INFO par défaut) : la
                      gravité minimale d'un constat FAIL ou ERROR qui rend le
                      code de sortie 1
  --waivers FICHIER   d'autres dérogations : un fichier de dossier ne contenant
                      que `waivers` ; répétable
  --max-steps N       pas de compréhension que toute la vérification peut faire
                      (200000000 par défaut) ; au-delà, les évaluations sont
                      des constats ERROR
  --timeout SECONDES  durée que l'évaluation peut prendre ; au-delà la
                      vérification s'arrête (sortie 2). Par défaut : sans limite
  --max-input-size TAILLE  le plus grand dossier lu, en octets ou avec K, M ou G
                      (4G par défaut)
  --compile-threads N  fils compilant les règles (0 par défaut : un par cœur,
                      quatre au plus, hors le cœur qui lit pendant ce temps
                      un dossier de 16 Mio au plus ; 1 : aucun autre fil)
  --timing            enregistre la durée d'évaluation dans le rapport
                      (`timing`), en tout et pour chaque règle avec ses pas
                      d'évaluation, la plus lente d'abord (le rapport texte
                      montre les dix plus lentes) ; le rapport change alors
                      d'une exécution à l'autre
  --omit-passing      omet les constats PASS et N/A du rapport (les comptes les
                      incluent toujours) : un JSON plus petit pour les gros
                      dossiers
  --progress          affiche toujours la progression sur la sortie d'erreur,
                      même hors d'un terminal (alors en une dernière ligne :
                      checking: N/N rules)
  --quiet             n'affiche jamais la progression. Sans --progress ni
                      --quiet, la progression s'affiche sur la sortie d'erreur
                      quand c'est un terminal et que l'exécution dure plus d'une
                      seconde : lecture des paquets, compilation de la règle N
                      sur M, chargement du dossier, vérification de la règle N
                      sur M
  --verbose           text : liste aussi les constats et exigences PASS et N/A
  --color, --no-color text : statuts en couleur (par défaut : quand la sortie
                      standard est un terminal et que NO_COLOR n'est pas défini)
  -h, --help          affiche cette aide

codes de sortie :
  0   aucun constat FAIL ou ERROR de gravité --fail-on ou plus (les constats
      WAIVED ne comptent jamais ; avec --baseline, ceux qui échouaient déjà dans
      la référence non plus)
  1   au moins un tel constat FAIL ou ERROR
  2   exécution impossible : le dossier est illisible ou invalide, un paquet de
      règles est défectueux (chaque problème est affiché sous la forme
      fichier:ligne:colonne: message), le profil est inconnu, un --param ne
      nomme aucun paramètre déclaré ou a une valeur du mauvais type, le fichier
      de dérogations, la référence, la clé de signature ou la racine des preuves
      est inutilisable, ou un fichier de sortie ne peut être écrit
  64  ligne de commande incorrecte
)";

// The names `--format` accepts, for completion.
std::vector<std::string> ReportFormatNames() {
  std::vector<std::string> names;
  for (ReportFormat format : AllReportFormats()) names.emplace_back(ReportFormatName(format));
  return names;
}

// A check as the command line asks for it, converted to the API's options.
struct CheckRequest {
  CompileOptions compile;
  CheckOptions check;
  RenderOptions render;
  std::string dossier_path;
  std::vector<ReportFormat> formats;
  std::string output_dir;
  std::string baseline_path;
  std::string signing_key_path;
  v1::Rule::Severity threshold = v1::Rule::INFO;
  bool progress = false;
  bool quiet = false;
};

// Parses the command line into `request`. Returns the exit code to stop with, or nullopt to go on.
std::optional<int> ParseCheckArgs(const std::vector<std::string>& args, CheckRequest& request, std::ostream& out,
                                  std::ostream& err) {
  std::vector<std::string> positionals;
  std::vector<std::string> params;
  std::string max_steps;
  std::string timeout;
  std::string compile_threads;
  std::string format = "text";
  std::string now_text;
  std::string fail_on = "INFO";
  request.render.color = &out == &std::cout && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  FlagParser parser("check", {kCheckHelp, kCheckHelpFr});
  parser.Repeated("--rules", &request.compile.rule_paths)
      .Value("--profile", &request.compile.profile, {Completion::Kind::kProfile})
      .Repeated("--param", &params, {Completion::Kind::kNone})
      .Value("--now", &now_text, {Completion::Kind::kNone})
      .Value("--lang", &request.compile.language, Completion::Words(Languages()))
      .Value("--format", &format, Completion::WordList(ReportFormatNames()))
      .Value("--output-dir", &request.output_dir, {Completion::Kind::kDirectory})
      .Value("--baseline", &request.baseline_path)
      .Value("--sign", &request.signing_key_path)
      .Value("--evidence-root", &request.check.evidence_root, {Completion::Kind::kDirectory})
      .Value("--fail-on", &fail_on, Completion::Words(SeverityNames()))
      .Repeated("--waivers", &request.compile.waiver_paths)
      .Value("--max-steps", &max_steps, {Completion::Kind::kNone})
      .Value("--timeout", &timeout, {Completion::Kind::kNone})
      .ByteSize("--max-input-size", &request.check.load.max_input_bytes)
      .Value("--compile-threads", &compile_threads, {Completion::Kind::kNone})
      .Bool("--timing", &request.check.record_timing)
      .Bool("--omit-passing", &request.check.keep_passing_findings, false)
      .Bool("--progress", &request.progress)
      .Bool("--quiet", &request.quiet)
      .Bool("--verbose", &request.render.verbose)
      .Bool("--color", &request.render.color)
      .Bool("--no-color", &request.render.color, false)
      .Positionals(&positionals, 1, 1, "no dossier given", "one dossier at a time");
  if (std::optional<int> exit_code = parser.Parse(args, out, err)) return exit_code;
  request.dossier_path = positionals.front();

  absl::StatusOr<std::vector<ReportFormat>> formats = ParseReportFormats(format);
  if (!formats.ok()) return parser.UsageError(absl::StrCat("--format: ", formats.status().message()), err);
  request.formats = *std::move(formats);
  if (request.output_dir.empty() && request.formats.size() > 1) {
    return parser.UsageError("several formats need --output-dir (one file each)", err);
  }
  if (request.progress && request.quiet) return parser.UsageError("--progress and --quiet contradict each other", err);
  if (!request.signing_key_path.empty() && request.output_dir.empty()) {
    return parser.UsageError("--sign needs --output-dir (the signature goes to DIR/report.json.sig)", err);
  }
  if (!CheckLanguage(request.compile.language).ok()) {
    return parser.UsageError("unknown --lang " + request.compile.language + " (en or fr)", err);
  }
  absl::StatusOr<v1::Rule::Severity> threshold = ParseSeverity(fail_on);
  if (!threshold.ok()) return parser.UsageError(absl::StrCat("--fail-on: ", threshold.status().message()), err);
  request.threshold = *threshold;
  if (!now_text.empty()) {
    google::protobuf::Timestamp now;
    if (!google::protobuf::util::TimeUtil::FromString(now_text, &now)) {
      return parser.UsageError(
          "--now: expected an RFC 3339 time such as 2026-03-01T00:00:00Z, got " + now_text, err);
    }
    request.check.now = absl::FromUnixSeconds(now.seconds()) + absl::Nanoseconds(now.nanos());
  }
  if (!max_steps.empty() && !absl::SimpleAtoi(max_steps, &request.check.max_evaluation_steps)) {
    return parser.UsageError("--max-steps: expected a number of steps, got " + max_steps, err);
  }
  if (!compile_threads.empty() &&
      (!absl::SimpleAtoi(compile_threads, &request.compile.compile_threads) || request.compile.compile_threads < 0)) {
    return parser.UsageError("--compile-threads: expected 0 (one a core) or a number of threads, got " + compile_threads,
                             err);
  }
  if (!timeout.empty()) {
    double seconds = 0;
    if (!absl::SimpleAtod(timeout, &seconds) || !(seconds > 0) || seconds > 1e9) {
      return parser.UsageError("--timeout: expected a positive number of seconds, got " + timeout, err);
    }
    request.check.time_limit = absl::Seconds(seconds);
  }
  for (const std::string& param : params) {
    const size_t equals = param.find('=');
    const std::string name = param.substr(0, equals);
    if (equals == std::string::npos || name.empty()) {
      return parser.UsageError("--param '" + param + "' is not NAME=VALUE", err);
    }
    if (!request.compile.params.emplace(name, param.substr(equals + 1)).second) {
      return parser.UsageError("--param " + name + " given twice", err);
    }
  }
  return std::nullopt;
}

// What `hdscheck check` says after the located problems of a checker that does not compile.
std::string CompileProblemsSummary(const CompileOptions& compile, const std::vector<Diagnostic>& problems) {
  const std::string& file = problems.front().file;
  if (std::find(compile.waiver_paths.begin(), compile.waiver_paths.end(), file) != compile.waiver_paths.end()) {
    return file + ": invalid waivers file";
  }
  return Plural(problems.size(), "problem", "problems") + " in the rule packs";
}

// Shows how far a run is on `err`. On a terminal the line is rewritten in place by a thread of its own, so that a
// long stage (a large dossier loading) shows too: from the start with --progress, once the run has lasted a
// second otherwise, and erased at the end unless --progress asked for it. Elsewhere only --progress shows
// anything: one final line.
class ProgressPrinter {
 public:
  enum class Mode { kQuiet, kAuto, kAlways };

  ProgressPrinter(std::ostream& err, Mode mode)
      : err_(err),
        mode_(mode),
        terminal_(&err == &std::cerr && isatty(STDERR_FILENO)),
        delay_(mode == Mode::kAlways ? absl::ZeroDuration() : absl::Seconds(1)) {
    if (terminal_ && mode_ != Mode::kQuiet) painter_ = std::thread([this] { Paint(); });
  }
  ~ProgressPrinter() { Stop(); }

  // The callback of CompileOptions and CheckOptions: records where the run is; never cancels.
  bool Update(const Progress& progress) {
    std::lock_guard<std::mutex> lock(mutex_);
    stage_ = progress.stage;
    done_ = progress.done;
    total_ = progress.total;
    if (progress.stage == Progress::Stage::kChecking) checked_total_ = progress.total;
    return true;
  }

  // Ends the display once the check is over: with every rule counted when it `completed`.
  void Finish(bool completed) {
    Stop();
    std::lock_guard<std::mutex> lock(mutex_);
    if (mode_ != Mode::kAlways || checked_total_ == 0) return;
    const int64_t done = completed ? checked_total_ : done_;
    err_ << (terminal_ ? "\r\033[K" : "") << "checking: " << done << "/" << checked_total_ << " rules\n";
  }

 private:
  // Called with `mutex_` held.
  std::string Line() const {
    switch (stage_) {
      case Progress::Stage::kReadingPacks: return "reading the rule packs...";
      case Progress::Stage::kCompiling: return absl::StrCat("compiling: ", done_, "/", total_, " rules");
      case Progress::Stage::kLoading: return "loading the dossier...";
      case Progress::Stage::kChecking: return absl::StrCat("checking: ", done_, "/", total_, " rules");
    }
    return "";
  }

  // Redraws the line ten times a second once the delay has passed.
  void Paint() {
    const absl::Time start = absl::Now();
    std::string shown;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      stopped_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stopping_; });
      if (stopping_ || absl::Now() - start < delay_) continue;
      const std::string line = Line();
      if (line == shown) continue;
      err_ << "\r\033[K" << line << std::flush;
      shown = line;
      painted_ = true;
    }
  }

  void Stop() {
    if (!painter_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    stopped_.notify_all();
    painter_.join();
    if (painted_ && mode_ != Mode::kAlways) err_ << "\r\033[K" << std::flush;
  }

  std::ostream& err_;
  const Mode mode_;
  const bool terminal_;
  const absl::Duration delay_;
  std::thread painter_;
  // Guards what follows. A standard mutex, which ThreadSanitizer sees (Debian's Abseil is not built for it).
  std::mutex mutex_;
  std::condition_variable stopped_;
  bool stopping_ = false;
  Progress::Stage stage_ = Progress::Stage::kReadingPacks;
  int64_t done_ = 0;
  int64_t total_ = 0;
  // The number of rules the check runs, once it has started.
  int64_t checked_total_ = 0;
  // Whether the painter drew anything (read after it stopped).
  bool painted_ = false;
};

ProgressPrinter::Mode ProgressMode(const CheckRequest& request) {
  if (request.quiet) return ProgressPrinter::Mode::kQuiet;
  return request.progress ? ProgressPrinter::Mode::kAlways : ProgressPrinter::Mode::kAuto;
}

// The largest dossier read while the packs compile. Reading one and compiling the bundled packs each take tens of
// milliseconds for a small dossier; a large one is read after, so that a broken pack is reported at once.
constexpr uintmax_t kMaxBytesReadWhileCompiling = uintmax_t{16} << 20;

// The heap the bundled packs' compilation touches, about 6 MiB, and some room.
constexpr size_t kCompileHeapBytes = size_t{8} << 20;

// Compiles the packs of `options` on the calling thread's heap made resident first (see `ResidentHeap`).
absl::StatusOr<std::unique_ptr<Checker>> CompileOnResidentHeap(const CompileOptions& options) {
  ResidentHeap resident(kCompileHeapBytes);
  return Checker::Compile(options);
}

// The packs `request` names, compiling on another thread while this one reads a small dossier (so that the dossier,
// which the check reads and keeps, is allocated by this thread as a large one is); an invalid future when the
// dossier is to be read after (a large file, or no thread to compile on). Unless told how many, the compilation
// takes the cores but the one reading (one thread on two cores: a second would only compete with the reading and
// fault in a heap of its own).
std::future<absl::StatusOr<std::unique_ptr<Checker>>> CompileWhileReading(const CheckRequest& request) {
  std::error_code error;
  const uintmax_t size = std::filesystem::file_size(request.dossier_path, error);
  if (error || size > kMaxBytesReadWhileCompiling) return {};
  CompileOptions options = request.compile;
  if (options.compile_threads == 0) {
    options.compile_threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 2u, 5u) - 1);
  }
  try {
    return std::async(std::launch::async, [options = std::move(options)] { return CompileOnResidentHeap(options); });
  } catch (const std::system_error&) {
    return {};
  }
}

// Checks the dossier, or `read` when it was read already, with the baseline, evidence root and progress `request`
// asks for.
absl::StatusOr<Result> CheckDossier(const Checker& checker, const CheckRequest& request,
                                    std::optional<absl::StatusOr<LoadedDossier>> read, ProgressPrinter& printer) {
  CheckOptions options = request.check;
  if (!request.baseline_path.empty()) {
    absl::StatusOr<std::string> baseline = ReadFile(request.baseline_path);
    if (!baseline.ok()) return Prefixed("--baseline: ", baseline.status());
    options.baseline = Document{request.baseline_path, *std::move(baseline)};
  }
  options.progress = [&printer](const Progress& progress) { return printer.Update(progress); };
  absl::StatusOr<Result> result;
  if (!read.has_value()) {
    result = checker.Check(DossierSource::File(request.dossier_path), options);
  } else if (read->ok()) {
    result = checker.Check(**std::move(read), options);
  } else {
    result = read->status();
  }
  printer.Finish(result.ok());
  return result;
}

// Signs the JSON report `json` written at `path` into `path`.sig.
absl::Status WriteSignature(const std::string& path, const std::string& json, const std::string& key_path) {
  absl::StatusOr<std::string> key = ReadFile(key_path, kMaxKeyBytes);
  if (!key.ok()) return key.status();
  absl::StatusOr<std::string> signature = SignReport(json, *key);
  if (!signature.ok()) return signature.status();
  return WriteFile(path + ".sig", *signature);
}

// Writes rendered pieces to `out`; fails once it cannot.
RenderSink StreamSink(std::ostream& out) {
  return [&out](std::string_view piece) {
    out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    return out ? absl::OkStatus() : absl::UnavailableError("cannot write the report");
  };
}

// Prints the report on `out`, or writes each format (and the signature) into the output directory.
absl::Status WriteOutputs(const Result& result, const CheckRequest& request, std::ostream& out) {
  if (request.output_dir.empty()) return RenderTo(result, request.formats.front(), request.render, StreamSink(out));
  std::error_code error;
  std::filesystem::create_directories(request.output_dir, error);
  if (error) {
    return absl::PermissionDeniedError(
        absl::StrCat("--output-dir: cannot create ", request.output_dir, " (", error.message(), ")"));
  }
  RenderOptions render = request.render;
  render.color = false;
  std::vector<ReportFormat> formats = request.formats;
  if (!request.signing_key_path.empty() &&
      std::find(formats.begin(), formats.end(), ReportFormat::kJson) == formats.end()) {
    formats.push_back(ReportFormat::kJson);
  }
  for (ReportFormat format : formats) {
    const std::string path = (std::filesystem::path(request.output_dir) / ReportFileName(format)).string();
    if (format == ReportFormat::kJson && !request.signing_key_path.empty()) {
      // The signature is over the whole document, so this one is built in memory.
      absl::StatusOr<std::string> rendered = Render(result, format, render);
      if (!rendered.ok()) return rendered.status();
      if (absl::Status written = WriteFile(path, *rendered); !written.ok()) return written;
      absl::Status signed_report = WriteSignature(path, *rendered, request.signing_key_path);
      if (!signed_report.ok()) return Prefixed("--sign: ", signed_report);
      continue;
    }
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (absl::Status written = RenderTo(result, format, render, StreamSink(file)); !written.ok()) return written;
    file.close();
    if (!file) return absl::PermissionDeniedError(path + ": cannot write");
  }
  return absl::OkStatus();
}

}  // namespace

int RunCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CheckRequest request;
  if (std::optional<int> exit_code = ParseCheckArgs(args, request, out, err)) return *exit_code;

  ProgressPrinter printer(err, ProgressMode(request));
  request.compile.progress = [&printer](const Progress& progress) { return printer.Update(progress); };
  std::future<absl::StatusOr<std::unique_ptr<Checker>>> compiling = CompileWhileReading(request);
  std::optional<absl::StatusOr<LoadedDossier>> read;
  if (compiling.valid()) {
    printer.Update(Progress{Progress::Stage::kLoading, 0, 1, ""});
    read = LoadDossier(DossierSource::File(request.dossier_path), request.check.load);
  }
  absl::StatusOr<std::unique_ptr<Checker>> checker =
      compiling.valid() ? compiling.get() : CompileOnResidentHeap(request.compile);
  if (!checker.ok()) {
    printer.Finish(false);
    PrintError("check", checker.status(), err, [&request](const std::vector<Diagnostic>& problems) {
      return CompileProblemsSummary(request.compile, problems);
    });
    return kExitCannotRun;
  }

  absl::StatusOr<Result> result = CheckDossier(**checker, request, std::move(read), printer);
  if (!result.ok()) {
    PrintError("check", result.status(), err, [&request](const std::vector<Diagnostic>& problems) {
      return absl::StrCat(request.dossier_path, " is not a valid dossier (",
                          Plural(problems.size(), "problem", "problems"), "); nothing was checked");
    });
    return kExitCannotRun;
  }

  if (absl::Status written = WriteOutputs(*result, request, out); !written.ok()) {
    PrintError("check", written, err);
    return kExitCannotRun;
  }
  return result->HasFailureAtOrAbove(request.threshold) ? kExitFailures : kExitOk;
}

}  // namespace hdsc::cli
