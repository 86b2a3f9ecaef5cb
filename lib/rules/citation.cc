#include "lib/rules/citation.h"

#include "absl/strings/str_cat.h"
#include "lib/base/regex.h"
#include "lib/base/strings.h"

namespace hdsc::rules {
namespace {

using base::AsAbsl;

// The pattern anchored at both ends, so that a form applies to a whole citation only and one `Extract` both
// matches and rewrites.
std::shared_ptr<const RE2> CompileWhole(const std::string& pattern) {
  return base::SharedRegex(absl::StrCat("^(?:", pattern, ")$"));
}

// What `CheckCitationForm` checks once the pattern is compiled.
absl::Status CheckCompiledForm(const v1::CitationForm& form, const RE2& pattern) {
  if (form.pattern().empty()) return absl::InvalidArgumentError("citation form without a pattern");
  if (!pattern.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("citation form pattern '", form.pattern(), "' does not compile: ", pattern.error()));
  }
  if (form.text().en().empty() && form.text().fr().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("citation form '", form.pattern(), "' has no text"));
  }
  for (const std::string* text : {&form.text().en(), &form.text().fr()}) {
    std::string error;
    if (!text->empty() && !pattern.CheckRewriteString(*text, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat("citation form '", form.pattern(), "': text '", *text, "': ", error));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckCitationForm(const v1::CitationForm& form) {
  return CheckCompiledForm(form, *CompileWhole(form.pattern()));
}

CitationWriter::CitationWriter(const std::vector<const v1::Framework*>& frameworks) {
  for (const v1::Framework* framework : frameworks) {
    Style& style = styles_[framework->id()];
    style.name = framework->citation_style().name();
    for (const v1::CitationForm& form : framework->citation_style().form()) {
      std::shared_ptr<const RE2> pattern = CompileWhole(form.pattern());
      if (!CheckCompiledForm(form, *pattern).ok()) continue;
      style.forms.push_back({std::move(pattern), form.text()});
    }
  }
}

std::string CitationWriter::Write(std::string_view framework, std::string_view citation, base::Language language,
                                  Name name) const {
  auto style = styles_.find(framework);
  if (style == styles_.end()) {
    return name == Name::kWith ? absl::StrCat(AsAbsl(framework), " ", AsAbsl(citation)) : std::string(citation);
  }
  for (const Form& form : style->second.forms) {
    // A language without a text of its own writes the citation as it is (French falls back to English).
    const std::string& text = base::Localized(language, form.text.en(), form.text.fr());
    if (text.empty()) continue;
    std::string written;
    const re2::StringPiece input(citation.data(), citation.size());
    if (RE2::Extract(input, *form.pattern, text, &written)) {
      return written;
    }
  }
  if (name == Name::kWithout) return std::string(citation);
  const std::string& written = base::Localized(language, style->second.name.en(), style->second.name.fr());
  return absl::StrCat(written.empty() ? AsAbsl(framework) : written, " ", AsAbsl(citation));
}

}  // namespace hdsc::rules
