// Reference data the dossier is checked against: ISO/IEC 27001:2022 Annex A and ISO 3166-1. (The EEA is the
// packs' parameter `eea_countries`, controls/gdpr/transfers.textpb.)
#ifndef HDSC_LIB_MODEL_REFERENCE_H_
#define HDSC_LIB_MODEL_REFERENCE_H_

#include <string_view>
#include <vector>

namespace hdsc::model {

// One control of ISO/IEC 27001:2022 Annex A.
struct AnnexAControl {
  std::string_view id;     // "5.1" to "8.34", without the "A." prefix
  std::string_view title;     // the English title in the standard
  std::string_view title_fr;  // the French title (NF EN ISO/IEC 27001 wording, as controls/iso27001/framework.textpb)
};

// The 93 Annex A controls of ISO/IEC 27001:2022 in the standard's order: 37 organizational (5.x), 8 people
// (6.x), 14 physical (7.x) and 34 technological (8.x) controls.
const std::vector<AnnexAControl>& AnnexAControls();

// Whether `id` is the id of an ISO/IEC 27001:2022 Annex A control, written as in `AnnexAControl::id` ("8.13";
// not "A.8.13", not "8.13.1", not a 2013 id such as "12.3.1").
bool IsAnnexAControl(std::string_view id);

// Whether `code` is one of the 249 officially assigned ISO 3166-1 alpha-2 codes (upper case, e.g. "FR").
// Exceptionally or transitionally reserved codes ("UK", "EL", "EU") are not assigned and return false.
bool IsIso3166Alpha2(std::string_view code);

}  // namespace hdsc::model

#endif  // HDSC_LIB_MODEL_REFERENCE_H_
