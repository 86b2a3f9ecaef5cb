// Fuzz target of the C ABI: calls the entry points of capi/hdsc.h as a careless caller would, with lengths,
// struct sizes, enum values, times, limits and texts taken from the input. Whatever the input, a call returns a
// result or an hdsc_error and never crashes, hangs or leaks. Lengths are either true or absurd (2^63 and more, a
// failed read's -1): a length between the two would be the caller reading past its own buffer.
//
// The input is read as a sequence of operations: one byte picks the entry point, the bytes after it give its
// arguments. Options structs are copied into heap blocks of exactly their struct_size bytes, so a read past the
// caller's struct shows under AddressSanitizer.
//
// `bazel test //capi:capi_fuzzer_replay_test` replays capi/fuzz_corpus; tools/capi_fuzz.sh fuzzes with libFuzzer.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "capi/hdsc.h"

namespace {

// A small pack, so that building a checker costs little next to the calls fuzzed.
constexpr char kPack[] = R"pb(
  framework { id: "F" title { en: "F" } version: "1" }
  param { name: "limit" default_value { int_value: 3 } }
  param { name: "allowed" default_value { string_list_value { values: "FR" } } }
  rule {
    id: "F-1" title { en: "t" fr: "t" } severity: HIGH
    message { en: "${record.id} ${record.name.size()}" fr: "${record.id}" }
    for_each: "processing_activities"
    when: "record.id != ''"
    require: "record.name.size() < params.limit * 10 && dossier.organization.country in params.allowed"
    reference { framework: "F" citation: "§1" }
  }
  rule {
    id: "F-2" title { en: "u" } severity: LOW
    require: "dossier.processors.all(p, p.data_locations.exists(l, l.country == 'FR'))"
    reference { framework: "F" citation: "§2" }
  }
)pb";

// Reads the fuzz input front to back; past its end every read gives zero or the empty string.
class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  bool empty() const { return position_ >= size_; }

  uint8_t Byte() { return position_ < size_ ? data_[position_++] : 0; }

  template <typename T>
  T Raw() {
    T value{};
    const size_t n = std::min(sizeof value, size_ - std::min(position_, size_));
    std::memcpy(&value, data_ + position_, n);
    position_ += n;
    return value;
  }

  // A length-prefixed text (up to 255 bytes, may hold NULs).
  std::string Text() {
    const size_t n = std::min<size_t>(Byte(), size_ - std::min(position_, size_));
    std::string text(reinterpret_cast<const char*>(data_ + position_), n);
    position_ += n;
    return text;
  }

  // Everything left of the input up to a 0xFF 0x00 separator, consumed with it: a dossier or an expression.
  std::string Chunk() {
    const size_t start = std::min(position_, size_);
    size_t end = start;
    while (end + 1 < size_ && !(data_[end] == 0xFF && data_[end + 1] == 0x00)) ++end;
    if (end + 1 >= size_) end = size_;
    position_ = end + 2;
    return std::string(reinterpret_cast<const char*>(data_ + start), end - start);
  }

  // A length for `true_length` bytes: usually the truth, sometimes an absurd one the library must refuse.
  size_t Length(size_t true_length) {
    switch (Byte() % 8) {
      case 0: return SIZE_MAX;
      case 1: return size_t{1} << 63;
      case 2: return SIZE_MAX - Raw<uint16_t>();
      default: return true_length;
    }
  }

  // A struct_size for a struct of `size` bytes: the true one, an older (shorter) or newer (longer) one, or any.
  size_t StructSize(size_t size) {
    switch (Byte() % 6) {
      case 0: return Raw<uint8_t>();
      case 1: return size - 8 * (Byte() % (size / 8));
      case 2: return size + 8 * (Byte() % 4);
      default: return size;
    }
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t position_ = 0;
};

// `value`, copied into a heap block of exactly `struct_size` bytes (zero past sizeof(T), so that a newer
// caller's unknown fields are zero unless the input says otherwise). Every struct holds its struct_size at least.
template <typename T>
std::unique_ptr<unsigned char[]> Sized(T value, size_t struct_size, Input& input) {
  value.struct_size = struct_size;
  std::unique_ptr<unsigned char[]> block(new unsigned char[std::max(struct_size, sizeof value.struct_size)]());
  std::memcpy(block.get(), &value, std::max(std::min(struct_size, sizeof value), sizeof value.struct_size));
  if (struct_size > sizeof value && input.Byte() % 4 == 0) block[struct_size - 1] = 1;
  return block;
}

const char* OrNull(const std::string& text, Input& input) { return input.Byte() % 4 == 0 ? nullptr : text.c_str(); }

// Reads every part of `error` and frees it. HDSC_FUZZ_VERBOSE=1 prints it, to see what a seed reaches.
void Consume(hdsc_error* error) {
  static const bool verbose = std::getenv("HDSC_FUZZ_VERBOSE") != nullptr;
  if (verbose) std::fprintf(stderr, "%s\n", error == nullptr ? "ok" : hdsc_error_message(error));
  if (error == nullptr) return;
  hdsc_code_name(hdsc_error_code(error));
  hdsc_error_message(error);
  for (size_t i = 0; i < hdsc_error_diagnostic_count(error) && i < 4; ++i) {
    hdsc_diagnostic diagnostic;
    hdsc_diagnostic_init(&diagnostic);
    hdsc_error_free(hdsc_error_diagnostic(&diagnostic, error, i));
  }
  hdsc_error_free(error);
}

hdsc_checker* NewChecker(Input& input) {
  const std::string language = input.Text();
  const std::string profile = input.Text();
  const std::string param_name = input.Byte() % 2 ? "limit" : input.Text();
  const std::string param_value = input.Text();
  const std::string extra_pack = input.Text();
  hdsc_document texts[2] = {{"pack.textpb", kPack, sizeof kPack - 1}, {"extra.textpb", extra_pack.data(), 0}};
  texts[1].len = input.Length(extra_pack.size());
  hdsc_param param = {param_name.c_str(), param_value.c_str()};

  hdsc_checker_options options;
  hdsc_checker_options_init(&options);
  options.rule_texts = texts;
  options.rule_text_count = 1 + input.Byte() % 2;
  options.language = OrNull(language, input);
  options.profile = OrNull(profile, input);
  if (input.Byte() % 2) {
    options.params = &param;
    options.param_count = 1;
  }
  std::unique_ptr<unsigned char[]> block = Sized(options, input.StructSize(sizeof options), input);
  hdsc_checker* checker = nullptr;
  Consume(hdsc_checker_new(&checker, reinterpret_cast<hdsc_checker_options*>(block.get())));
  return checker;
}

void ReadReport(const hdsc_report* report, Input& input) {
  hdsc_summary summary;
  hdsc_summary_init(&summary);
  summary.struct_size = input.StructSize(sizeof summary);
  std::vector<unsigned char> summary_block(std::max(summary.struct_size, sizeof summary));
  std::memcpy(summary_block.data(), &summary, sizeof summary);
  Consume(hdsc_report_summary(reinterpret_cast<hdsc_summary*>(summary_block.data()), report));
  hdsc_report_has_failure(report, input.Raw<int32_t>());

  const size_t count = hdsc_report_finding_count(report);
  const size_t index = input.Byte() % 2 ? input.Raw<uint64_t>() : input.Byte() % (count + 1);
  hdsc_finding finding;
  hdsc_finding_init(&finding);
  finding.struct_size = input.StructSize(sizeof finding);
  std::vector<unsigned char> finding_block(std::max(finding.struct_size, sizeof finding));
  std::memcpy(finding_block.data(), &finding, sizeof finding);
  Consume(hdsc_report_finding(reinterpret_cast<hdsc_finding*>(finding_block.data()), report, index));
  hdsc_reference reference;
  hdsc_reference_init(&reference);
  Consume(hdsc_report_finding_reference(&reference, report, index, input.Byte() % 2 ? input.Raw<uint64_t>() : 0));

  char* rendered = nullptr;
  size_t rendered_len = 0;
  size_t* rendered_len_out = input.Byte() % 2 ? &rendered_len : nullptr;
  const int32_t format = input.Raw<int32_t>();
  unsigned flags = input.Raw<uint32_t>();
  if (input.Byte() % 2) flags &= HDSC_RENDER_VERBOSE | HDSC_RENDER_COLOR;
  Consume(hdsc_report_render(&rendered, rendered_len_out, report, format, flags));
  hdsc_free(rendered);
}

void Check(const hdsc_checker* checker, Input& input) {
  const std::string language = input.Text();
  const std::string name = input.Text();
  const std::string rule = input.Byte() % 2 ? "F-1" : input.Text();
  const std::string baseline_text = input.Text();
  const std::string dossier = input.Chunk();
  const char* only_rules[] = {rule.c_str()};
  hdsc_document baseline = {"baseline.json", baseline_text.data(), input.Length(baseline_text.size())};

  hdsc_check_options options;
  hdsc_check_options_init(&options);
  options.now_seconds = input.Byte() % 2 ? input.Raw<int64_t>() : 1795824000;
  options.now_nanos = input.Byte() % 2 ? input.Raw<int32_t>() : 0;
  options.format = input.Byte() % 2 ? input.Raw<int32_t>() : HDSC_DOSSIER_FORMAT_AUTO;
  options.language = OrNull(language, input);
  options.dossier_name = OrNull(name, input);
  options.omit_passing_findings = input.Raw<int32_t>();
  if (input.Byte() % 4 == 0) options.baseline = &baseline;
  if (input.Byte() % 4 == 0) {
    options.only_rules = only_rules;
    options.only_rule_count = 1;
  }
  options.max_evaluation_steps = input.Byte() % 2 ? input.Raw<int64_t>() : 0;
  options.time_limit_millis = input.Byte() % 2 ? input.Raw<int64_t>() : 0;
  options.max_input_bytes = input.Byte() % 2 ? input.Raw<int64_t>() : 0;
  std::unique_ptr<unsigned char[]> block = Sized(options, input.StructSize(sizeof options), input);

  hdsc_report* report = nullptr;
  Consume(hdsc_checker_check(&report, checker, dossier.data(), input.Length(dossier.size()),
                             reinterpret_cast<hdsc_check_options*>(block.get())));
  if (report != nullptr) ReadReport(report, input);
  hdsc_report_free(report);
}

void Validate(Input& input) {
  const std::string name = input.Text();
  const std::string dossier = input.Chunk();
  const size_t len = input.Length(dossier.size());
  const int32_t format = input.Raw<int32_t>();
  const char* name_or_null = OrNull(name, input);
  hdsc_diagnostics* diagnostics = nullptr;
  Consume(hdsc_dossier_validate(&diagnostics, dossier.data(), len, format, name_or_null));
  hdsc_diagnostic diagnostic;
  hdsc_diagnostic_init(&diagnostic);
  diagnostic.struct_size = input.StructSize(sizeof diagnostic);
  std::vector<unsigned char> block(std::max(diagnostic.struct_size, sizeof diagnostic));
  std::memcpy(block.data(), &diagnostic, sizeof diagnostic);
  Consume(hdsc_diagnostics_get(reinterpret_cast<hdsc_diagnostic*>(block.data()), diagnostics, input.Raw<uint16_t>()));
  char* rendered = nullptr;
  Consume(hdsc_diagnostics_render(&rendered, nullptr, diagnostics));
  hdsc_free(rendered);
  hdsc_diagnostics_free(diagnostics);
}

void Convert(Input& input) {
  const std::string name = input.Text();
  const std::string language = input.Text();
  const std::string dossier = input.Chunk();
  hdsc_convert_options options;
  hdsc_convert_options_init(&options);
  options.name = OrNull(name, input);
  options.language = OrNull(language, input);
  options.allow_unknown_fields = input.Raw<int32_t>();
  options.max_input_bytes = input.Byte() % 2 ? input.Raw<int64_t>() : 0;
  std::unique_ptr<unsigned char[]> block = Sized(options, input.StructSize(sizeof options), input);
  char* out = nullptr;
  size_t out_len = 0;
  hdsc_diagnostics* warnings = nullptr;
  const int32_t from = input.Byte() % 2 ? input.Raw<int32_t>() : HDSC_DOSSIER_FORMAT_AUTO;
  const int32_t to = input.Byte() % 2 ? input.Raw<int32_t>() : 1 + input.Byte() % 5;
  size_t* out_len_out = input.Byte() % 4 ? &out_len : nullptr;
  hdsc_diagnostics** warnings_out = input.Byte() % 2 ? &warnings : nullptr;
  const size_t len = input.Length(dossier.size());
  Consume(hdsc_dossier_convert(&out, out_len_out, warnings_out, dossier.data(), len, from, to,
                               reinterpret_cast<hdsc_convert_options*>(block.get())));
  hdsc_free(out);
  hdsc_diagnostics_free(warnings);
}

void Eval(Input& input) {
  const std::string name = input.Text();
  const std::string expression = input.Chunk();
  const std::string dossier = input.Chunk();
  hdsc_eval_options options;
  hdsc_eval_options_init(&options);
  options.now_seconds = input.Byte() % 2 ? input.Raw<int64_t>() : 1795824000;
  options.now_nanos = input.Byte() % 2 ? input.Raw<int32_t>() : 0;
  options.dossier_format = input.Byte() % 2 ? input.Raw<int32_t>() : HDSC_DOSSIER_FORMAT_AUTO;
  if (input.Byte() % 2) {
    options.dossier_data = dossier.data();
    options.dossier_len = input.Length(dossier.size());
  }
  options.dossier_name = OrNull(name, input);
  options.max_input_bytes = input.Byte() % 2 ? input.Raw<int64_t>() : 0;
  std::unique_ptr<unsigned char[]> block = Sized(options, input.StructSize(sizeof options), input);
  char* out = nullptr;
  size_t out_len = 0;
  Consume(hdsc_eval(&out, &out_len, expression.data(), input.Length(expression.size()),
                    reinterpret_cast<hdsc_eval_options*>(block.get())));
  hdsc_free(out);
}

void Vocabulary(Input& input) {
  const int32_t value = input.Raw<int32_t>();
  hdsc_code_name(value);
  hdsc_render_format_name(value);
  hdsc_render_format_file_name(value);
  const std::string name = input.Text();
  int format = 0;
  int* format_out = input.Byte() % 4 ? &format : nullptr;
  Consume(hdsc_render_format_parse(format_out, OrNull(name, input)));
  const std::string profile = input.Text();
  const std::string language = input.Text();
  char* out = nullptr;
  size_t out_len = 0;
  size_t* out_len_out = input.Byte() % 2 ? &out_len : nullptr;
  const char* profile_or_null = OrNull(profile, input);
  const char* language_or_null = OrNull(language, input);
  Consume(hdsc_dossier_init(&out, out_len_out, profile_or_null, language_or_null, input.Raw<int32_t>()));
  hdsc_free(out);
}

void Documents(Input& input) {
  const std::string old_text = input.Chunk();
  const std::string new_text = input.Chunk();
  // The report, signature and key of verify and sign are the same two texts, each with its own length.
  const size_t old_len = input.Length(old_text.size());
  const size_t new_len = input.Length(new_text.size());
  hdsc_document old_report = {"old.json", old_text.data(), old_len};
  hdsc_document new_report = {"new.json", new_text.data(), new_len};
  char* out = nullptr;
  Consume(hdsc_report_diff(&out, nullptr, &old_report, &new_report));
  hdsc_free(out);
  Consume(hdsc_report_verify(old_text.data(), old_len, new_text.data(), new_len, old_text.data(), old_len));
  out = nullptr;
  Consume(hdsc_report_sign(&out, nullptr, old_text.data(), old_len, new_text.data(), new_len));
  hdsc_free(out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input input(data, size);
  hdsc_checker* checker = nullptr;
  for (int operations = 0; operations < 8 && !input.empty(); ++operations) {
    switch (input.Byte() % 7) {
      case 0:
        hdsc_checker_free(checker);
        checker = NewChecker(input);
        break;
      case 1:
        if (checker == nullptr) checker = NewChecker(input);
        Check(checker, input);
        break;
      case 2: Validate(input); break;
      case 3: Convert(input); break;
      case 4: Eval(input); break;
      case 5: Vocabulary(input); break;
      case 6: Documents(input); break;
    }
  }
  hdsc_checker_free(checker);
  return 0;
}
