// Citations as reports write them: a reference's framework and citation ("GDPR", "Art. 33(1)") in the report's
// language ("GDPR Art. 33(1)", "art. 33, paragraphe 1, du RGPD"), by the forms of the framework's citation style
// (`Framework.citation_style` in lib/model/rules.proto).
#ifndef HDSC_LIB_RULES_CITATION_H_
#define HDSC_LIB_RULES_CITATION_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "lib/base/language.h"
#include "lib/model/rules.pb.h"
#include "re2/re2.h"

namespace hdsc::rules {

// Why `form` cannot be used (its pattern does not compile, or a text names a group the pattern lacks); OK
// otherwise. INVALID_ARGUMENT with a message naming the pattern.
absl::Status CheckCitationForm(const v1::CitationForm& form);

// The citation styles of a set of frameworks, compiled once. Immutable; safe to share between threads.
class CitationWriter {
 public:
  // Frameworks whose forms do not pass `CheckCitationForm` lose those forms (packs are checked when loaded).
  explicit CitationWriter(const std::vector<const v1::Framework*>& frameworks);
  CitationWriter(CitationWriter&&) = default;
  CitationWriter& operator=(CitationWriter&&) = default;

  // Whether a citation no form matches is written after the framework's name: yes for a reference, which may
  // cite any framework; no for a framework's own requirement, read under the framework's title.
  enum class Name { kWith, kWithout };

  // `citation` of `framework` in `language`: the text of the first form matching all of it, else the citation as
  // written, after "<framework's name> " with kWith (the framework id when it has no name or is unknown).
  std::string Write(std::string_view framework, std::string_view citation, base::Language language,
                    Name name = Name::kWith) const;

 private:
  struct Form {
    std::shared_ptr<const RE2> pattern;
    v1::LocalizedText text;
  };
  struct Style {
    v1::LocalizedText name;
    std::vector<Form> forms;
  };
  std::map<std::string, Style, std::less<>> styles_;
};

}  // namespace hdsc::rules

#endif  // HDSC_LIB_RULES_CITATION_H_
