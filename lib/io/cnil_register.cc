#include "lib/io/cnil_register.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "lib/io/time_text.h"

namespace hdsc::io {
namespace {

using hdsc::v1::ProcessingActivity;

// ---------------------------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------------------------

// What a label of the model stands for.
enum class Field {
  // A processing activity.
  kId,
  kName,
  kDescription,
  kPurposes,
  kLegalBasis,
  kSubjects,
  kDataCategories,
  kRetention,
  kRecipients,
  kTransfers,
  kSecurity,
  kController,
  kUpdated,
  // The organisation, or its DPO in the DPO's part of the Registre sheet.
  kPartyName,
  kPartyAddress,
  kPartyPostcode,
  kPartyCity,
  kPartyPhone,
  kPartyEmail,
  kSiren,
};

struct Label {
  const char* text;  // as NormalizeLabel gives it
  Field field;
};

// The labels of a processing activity, most specific first (a label matches when it is one of these or starts with
// one followed by more words).
const std::vector<Label>& ActivityLabels() {
  static const std::vector<Label> kLabels = {
      {"categorie de personne concernee", Field::kSubjects},
      {"personne concernee", Field::kSubjects},
      {"categorie de donnee sensible", Field::kDataCategories},
      {"categorie de donnee", Field::kDataCategories},
      {"donnee sensible", Field::kDataCategories},
      {"donnee collectee", Field::kDataCategories},
      {"donnee traitee", Field::kDataCategories},
      {"categorie de destinataire", Field::kRecipients},
      {"destinataire", Field::kRecipients},
      {"duree de conservation", Field::kRetention},
      {"duree de conservation de donnee", Field::kRetention},
      {"transfert de donnee hor ue", Field::kTransfers},
      {"transfert hor ue", Field::kTransfers},
      {"transfert hor de l union europeenne", Field::kTransfers},
      {"transfert", Field::kTransfers},
      {"mesure de securite", Field::kSecurity},
      {"securite", Field::kSecurity},
      {"finalite", Field::kPurposes},
      {"objectif poursuivi", Field::kPurposes},
      {"sou finalite", Field::kPurposes},
      {"base legale", Field::kLegalBasis},
      {"base juridique", Field::kLegalBasis},
      {"fondement juridique", Field::kLegalBasis},
      {"nom du traitement", Field::kName},
      {"nom sigle", Field::kName},
      {"intitule", Field::kName},
      {"designation", Field::kName},
      {"activite", Field::kName},
      {"traitement", Field::kName},
      {"nom", Field::kName},
      {"description", Field::kDescription},
      {"responsable du traitement", Field::kController},
      {"responsable conjoint", Field::kController},
      {"date de derniere mise a jour", Field::kUpdated},
      {"derniere mise a jour", Field::kUpdated},
      {"date de mise a jour", Field::kUpdated},
      {"mise a jour", Field::kUpdated},
      {"reference", Field::kId},
      {"ref", Field::kId},
      {"numero", Field::kId},
      {"n", Field::kId},
      {"identifiant", Field::kId},
  };
  return kLabels;
}

// The labels of the organisation's (or the DPO's) details on the Registre sheet.
const std::vector<Label>& PartyLabels() {
  static const std::vector<Label> kLabels = {
      {"nom de l organisme", Field::kPartyName},
      {"raison sociale", Field::kPartyName},
      {"organisme", Field::kPartyName},
      {"societe", Field::kPartyName},
      {"nom", Field::kPartyName},
      {"adresse de messagerie", Field::kPartyEmail},
      {"adresse electronique", Field::kPartyEmail},
      {"courriel", Field::kPartyEmail},
      {"e mail", Field::kPartyEmail},
      {"email", Field::kPartyEmail},
      {"mail", Field::kPartyEmail},
      {"adresse", Field::kPartyAddress},
      {"code postal", Field::kPartyPostcode},
      {"cp", Field::kPartyPostcode},
      {"ville", Field::kPartyCity},
      {"commune", Field::kPartyCity},
      {"telephone", Field::kPartyPhone},
      {"tel", Field::kPartyPhone},
      {"siren", Field::kSiren},
      {"siret", Field::kSiren},
  };
  return kLabels;
}

std::optional<Field> Match(const std::string& label, const std::vector<Label>& labels) {
  for (const Label& each : labels) {
    const std::string_view pattern(each.text);
    if (label == pattern || (label.size() > pattern.size() && label.compare(0, pattern.size(), pattern) == 0 &&
                             label[pattern.size()] == ' ')) {
      return each.field;
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------------------
// Free text to enumeration values
// ---------------------------------------------------------------------------------------------------------------

template <typename Enum>
struct Keywords {
  Enum value;
  std::vector<const char*> words;  // normalized; a word matches at the start of a word of the text
};

const std::vector<Keywords<hdsc::v1::DataCategory>>& DataCategoryWords() {
  using hdsc::v1::DataCategory;
  static const std::vector<Keywords<DataCategory>> kWords = {
      {hdsc::v1::DATA_CATEGORY_IDENTIFICATION, {"etat civil", "identite", "identification", "nom prenom"}},
      {hdsc::v1::DATA_CATEGORY_CONTACT, {"coordonnee", "contact", "telephone", "courriel", "email", "adresse postale"}},
      {hdsc::v1::DATA_CATEGORY_HEALTH, {"sante", "medical", "medicale", "soin"}},
      {hdsc::v1::DATA_CATEGORY_GENETIC, {"genetique"}},
      {hdsc::v1::DATA_CATEGORY_BIOMETRIC, {"biometrique"}},
      {hdsc::v1::DATA_CATEGORY_NIR, {"nir", "securite sociale", "numero d identification national"}},
      {hdsc::v1::DATA_CATEGORY_INS, {"identite nationale de sante", "identifiant national de sante", "matricule in"}},
      {hdsc::v1::DATA_CATEGORY_SOCIAL, {"vie personnelle", "situation familiale", "sociale", "social"}},
      {hdsc::v1::DATA_CATEGORY_FINANCIAL, {"economique", "financier", "financiere", "bancaire", "revenu"}},
      {hdsc::v1::DATA_CATEGORY_PROFESSIONAL, {"vie professionnelle", "cv", "carriere"}},
      {hdsc::v1::DATA_CATEGORY_CONNECTION_LOGS, {"connexion", "adresse ip", "journaux de connexion"}},
      {hdsc::v1::DATA_CATEGORY_LOCATION, {"localisation", "geolocalisation", "gps", "deplacement"}},
      {hdsc::v1::DATA_CATEGORY_IMAGE, {"image", "photo", "video"}},
      {hdsc::v1::DATA_CATEGORY_SEX_LIFE, {"vie sexuelle", "orientation sexuelle"}},
      {hdsc::v1::DATA_CATEGORY_ETHNIC_ORIGIN, {"origine raciale", "ethnique"}},
      {hdsc::v1::DATA_CATEGORY_BELIEFS, {"religieuse", "philosophique", "conviction"}},
      {hdsc::v1::DATA_CATEGORY_POLITICAL_OPINIONS, {"opinion politique"}},
      {hdsc::v1::DATA_CATEGORY_TRADE_UNION, {"syndicale"}},
      {hdsc::v1::DATA_CATEGORY_CRIMINAL, {"condamnation", "infraction", "penale"}},
  };
  return kWords;
}

const std::vector<Keywords<hdsc::v1::DataSubjectCategory>>& SubjectWords() {
  using hdsc::v1::DataSubjectCategory;
  static const std::vector<Keywords<DataSubjectCategory>> kWords = {
      {hdsc::v1::DATA_SUBJECT_CATEGORY_PATIENTS, {"patient", "usager"}},
      {hdsc::v1::DATA_SUBJECT_CATEGORY_MINORS, {"mineur", "enfant"}},
      {hdsc::v1::DATA_SUBJECT_CATEGORY_HEALTH_PROFESSIONALS,
       {"professionnel de sante", "medecin", "soignant", "praticien"}},
      {hdsc::v1::DATA_SUBJECT_CATEGORY_STAFF, {"salarie", "personnel", "agent", "employe", "collaborateur"}},
      {hdsc::v1::DATA_SUBJECT_CATEGORY_RESEARCH_PARTICIPANTS, {"participant", "recherche"}},
      {hdsc::v1::DATA_SUBJECT_CATEGORY_RELATIVES, {"proche", "famille", "aidant"}},
      {hdsc::v1::DATA_SUBJECT_CATEGORY_RESIDENTS, {"resident"}},
      {hdsc::v1::DATA_SUBJECT_CATEGORY_VISITORS, {"visiteur"}},
      {hdsc::v1::DATA_SUBJECT_CATEGORY_CUSTOMERS, {"client"}},
      {hdsc::v1::DATA_SUBJECT_CATEGORY_SUPPLIERS, {"fournisseur", "prestataire"}},
  };
  return kWords;
}

const std::vector<Keywords<hdsc::v1::LegalBasis>>& LegalBasisWords() {
  static const std::vector<Keywords<hdsc::v1::LegalBasis>> kWords = {
      {hdsc::v1::LEGAL_BASIS_CONSENT, {"consentement"}},
      {hdsc::v1::LEGAL_BASIS_LEGAL_OBLIGATION, {"obligation legale", "obligation juridique"}},
      {hdsc::v1::LEGAL_BASIS_VITAL_INTERESTS, {"interet vitaux", "interet vital", "sauvegarde de la vie"}},
      {hdsc::v1::LEGAL_BASIS_PUBLIC_TASK,
       {"mission d interet public", "mission de service public", "exercice de l autorite publique"}},
      {hdsc::v1::LEGAL_BASIS_LEGITIMATE_INTERESTS, {"interet legitime"}},
      {hdsc::v1::LEGAL_BASIS_CONTRACT, {"contrat", "contractuel", "contractuelle"}},
  };
  return kWords;
}

// Whether `word` (normalized) starts a word of `text` (normalized).
bool HasWord(const std::string& text, std::string_view word) {
  const std::string padded = " " + text;
  return padded.find(" " + std::string(word)) != std::string::npos;
}

template <typename Enum>
std::vector<Enum> Find(const std::string& text, const std::vector<Keywords<Enum>>& table) {
  std::vector<Enum> found;
  for (const Keywords<Enum>& entry : table) {
    for (const char* word : entry.words) {
      if (HasWord(text, word)) {
        found.push_back(entry.value);
        break;
      }
    }
  }
  return found;
}

// The items of a free-text list: one per line or between ';', bullets and blanks dropped.
std::vector<std::string> Items(std::string_view text) {
  std::vector<std::string> items;
  std::string current;
  auto flush = [&]() {
    size_t start = 0;
    while (start < current.size() && (current[start] == ' ' || current[start] == '-' || current[start] == '*' ||
                                      current[start] == '\t')) {
      ++start;
    }
    // "•" (U+2022) as a bullet
    if (current.compare(start, 3, "\xE2\x80\xA2") == 0) start += 3;
    std::string item = current.substr(start);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t' || item.back() == '\r')) item.pop_back();
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    if (!item.empty()) items.push_back(item);
    current.clear();
  };
  for (char c : text) {
    if (c == '\n' || c == ';') {
      flush();
    } else {
      current += c;
    }
  }
  flush();
  return items;
}

// "5 ans", "6 mois", "30 jours", "2 semaines" at the start of `text`: a year is 365.25 days, a month a twelfth of it.
std::optional<int64_t> RetentionSeconds(const std::string& normalized) {
  size_t i = 0;
  int64_t number = 0;
  size_t digits = 0;
  while (i < normalized.size() && normalized[i] >= '0' && normalized[i] <= '9' && digits < 6) {
    number = number * 10 + (normalized[i++] - '0');
    ++digits;
  }
  if (digits == 0 || i >= normalized.size() || normalized[i] != ' ') return std::nullopt;
  const std::string unit = normalized.substr(i + 1, normalized.find(' ', i + 1) - (i + 1));
  if (unit == "an" || unit == "annee") return number * 31'557'600;
  if (unit == "moi") return number * 2'629'800;
  if (unit == "semaine") return number * 604'800;
  if (unit == "jour") return number * 86'400;
  return std::nullopt;
}

// A Latin letter with a diacritic (two UTF-8 bytes, U+00C0 to U+017F) as its base letter(s), lower case.
const char* BaseLetter(unsigned char lead, unsigned char next) {
  const unsigned code = ((lead & 0x1Fu) << 6) | (next & 0x3Fu);
  switch (code) {
    case 0xC0: case 0xC1: case 0xC2: case 0xC3: case 0xC4: case 0xC5:
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE4: case 0xE5:
      return "a";
    case 0xC6: case 0xE6:
      return "ae";
    case 0xC7: case 0xE7:
      return "c";
    case 0xC8: case 0xC9: case 0xCA: case 0xCB: case 0xE8: case 0xE9: case 0xEA: case 0xEB:
      return "e";
    case 0xCC: case 0xCD: case 0xCE: case 0xCF: case 0xEC: case 0xED: case 0xEE: case 0xEF:
      return "i";
    case 0xD1: case 0xF1:
      return "n";
    case 0xD2: case 0xD3: case 0xD4: case 0xD5: case 0xD6: case 0xF2: case 0xF3: case 0xF4: case 0xF5: case 0xF6:
      return "o";
    case 0xD9: case 0xDA: case 0xDB: case 0xDC: case 0xF9: case 0xFA: case 0xFB: case 0xFC:
      return "u";
    case 0xDD: case 0xFD: case 0xFF:
      return "y";
    case 0x152: case 0x153:
      return "oe";
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------------------------
// The import
// ---------------------------------------------------------------------------------------------------------------

// A label's value found on a sheet.
struct Entry {
  Field field;
  std::string label;  // as written
  Cell value;
  std::string cell;  // where the value is
};

class Importer {
 public:
  Importer(std::string_view file, hdsc::v1::Dossier* dossier, SourceMap* source_map, std::vector<Diagnostic>* warnings)
      : file_(file), dossier_(dossier), source_map_(source_map), warnings_(warnings) {}

  void Import(const Workbook& workbook) {
    const Sheet* registre = nullptr;
    for (const Sheet& sheet : workbook.sheets) {
      const std::string name = NormalizeLabel(sheet.name);
      if (registre == nullptr && (name == "registre" || name.rfind("registre ", 0) == 0)) {
        registre = &sheet;
        ReadRegistre(sheet);
      }
    }
    int fiche_number = 0;
    for (const Sheet& sheet : workbook.sheets) {
      if (&sheet == registre) continue;
      const std::string name = NormalizeLabel(sheet.name);
      if (name.rfind("fiche", 0) == 0 || name.rfind("activite", 0) == 0) {
        ReadFiche(sheet, ++fiche_number);
      } else if (!Empty(sheet)) {
        Warn("", CellReference(sheet.name, 0, 0),
             absl::StrCat("sheet '", sheet.name, "' is neither the Registre nor a Fiche: it was not read"));
      }
    }
    for (int i = 0; i < dossier_->processing_activities_size(); ++i) {
      ProcessingActivity* activity = dossier_->mutable_processing_activities(i);
      if (activity->id().empty()) activity->set_id(absl::StrCat("activite-", i + 1));
    }
  }

 private:
  static bool Empty(const Sheet& sheet) {
    for (const std::vector<Cell>& row : sheet.rows) {
      for (const Cell& cell : row) {
        if (!CellAsText(cell).empty()) return false;
      }
    }
    return true;
  }

  void Warn(const std::string& path, const std::string& cell, const std::string& message) {
    AddDiagnostic(warnings_, Diagnostic{std::string(file_), 0, 0, path, absl::StrCat(cell, ": ", message)});
  }

  // The non-empty cells of a row: (column, cell).
  static std::vector<std::pair<int, const Cell*>> Filled(const Sheet& sheet, int row) {
    std::vector<std::pair<int, const Cell*>> cells;
    for (size_t c = 0; c < sheet.rows[row].size(); ++c) {
      const Cell& cell = sheet.rows[row][c];
      if (!CellAsText(cell).empty()) cells.emplace_back(static_cast<int>(c), &cell);
    }
    return cells;
  }

  // The value of a label: the cells to its right, one a line.
  static Cell ValueOf(const std::vector<std::pair<int, const Cell*>>& cells) {
    if (cells.size() == 2) return *cells[1].second;
    std::vector<std::string> texts;
    for (size_t i = 1; i < cells.size(); ++i) texts.push_back(CellAsText(*cells[i].second));
    return Cell::Text(absl::StrJoin(texts, "\n"));
  }

  void ReadRegistre(const Sheet& sheet) {
    bool dpo = false;
    std::optional<int> header_row;
    std::map<int, std::pair<Field, std::string>> columns;  // column -> field, header
    std::map<int, std::string> unmapped;                    // column -> header
    std::string address, postcode, city, dpo_address, dpo_postcode, dpo_city;
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      const int row = static_cast<int>(r);
      const std::vector<std::pair<int, const Cell*>> cells = Filled(sheet, row);
      if (cells.empty()) continue;
      if (header_row) {
        ReadRegistreRow(sheet, row, columns, unmapped);
        continue;
      }
      // The activities' table starts at the first row with two activity labels.
      int labels = 0;
      for (const auto& [column, cell] : cells) {
        if (cell->kind == Cell::Kind::kText && Match(NormalizeLabel(cell->text), ActivityLabels())) ++labels;
      }
      // Two labels, and nothing else unless the row has more cells than a label and its value.
      if (labels >= 2 && (cells.size() >= 3 || labels == static_cast<int>(cells.size()))) {
        header_row = row;
        for (const auto& [column, cell] : cells) {
          const std::string label = NormalizeLabel(CellAsText(*cell));
          if (std::optional<Field> field = Match(label, ActivityLabels())) {
            columns[column] = {*field, CellAsText(*cell)};
          } else {
            unmapped[column] = CellAsText(*cell);
          }
        }
        continue;
      }
      const std::string first = NormalizeLabel(CellAsText(*cells[0].second));
      if (cells.size() == 1) {
        // A heading: whose details follow.
        if (HasWord(first, "delegue") || HasWord(first, "dpo")) {
          dpo = true;
        } else if (HasWord(first, "responsable") || HasWord(first, "organisme") || HasWord(first, "coordonnee")) {
          dpo = false;
        }
        continue;
      }
      const std::string where = CellReference(sheet.name, row, cells[1].first);
      const std::string value = CellAsText(ValueOf(cells));
      std::optional<Field> field = Match(first, PartyLabels());
      if (!field && (HasWord(first, "delegue") || HasWord(first, "dpo"))) {
        field = Field::kPartyName;
        dpo = true;
      }
      hdsc::v1::Organization* organization = dossier_->mutable_organization();
      hdsc::v1::DataProtectionOfficer* officer = organization->mutable_dpo();
      const std::string path = dpo ? "organization.dpo" : "organization";
      if (!field) {
        Warn(path, where, absl::StrCat("'", CellAsText(*cells[0].second), "' has no place in the dossier; '",
                                       Shorten(value), "' was left out"));
        continue;
      }
      switch (*field) {
        case Field::kPartyName:
          dpo ? officer->set_name(value) : organization->set_legal_name(value);
          Located(JoinFieldPath(path, dpo ? "name" : "legal_name"), where);
          break;
        case Field::kPartyEmail:
          dpo ? officer->set_email(value) : organization->set_contact_email(value);
          Located(JoinFieldPath(path, dpo ? "email" : "contact_email"), where);
          break;
        case Field::kPartyAddress:
          (dpo ? dpo_address : address) = value;
          Located(JoinFieldPath(path, dpo ? "postal_address" : "address"), where);
          break;
        case Field::kPartyPostcode:
          (dpo ? dpo_postcode : postcode) = value;
          break;
        case Field::kPartyCity:
          (dpo ? dpo_city : city) = value;
          break;
        case Field::kPartyPhone:
          if (dpo) {
            officer->set_phone(value);
            Located(JoinFieldPath(path, "phone"), where);
          } else {
            Warn(path, where, absl::StrCat("the dossier keeps no telephone number for the organisation; '",
                                           Shorten(value), "' was left out"));
          }
          break;
        case Field::kSiren:
        {
          // A SIRET's first nine digits are the SIREN.
          std::string digits;
          for (char c : value) {
            if (c >= '0' && c <= '9' && digits.size() < 9) digits += c;
          }
          organization->set_siren(digits);
        }
          Located(JoinFieldPath(path, "siren"), where);
          break;
        default:
          break;
      }
    }
    auto join_address = [](const std::string& street, const std::string& code, const std::string& town) {
      std::string place = absl::StrJoin(std::vector<std::string>{code, town}, " ");
      if (code.empty() || town.empty()) place = code + town;
      if (street.empty()) return place;
      return place.empty() ? street : absl::StrCat(street, ", ", place);
    };
    if (!address.empty() || !postcode.empty() || !city.empty()) {
      dossier_->mutable_organization()->set_address(join_address(address, postcode, city));
    }
    if (!dpo_address.empty() || !dpo_postcode.empty() || !dpo_city.empty()) {
      dossier_->mutable_organization()->mutable_dpo()->set_postal_address(join_address(dpo_address, dpo_postcode, dpo_city));
    }
    if (dossier_->has_organization() && dossier_->organization().has_dpo() &&
        dossier_->organization().dpo().ByteSizeLong() == 0) {
      dossier_->mutable_organization()->clear_dpo();
    }
    if (dossier_->has_organization() && dossier_->organization().ByteSizeLong() == 0) dossier_->clear_organization();
  }

  void ReadRegistreRow(const Sheet& sheet, int row, const std::map<int, std::pair<Field, std::string>>& columns,
                       std::map<int, std::string>& unmapped) {
    const int index = dossier_->processing_activities_size();
    ProcessingActivity activity;
    const std::string path = absl::StrCat("processing_activities[", index, "]");
    for (const auto& [column, cell] : Filled(sheet, row)) {
      const std::string where = CellReference(sheet.name, row, column);
      const auto mapped = columns.find(column);
      if (mapped == columns.end()) {
        const auto header = unmapped.find(column);
        Warn(path, where,
             absl::StrCat(header == unmapped.end() ? std::string("a value under no heading")
                                                   : absl::StrCat("column '", header->second, "' has no place in the dossier"),
                          "; '", Shorten(CellAsText(*cell)), "' was left out"));
        continue;
      }
      Apply(Entry{mapped->second.first, mapped->second.second, *cell, where}, path, &activity);
    }
    dossier_->add_processing_activities()->Swap(&activity);
  }

  void ReadFiche(const Sheet& sheet, int number) {
    std::vector<Entry> entries;
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      const int row = static_cast<int>(r);
      const std::vector<std::pair<int, const Cell*>> cells = Filled(sheet, row);
      if (cells.size() < 2) continue;  // a heading, or a label left blank
      const std::string label = CellAsText(*cells[0].second);
      const std::string where = CellReference(sheet.name, row, cells[1].first);
      std::optional<Field> field = Match(NormalizeLabel(label), ActivityLabels());
      if (!field) {
        Warn("processing_activities", where,
             absl::StrCat("'", label, "' has no place in the dossier; '", Shorten(CellAsText(ValueOf(cells))),
                          "' was left out"));
        continue;
      }
      entries.push_back(Entry{*field, label, ValueOf(cells), where});
    }
    // The activity this sheet describes: the one of the same reference, name or number, else a new one.
    std::string id, name;
    for (const Entry& entry : entries) {
      if (entry.field == Field::kId && id.empty()) id = CellAsText(entry.value);
      if (entry.field == Field::kName && name.empty()) name = CellAsText(entry.value);
    }
    int index = -1;
    for (int i = 0; i < dossier_->processing_activities_size() && index < 0; ++i) {
      const ProcessingActivity& activity = dossier_->processing_activities(i);
      if ((!id.empty() && activity.id() == id) ||
          (!name.empty() && NormalizeLabel(activity.name()) == NormalizeLabel(name))) {
        index = i;
      }
    }
    if (index < 0 && id.empty() && name.empty() && number <= dossier_->processing_activities_size()) {
      index = number - 1;
    }
    if (index < 0) {
      index = dossier_->processing_activities_size();
      dossier_->add_processing_activities();
    }
    const std::string path = absl::StrCat("processing_activities[", index, "]");
    ProcessingActivity fiche;
    for (const Entry& entry : entries) Apply(entry, path, &fiche);
    // What the Fiche says wins over the Registre's row.
    ProcessingActivity* activity = dossier_->mutable_processing_activities(index);
    std::vector<const google::protobuf::FieldDescriptor*> fields;
    fiche.GetReflection()->ListFields(fiche, &fields);
    for (const google::protobuf::FieldDescriptor* field : fields) activity->GetReflection()->ClearField(activity, field);
    activity->MergeFrom(fiche);
  }

  void Located(const std::string& path, const std::string& cell) { source_map_->AddCell(path, cell); }

  static std::string Shorten(const std::string& text) {
    if (text.size() <= 60) return text;
    size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "...";
  }

  template <typename Enum>
  void AddEnums(const Entry& entry, const std::string& path, const std::vector<Keywords<Enum>>& table,
                const char* what, const std::function<void(Enum)>& add) {
    for (const std::string& item : Items(CellAsText(entry.value))) {
      const std::vector<Enum> found = Find(NormalizeLabel(item), table);
      if (found.empty()) {
        Warn(path, entry.cell, absl::StrCat("'", Shorten(item), "' is not a ", what, " the dossier knows; it was left out"));
      }
      for (Enum value : found) add(value);
    }
  }

  void Apply(const Entry& entry, const std::string& activity_path, ProcessingActivity* activity) {
    const std::string text = CellAsText(entry.value);
    auto located = [&](const char* field) { Located(JoinFieldPath(activity_path, field), entry.cell); };
    switch (entry.field) {
      case Field::kId:
        activity->set_id(text);
        located("id");
        break;
      case Field::kName:
        activity->set_name(text);
        located("name");
        break;
      case Field::kDescription:
        activity->set_description(text);
        located("description");
        break;
      case Field::kPurposes:
        for (const std::string& item : Items(text)) activity->add_purposes(item);
        located("purposes");
        break;
      case Field::kSecurity:
        activity->set_security_measures(text);
        located("security_measures");
        break;
      case Field::kController:
        activity->mutable_controller()->set_name(text);
        located("controller");
        break;
      case Field::kRecipients:
        for (const std::string& item : Items(text)) activity->add_recipients(item);
        located("recipients");
        break;
      case Field::kSubjects:
        AddEnums<hdsc::v1::DataSubjectCategory>(
            entry, JoinFieldPath(activity_path, "data_subject_categories"), SubjectWords(), "category of people",
            [activity](hdsc::v1::DataSubjectCategory value) {
              if (std::find(activity->data_subject_categories().begin(), activity->data_subject_categories().end(),
                            value) == activity->data_subject_categories().end()) {
                activity->add_data_subject_categories(value);
              }
            });
        located("data_subject_categories");
        break;
      case Field::kDataCategories:
        AddEnums<hdsc::v1::DataCategory>(
            entry, JoinFieldPath(activity_path, "data_categories"), DataCategoryWords(), "category of data",
            [activity](hdsc::v1::DataCategory value) {
              if (std::find(activity->data_categories().begin(), activity->data_categories().end(), value) ==
                  activity->data_categories().end()) {
                activity->add_data_categories(value);
              }
            });
        located("data_categories");
        break;
      case Field::kLegalBasis: {
        const std::vector<hdsc::v1::LegalBasis> found = Find(NormalizeLabel(text), LegalBasisWords());
        if (found.size() == 1) {
          activity->set_legal_basis(found.front());
        } else {
          activity->set_legal_basis_reference(text);
          Warn(JoinFieldPath(activity_path, "legal_basis"), entry.cell,
               absl::StrCat("'", Shorten(text), "' names ", found.empty() ? "no" : "more than one",
                            " legal basis of GDPR Art. 6; it was kept as legal_basis_reference only"));
        }
        located("legal_basis");
        break;
      }
      case Field::kRetention:
        for (const std::string& item : Items(text)) {
          hdsc::v1::Retention* retention = activity->add_retention();
          retention->set_rule(item);
          if (std::optional<int64_t> seconds = RetentionSeconds(NormalizeLabel(item))) {
            retention->mutable_period()->set_seconds(*seconds);
          } else {
            Warn(JoinFieldPath(activity_path, "retention"), entry.cell,
                 absl::StrCat("no period (\"N ans\", \"N mois\", \"N jours\") in '", Shorten(item),
                              "': kept as the rule's text only"));
          }
        }
        located("retention");
        break;
      case Field::kTransfers: {
        const std::string normalized = NormalizeLabel(text);
        for (const char* none : {"non", "aucun", "aucune", "neant", "sans objet", "pa de transfert", "na", "n a"}) {
          if (normalized == none || normalized.rfind(absl::StrCat(none, " "), 0) == 0) return;
        }
        for (const std::string& item : Items(text)) {
          activity->add_transfers()->set_recipient(item);
          Warn(JoinFieldPath(activity_path, "transfers"), entry.cell,
               absl::StrCat("transfer '", Shorten(item),
                            "' was imported as a recipient only: give its country and safeguard"));
        }
        located("transfers");
        break;
      }
      case Field::kUpdated: {
        std::optional<SecondsAndNanos> date;
        if (entry.value.kind == Cell::Kind::kDate) date = entry.value.date;
        if (entry.value.kind == Cell::Kind::kNumber) date = SerialToTime(entry.value.number);
        if (entry.value.kind == Cell::Kind::kText) date = ParseDateTime(entry.value.text);
        if (!date) {
          Warn(JoinFieldPath(activity_path, "last_reviewed_at"), entry.cell,
               absl::StrCat("'", Shorten(text), "' is not a date; it was left out"));
          break;
        }
        activity->mutable_last_reviewed_at()->set_seconds(date->seconds);
        activity->mutable_last_reviewed_at()->set_nanos(date->nanos);
        located("last_reviewed_at");
        break;
      }
      default:
        break;
    }
  }

  std::string_view file_;
  hdsc::v1::Dossier* dossier_;
  SourceMap* source_map_;
  std::vector<Diagnostic>* warnings_;
};

}  // namespace

std::string NormalizeLabel(std::string_view text) {
  std::string letters;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '(' && i + 2 < text.size() && (text[i + 1] == 's' || text[i + 1] == 'S') && text[i + 2] == ')') {
      i += 2;  // "Finalité(s)": the plural mark
      continue;
    }
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      letters += static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      letters += static_cast<char>(c - 'A' + 'a');
    } else if (c >= 0xC0 && i + 1 < text.size()) {
      const char* base = (c & 0xE0) == 0xC0 ? BaseLetter(c, static_cast<unsigned char>(text[i + 1])) : nullptr;
      letters += base != nullptr ? base : " ";
      while (i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) ++i;
    } else {
      letters += ' ';
    }
  }
  // Words, each without a final plural 's', separated by one space.
  std::string normalized;
  size_t start = 0;
  while (start < letters.size()) {
    while (start < letters.size() && letters[start] == ' ') ++start;
    size_t end = start;
    while (end < letters.size() && letters[end] != ' ') ++end;
    if (end > start) {
      std::string word = letters.substr(start, end - start);
      if (word.size() > 1 && word.back() == 's') word.pop_back();
      if (!normalized.empty()) normalized += ' ';
      normalized += word;
    }
    start = end;
  }
  return normalized;
}

bool LooksLikeCnilRegister(const Workbook& workbook) {
  for (const Sheet& sheet : workbook.sheets) {
    const std::string name = NormalizeLabel(sheet.name);
    if (name == "registre" || name.rfind("registre ", 0) == 0 || name.rfind("fiche", 0) == 0) return true;
  }
  return false;
}

void ImportCnilRegister(const Workbook& workbook, std::string_view file, hdsc::v1::Dossier* dossier,
                        SourceMap* source_map, std::vector<Diagnostic>* warnings) {
  Importer(file, dossier, source_map, warnings).Import(workbook);
}

}  // namespace hdsc::io
