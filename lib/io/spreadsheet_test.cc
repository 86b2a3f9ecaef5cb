// Dossiers through .xlsx and .ods and back, located problems in workbooks, the CNIL's register model.
#include <fstream>
#include <sstream>
#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "lib/io/cnil_register.h"
#include "lib/io/load.h"
#include "lib/io/ods.h"
#include "lib/io/read.h"
#include "lib/io/sheet_layout.h"
#include "lib/io/sheet_mapping.h"
#include "lib/io/testdata/test_message.pb.h"
#include "lib/io/workbook.h"
#include "lib/io/write.h"
#include "lib/io/xlsx.h"
#include "lib/model/dossier.pb.h"

namespace hdsc::io {
namespace {

std::string ReadExample(const std::string& name) {
  std::ifstream in("controls/examples/" + name, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string Write(const google::protobuf::Message& message, Format format,
                  SheetLanguage language = SheetLanguage::kEnglish) {
  std::vector<Diagnostic> problems;
  absl::StatusOr<std::string> bytes = WriteMessage(message, format, WriteOptions{language}, "out", &problems);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_TRUE(problems.empty()) << problems.front().ToString();
  return bytes.ok() ? *bytes : "";
}

std::string Lines(const std::vector<Diagnostic>& diagnostics) {
  std::string lines;
  for (const Diagnostic& diagnostic : diagnostics) lines += diagnostic.ToString() + "\n";
  return lines;
}

LoadedDossier Load(const std::string& bytes, const std::string& name) {
  absl::StatusOr<LoadedDossier> loaded = LoadDossier(bytes, name);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  return loaded.ok() ? *std::move(loaded) : LoadedDossier();
}

class ExampleRoundTripTest : public ::testing::TestWithParam<const char*> {};

// JSON -> XLSX -> JSON and JSON -> ODS -> JSON, in English and in French, give back the same canonical JSON, byte
// for byte.
TEST_P(ExampleRoundTripTest, GivesBackTheSameCanonicalJson) {
  const LoadedDossier original = Load(ReadExample(GetParam()), GetParam());
  ASSERT_TRUE(original.valid()) << Lines(original.diagnostics);
  const std::string canonical = Write(original.dossier, Format::kJson);
  ASSERT_FALSE(canonical.empty());
  for (Format format : {Format::kXlsx, Format::kOds}) {
    for (SheetLanguage language : {SheetLanguage::kEnglish, SheetLanguage::kFrench}) {
      SCOPED_TRACE(std::string(FormatName(format)) + (language == SheetLanguage::kFrench ? " fr" : " en"));
      const std::string workbook = Write(original.dossier, format, language);
      EXPECT_EQ(Write(original.dossier, format, language), workbook) << "the same dossier gives the same bytes";
      const LoadedDossier read = Load(workbook, std::string("dossier.") + std::string(FormatName(format)));
      EXPECT_TRUE(read.valid()) << Lines(read.diagnostics);
      EXPECT_TRUE(read.warnings.empty()) << Lines(read.warnings);
      EXPECT_EQ(Write(read.dossier, Format::kJson), canonical);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleRoundTripTest,
                         ::testing::Values("university-hospital.json", "private-clinic.json", "hds-host.json"));

TEST(SpreadsheetTest, CanonicalJsonIsTheJsonPrinterWithSchemaNames) {
  hdsc::v1::Dossier dossier;
  dossier.set_title("T");
  dossier.mutable_organization()->set_legal_name("L");
  dossier.add_processing_activities()->set_id("a");
  EXPECT_EQ(Write(dossier, Format::kJson),
            "{\n \"title\": \"T\",\n \"organization\": {\n  \"legal_name\": \"L\"\n },\n"
            " \"processing_activities\": [\n  {\n   \"id\": \"a\"\n  }\n ]\n}\n");
}

// Every field of a message the layout was not written for gets a column, and round-trips.
TEST(SpreadsheetTest, AnySchemaGetsSheetsFromItsDescriptor) {
  const SheetLayout& layout = LayoutFor(test::TestMessage::descriptor());
  std::vector<std::string> headers;
  for (const SheetTable& table : layout.tables) {
    for (const SheetColumn& column : table.columns) headers.push_back(table.path_name + ":" + column.english);
  }
  for (const char* header : {":int32_value", ":string_list", ":colors", ":created_at", ":delay", "child:name",
                             "child:country", "items:id", "items:name", "child_map:key", "child_map:value.name",
                             "int_map:value", ":times", ":double_list", ":optional_int", ":email"}) {
    EXPECT_NE(std::find(headers.begin(), headers.end(), header), headers.end()) << header;
  }
  // A message inside itself, and the well-known types a cell cannot hold, have no sheet.
  for (const char* field : {"child.children", "items.children", "wrapped_int", "extra", "any_value", "mask"}) {
    EXPECT_NE(std::find(layout.unsupported.begin(), layout.unsupported.end(), field), layout.unsupported.end())
        << field;
  }

  test::TestMessage message;
  message.set_int32_value(-7);
  message.set_int64_value(int64_t{1} << 60);  // beyond a double's exact integers: written as text
  message.set_uint64_value(~uint64_t{0});
  message.set_sint32_value(-3);
  message.set_fixed64_value(5);
  message.set_float_value(0.1f);
  message.set_double_value(1.0 / 3);
  message.set_bool_value(false);
  message.set_string_value("  spaced; \"quoted\"\n=formula ");
  message.set_bytes_value(std::string("\0\1\2", 3));
  message.set_color(test::GREEN);
  message.mutable_child()->set_name("child");
  message.add_items()->set_id("i1");
  message.add_items()->set_name("nameless");
  message.add_int64_list(1);
  message.add_int64_list(-2);
  message.add_string_list("");
  message.add_string_list("a;b");
  message.add_string_list("\"q\"");
  message.add_colors(test::RED);
  message.add_colors(test::BLUE);
  (*message.mutable_child_map())["k"].set_name("v");
  (*message.mutable_int_map())[3] = "three";
  message.mutable_created_at()->set_seconds(1773133200);
  message.mutable_created_at()->set_nanos(5);
  message.mutable_delay()->set_seconds(-90);
  message.add_times()->set_seconds(0);
  message.set_optional_int(0);
  message.set_phone("+33");
  message.add_double_list(2.5);
  for (Format format : {Format::kXlsx, Format::kOds}) {
    std::vector<Diagnostic> problems;
    absl::StatusOr<std::string> bytes = WriteMessage(message, format, WriteOptions(), "t", &problems);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    test::TestMessage read;
    absl::StatusOr<ReadResult> result = ReadMessage(*bytes, std::string("t.") + std::string(FormatName(format)),
                                                    LoadOptions(), &read);
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->diagnostics.empty()) << Lines(result->diagnostics);
    std::string difference;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&difference);
    EXPECT_TRUE(differencer.Compare(message, read)) << FormatName(format) << ": " << difference;
  }

  message.mutable_extra();
  (*message.mutable_extra()->mutable_fields())["x"].set_number_value(1);
  std::vector<Diagnostic> problems;
  EXPECT_FALSE(WriteMessage(message, Format::kXlsx, WriteOptions(), "t.xlsx", &problems).ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].ToString(),
            "t.xlsx: extra: a workbook has no sheet or column for this field; write the dossier as JSON, textproto "
            "or binary instead");
}

// A small valid dossier as a workbook model, for tests that change cells before reading it back.
Workbook SmallWorkbook(SheetLanguage language = SheetLanguage::kEnglish) {
  hdsc::v1::Dossier dossier;
  dossier.set_title("Small");
  hdsc::v1::Asset* asset = dossier.mutable_isms()->add_assets();
  asset->set_id("srv-1");
  asset->set_kind(hdsc::v1::ASSET_KIND_SERVER);
  asset->set_critical(true);
  hdsc::v1::Processor* processor = dossier.add_processors();
  processor->set_id("hostco");
  processor->add_sub_processors()->set_id("dc-1");
  processor->mutable_sub_processors(0)->add_data_locations()->set_country("FR");
  hdsc::v1::ProcessingActivity* activity = dossier.add_processing_activities();
  activity->set_id("dpi");
  activity->add_processor_ids("hostco");
  activity->add_transfers()->set_country("US");
  std::vector<Diagnostic> problems;
  Workbook workbook = MessageToWorkbook(dossier, language, "small.xlsx", &problems);
  EXPECT_TRUE(problems.empty());
  return workbook;
}

Sheet& SheetNamed(Workbook& workbook, const std::string& name) {
  for (Sheet& sheet : workbook.sheets) {
    if (sheet.name == name) return sheet;
  }
  ADD_FAILURE() << "no sheet " << name;
  return workbook.sheets.front();
}

// The column of `header` in row 1 of `sheet`.
int ColumnOf(const Sheet& sheet, const std::string& header) {
  for (size_t c = 0; c < sheet.rows[0].size(); ++c) {
    if (sheet.rows[0][c].text == header) return static_cast<int>(c);
  }
  ADD_FAILURE() << "no column " << header << " in " << sheet.name;
  return 0;
}

std::vector<Diagnostic> Problems(const Workbook& workbook, Format format = Format::kXlsx) {
  absl::StatusOr<std::string> bytes = format == Format::kXlsx ? WriteXlsx(workbook) : WriteOds(workbook);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<LoadedDossier> loaded =
      LoadDossier(*bytes, format == Format::kXlsx ? "small.xlsx" : "small.ods");
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  return loaded->diagnostics;
}

TEST(SpreadsheetTest, ASmallWorkbookReadsBack) {
  for (SheetLanguage language : {SheetLanguage::kEnglish, SheetLanguage::kFrench}) {
    EXPECT_EQ(Lines(Problems(SmallWorkbook(language))), "");
  }
}

TEST(SpreadsheetTest, LocatesEveryProblemWithItsCellAndASuggestion) {
  Workbook workbook = SmallWorkbook();
  Sheet& assets = SheetNamed(workbook, "Assets");
  assets.rows[0][ColumnOf(assets, "software_name")].text = "sofware_name";
  assets.At(1, ColumnOf(assets, "kind")) = Cell::Text("SRVER");
  assets.At(1, ColumnOf(assets, "critical")) = Cell::Text("peut-être");
  assets.At(1, ColumnOf(assets, "end_of_support")) = Cell::Text("2026-02-30");
  assets.At(1, ColumnOf(assets, "evidence_ids")) = Cell::Text("a; \"b");
  Sheet& transfers = SheetNamed(workbook, "Transfers");
  transfers.At(1, 0) = Cell::Text("dpj");
  transfers.At(2, 0) = Cell::Text("dpi");
  transfers.At(2, ColumnOf(transfers, "safeguard")) = Cell::Text("standard_contractual_clause");
  Sheet& dossier = SheetNamed(workbook, "Dossier");
  dossier.At(5, 0) = Cell::Text("tittle");
  dossier.At(5, 1) = Cell::Text("Twice");
  SheetNamed(workbook, "Waivers").name = "Waivres";
  EXPECT_EQ(Lines(Problems(workbook)),
            "small.xlsx: Waivres!A1: unknown sheet 'Waivres'; did you mean 'Waivers'?\n"
            "small.xlsx: Dossier!A6: unknown field 'tittle'; did you mean 'title'?\n"
            "small.xlsx: isms.assets: Assets!I1: unknown column 'sofware_name'; did you mean 'software_name'?\n"
            "small.xlsx: isms.assets[0].critical: Assets!G2: expected true or false (or oui, non), got 'peut-être'\n"
            "small.xlsx: isms.assets[0].end_of_support: Assets!K2: expected a date such as 2026-03-10 or "
            "2026-03-10T09:30:00Z, got '2026-02-30'\n"
            "small.xlsx: isms.assets[0].evidence_ids: Assets!AJ2: item 2 opens a quote that is never closed\n"
            "small.xlsx: isms.assets[0].kind: Assets!C2: 'SRVER' is not a value of AssetKind; did you mean "
            "'SERVER'?\n"
            "small.xlsx: processing_activities.transfers: Transfers!A2: no record of sheet 'Processing activities' "
            "('Traitements') has the key 'dpj'; did you mean 'dpi'?\n"
            "small.xlsx: processing_activities[0].transfers[0].safeguard: Transfers!D3: 'standard_contractual_clause' "
            "is not a value of TransferSafeguard; did you mean 'STANDARD_CONTRACTUAL_CLAUSES'?\n");
}

TEST(SpreadsheetTest, FrenchHeadersAreReadAndMisspeltOnesSuggested) {
  Workbook workbook = SmallWorkbook(SheetLanguage::kFrench);
  Sheet& assets = SheetNamed(workbook, "Actifs");
  assets.rows[0][ColumnOf(assets, "Critique")].text = "Critque";
  assets.At(1, ColumnOf(assets, "Type")) = Cell::Text("server");  // enumeration values in any case
  EXPECT_EQ(Lines(Problems(workbook, Format::kOds)),
            "small.ods: isms.assets: Actifs!G1: unknown column 'Critque'; did you mean 'Critique'?\n");
}

TEST(SpreadsheetTest, ChildRowsFindTheirParentsByIdOrPosition) {
  Workbook workbook = SmallWorkbook();
  Sheet& locations = SheetNamed(workbook, "Sub-processor locations");
  ASSERT_EQ(locations.rows[1][0].text, "hostco");
  ASSERT_EQ(locations.rows[1][1].text, "dc-1");
  locations.At(2, 0) = Cell::Text("#1");
  locations.At(2, 1) = Cell::Text("#1");
  locations.At(2, 2) = Cell::Text("DE");
  absl::StatusOr<LoadedDossier> loaded = LoadDossier(*WriteXlsx(workbook), "small.xlsx");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(Lines(loaded->diagnostics), "");
  ASSERT_EQ(loaded->dossier.processors(0).sub_processors(0).data_locations_size(), 2);
  EXPECT_EQ(loaded->dossier.processors(0).sub_processors(0).data_locations(1).country(), "DE");
}

TEST(SpreadsheetTest, RecordsWithoutAUniqueIdAreKeyedByPosition) {
  hdsc::v1::Dossier dossier;
  for (const char* id : {"same", "same", "", "#2"}) {
    hdsc::v1::Processor* processor = dossier.add_processors();
    processor->set_id(id);
    processor->set_name(std::string("named ") + id);
    processor->add_data_locations()->set_city(std::string("of ") + id);
  }
  std::vector<Diagnostic> problems;
  Workbook workbook = MessageToWorkbook(dossier, SheetLanguage::kEnglish, "k.xlsx", &problems);
  EXPECT_EQ(Lines(problems), "");
  Sheet& locations = SheetNamed(workbook, "Processor locations");
  EXPECT_EQ(locations.rows[1][0].text, "#1");
  EXPECT_EQ(locations.rows[3][0].text, "#3");
  EXPECT_EQ(locations.rows[4][0].text, "#4");
  hdsc::v1::Dossier read;
  SourceMap cells;
  std::vector<Diagnostic> diagnostics;
  ASSERT_TRUE(WorkbookToMessage(workbook, "k.xlsx", SheetReadOptions(), &read, &cells, &diagnostics));
  EXPECT_EQ(Lines(diagnostics), "");
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(dossier, read));
}

TEST(SpreadsheetTest, ValidationProblemsNameTheCell) {
  Workbook workbook = SmallWorkbook();
  Sheet& activities = SheetNamed(workbook, "Processing activities");
  activities.At(1, ColumnOf(activities, "processor_ids")) = Cell::Text("hostco; hostcp");
  EXPECT_EQ(Lines(Problems(workbook)),
            "small.xlsx: processing_activities[0].processor_ids[1]: 'Processing activities'!AG2: processor id 'hostcp' "
            "does not match any processors[].id; did you mean 'hostco'?\n");
}

TEST(SpreadsheetTest, TextsThatLookLikeFormulasStayTexts) {
  hdsc::v1::Dossier dossier;
  dossier.set_title("=HYPERLINK(\"http://evil.example\",\"click\")");
  dossier.add_processing_activities()->set_name("+33 1 23 45 67 89");
  dossier.mutable_processing_activities(0)->add_purposes("-rien");
  dossier.mutable_processing_activities(0)->set_description("@SUM(A1)");
  for (Format format : {Format::kXlsx, Format::kOds}) {
    const LoadedDossier read = Load(Write(dossier, format), std::string("f.") + std::string(FormatName(format)));
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(dossier, read.dossier)) << FormatName(format);
  }
}

TEST(SpreadsheetTest, RefusesToWriteWhatACellCannotHold) {
  hdsc::v1::Dossier dossier;
  dossier.add_breaches()->set_facts(std::string(40000, 'x'));
  dossier.add_breaches()->set_title("bell \x07");
  std::vector<Diagnostic> problems;
  EXPECT_FALSE(WriteMessage(dossier, Format::kOds, WriteOptions(), "b.ods", &problems).ok());
  EXPECT_EQ(Lines(problems),
            "b.ods: breaches[0].facts: is 40000 characters long, more than a spreadsheet cell holds (32767)\n"
            "b.ods: breaches[1].title: holds a control character (other than tab and line end), which a spreadsheet "
            "cell cannot hold\n");
}

TEST(SpreadsheetTest, HostileWorkbooksAreOneLocatedProblem) {
  Workbook workbook = SmallWorkbook();
  SheetNamed(workbook, "Assets").At(150000, 0) = Cell::Text("far away");
  EXPECT_EQ(Lines(Problems(workbook)),
            "small.xlsx: Assets!A150001: a value in row 150001, beyond the limit of 100000 rows in a sheet\n");
  absl::StatusOr<LoadedDossier> junk = LoadDossier(std::string("PK\3\4 and then nothing"), "junk.xlsx");
  ASSERT_TRUE(junk.ok());
  EXPECT_EQ(Lines(junk->diagnostics),
            "junk.xlsx: not readable as an .xlsx workbook: not a zip archive, or its central directory is damaged\n");
  absl::StatusOr<LoadedDossier> other = LoadDossier(*WriteOds(Workbook{{Sheet{"Feuille1"}}}), "empty.ods");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(Lines(other->diagnostics),
            "empty.ods: no sheet of this workbook is one hdsc reads: expected sheets such as 'Dossier' ('Dossier'), "
            "'Organisation' ('Organisme'), 'Processing activities' ('Traitements'), or the CNIL's register model "
            "(a 'Registre' sheet and 'Fiche' sheets)\n");
}

TEST(SpreadsheetTest, FormatIsDetectedFromTheContent) {
  const Workbook workbook = SmallWorkbook();
  EXPECT_EQ(DetectFormat(Format::kAuto, "upload", *WriteXlsx(workbook)), Format::kXlsx);
  EXPECT_EQ(DetectFormat(Format::kAuto, "upload", *WriteOds(workbook)), Format::kOds);
  EXPECT_EQ(DetectFormat(Format::kAuto, "upload.ODS", ""), Format::kOds);
}

// ---------------------------------------------------------------------------------------------------------------
// The CNIL's register model
// ---------------------------------------------------------------------------------------------------------------

// Label/value rows from (row, column): the layout of the CNIL's model, written by this test.
void Rows(Sheet* sheet, int row, int column, const std::vector<std::vector<std::string>>& rows) {
  for (const std::vector<std::string>& cells : rows) {
    for (size_t c = 0; c < cells.size(); ++c) {
      if (!cells[c].empty()) sheet->At(row, column + static_cast<int>(c)) = Cell::Text(cells[c]);
    }
    ++row;
  }
}

Workbook CnilRegister() {
  Workbook workbook;
  Sheet& registre = workbook.sheets.emplace_back();
  registre.name = "Registre";
  Rows(&registre, 0, 1,
       {{"REGISTRE DES ACTIVITÉS DE TRAITEMENT"},
        {},
        {"Coordonnées du responsable de l'organisme"},
        {"Nom :", "Clinique des Lilas"},
        {"Adresse :", "3 rue des Lilas"},
        {"CP :", "75020"},
        {"Ville :", "Paris"},
        {"Téléphone :", "01 02 03 04 05"},
        {"Adresse de messagerie :", "rgpd@lilas.example"},
        {"SIRET", "123 456 789 00012"},
        {},
        {"Nom et coordonnées du délégué à la protection des données"},
        {"Nom :", "Marie Martin"},
        {"Adresse de messagerie :", "dpo@lilas.example"},
        {},
        {"N° / RÉF", "NOM DU TRAITEMENT", "DATE DE CRÉATION", "DATE DE DERNIÈRE MISE À JOUR"},
        {"DPI", "Dossier patient informatisé", "01/02/2019", ""},
        {"RH-1", "Gestion du personnel", "", ""}});
  registre.At(16, 4) = Cell::Date(*ParseDateTime("2026-01-15"));
  Sheet& first = workbook.sheets.emplace_back();
  first.name = "Fiche 1";
  Rows(&first, 1, 0,
       {{"FICHE DE REGISTRE DE L'ACTIVITÉ"},
        {"Nom du traitement", "Dossier patient informatisé"},
        {"Finalité(s) du traitement effectué", "Prise en charge des patients\nFacturation des soins"},
        {"Base légale", "Mission d'intérêt public"},
        {"Catégories de personnes concernées", "Patients; Proches"},
        {"Catégories de données collectées", "État civil, identité\nDonnées de santé\nNIR\nHabitudes alimentaires"},
        {"Durée de conservation", "20 ans à compter du dernier passage"},
        {"Destinataires", "Personnel soignant; Assurance maladie"},
        {"Transferts hors UE", "Non"},
        {"Mesures de sécurité", "Contrôle d'accès, journalisation, chiffrement"},
        {"Sous-traitants", "HostCo"}});
  Sheet& second = workbook.sheets.emplace_back();
  second.name = "Fiche 2";
  Rows(&second, 0, 0,
       {{"Nom du traitement", "Gestion du personnel"},
        {"Finalités", "Paie"},
        {"Base juridique", "Obligation légale"},
        {"Personnes concernées", "Salariés"},
        {"Durée de conservation", "Durée du contrat"},
        {"Transferts hors UE", "Prestataire de paie (Maroc)"}});
  return workbook;
}

TEST(CnilRegisterTest, ImportsTheModelByItsLabels) {
  absl::StatusOr<std::string> ods = WriteOds(CnilRegister());
  ASSERT_TRUE(ods.ok()) << ods.status();
  absl::StatusOr<LoadedDossier> loaded = LoadDossier(*ods, "registre.ods");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(Lines(loaded->diagnostics), "");
  const hdsc::v1::Dossier& dossier = loaded->dossier;
  EXPECT_EQ(dossier.organization().legal_name(), "Clinique des Lilas");
  EXPECT_EQ(dossier.organization().address(), "3 rue des Lilas, 75020 Paris");
  EXPECT_EQ(dossier.organization().contact_email(), "rgpd@lilas.example");
  EXPECT_EQ(dossier.organization().siren(), "123456789");
  EXPECT_EQ(dossier.organization().dpo().name(), "Marie Martin");
  EXPECT_EQ(dossier.organization().dpo().email(), "dpo@lilas.example");
  ASSERT_EQ(dossier.processing_activities_size(), 2);

  const hdsc::v1::ProcessingActivity& dpi = dossier.processing_activities(0);
  EXPECT_EQ(dpi.id(), "DPI");
  EXPECT_EQ(dpi.name(), "Dossier patient informatisé");
  EXPECT_EQ(dpi.last_reviewed_at().seconds(), 1768435200);  // 2026-01-15
  ASSERT_EQ(dpi.purposes_size(), 2);
  EXPECT_EQ(dpi.purposes(1), "Facturation des soins");
  EXPECT_EQ(dpi.legal_basis(), hdsc::v1::LEGAL_BASIS_PUBLIC_TASK);
  EXPECT_EQ(dpi.data_subject_categories().size(), 2);
  EXPECT_EQ(dpi.data_subject_categories(0), hdsc::v1::DATA_SUBJECT_CATEGORY_PATIENTS);
  EXPECT_EQ(dpi.data_subject_categories(1), hdsc::v1::DATA_SUBJECT_CATEGORY_RELATIVES);
  ASSERT_EQ(dpi.data_categories().size(), 3);
  EXPECT_EQ(dpi.data_categories(0), hdsc::v1::DATA_CATEGORY_IDENTIFICATION);
  EXPECT_EQ(dpi.data_categories(1), hdsc::v1::DATA_CATEGORY_HEALTH);
  EXPECT_EQ(dpi.data_categories(2), hdsc::v1::DATA_CATEGORY_NIR);
  ASSERT_EQ(dpi.retention_size(), 1);
  EXPECT_EQ(dpi.retention(0).rule(), "20 ans à compter du dernier passage");
  EXPECT_EQ(dpi.retention(0).period().seconds(), 20 * 31'557'600);
  EXPECT_EQ(dpi.recipients_size(), 2);
  EXPECT_EQ(dpi.transfers_size(), 0);
  EXPECT_EQ(dpi.security_measures(), "Contrôle d'accès, journalisation, chiffrement");

  const hdsc::v1::ProcessingActivity& hr = dossier.processing_activities(1);
  EXPECT_EQ(hr.id(), "RH-1");
  EXPECT_EQ(hr.legal_basis(), hdsc::v1::LEGAL_BASIS_LEGAL_OBLIGATION);
  EXPECT_EQ(hr.data_subject_categories(0), hdsc::v1::DATA_SUBJECT_CATEGORY_STAFF);
  ASSERT_EQ(hr.transfers_size(), 1);
  EXPECT_EQ(hr.transfers(0).recipient(), "Prestataire de paie (Maroc)");

  EXPECT_EQ(Lines(loaded->warnings),
            "registre.ods: organization: Registre!C8: the dossier keeps no telephone number for the organisation; "
            "'01 02 03 04 05' was left out\n"
            "registre.ods: processing_activities[0]: Registre!D17: column 'DATE DE CRÉATION' has no place in the "
            "dossier; '01/02/2019' was left out\n"
            "registre.ods: processing_activities: 'Fiche 1'!B12: 'Sous-traitants' has no place in the dossier; 'HostCo' "
            "was left out\n"
            "registre.ods: processing_activities[0].data_categories: 'Fiche 1'!B7: 'Habitudes alimentaires' is not a "
            "category of data the dossier knows; it was left out\n"
            "registre.ods: processing_activities[1].retention: 'Fiche 2'!B5: no period (\"N ans\", \"N mois\", \"N "
            "jours\") in 'Durée du contrat': kept as the rule's text only\n"
            "registre.ods: processing_activities[1].transfers: 'Fiche 2'!B6: transfer 'Prestataire de paie (Maroc)' was "
            "imported as a recipient only: give its country and safeguard\n");
}

TEST(CnilRegisterTest, NormalizesLabels) {
  EXPECT_EQ(NormalizeLabel("Finalité(s) du traitement :"), "finalite du traitement");
  EXPECT_EQ(NormalizeLabel("  CATÉGORIES DE DONNÉES  "), "categorie de donnee");
  EXPECT_EQ(NormalizeLabel("N° / Réf."), "n ref");
  EXPECT_EQ(NormalizeLabel("Cœur"), "coeur");
}

}  // namespace
}  // namespace hdsc::io
