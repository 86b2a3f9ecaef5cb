#include "lib/io/load.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace hdsc::io {
namespace {

using Strings = std::vector<std::string>;

Strings Problems(const absl::StatusOr<LoadedDossier>& loaded) {
  if (!loaded.ok()) return {std::string(loaded.status().message())};
  Strings problems;
  for (const Diagnostic& d : loaded->diagnostics) problems.push_back(d.ToString());
  return problems;
}

TEST(LoadDossierTest, AcceptsAValidDossier) {
  const absl::StatusOr<LoadedDossier> loaded = LoadDossier(R"({
  "schemaVersion": "1",
  "organization": {"legalName": "Clinique Exemple", "country": "FR"},
  "processors": [{"id": "p-1", "name": "HostCo", "country": "FR"}],
  "processingActivities": [{"id": "pa-1", "processor_ids": ["p-1"]}]
})",
                                                           "d.json");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(loaded->valid()) << Problems(loaded)[0];
  EXPECT_EQ(loaded->dossier.organization().legal_name(), "Clinique Exemple");
  // The source map keeps the records; problems in their fields are located in the text (see below).
  EXPECT_EQ(loaded->source_map.Find("processing_activities[0]"), (SourceLocation{5, 28}));
  EXPECT_EQ(loaded->source_map.FindNearest("processing_activities[0].processor_ids[0]"), (SourceLocation{5, 28}));
}

// A misspelt field, a dangling processor id and a malformed date are all reported, each located.
TEST(LoadDossierTest, ReportsReadingAndSemanticProblemsTogether) {
  const absl::StatusOr<LoadedDossier> loaded = LoadDossier(R"({
  "processors": [{"id": "p-1", "name": "HostCo"}],
  "processing_activities": [
    {"id": "pa-1", "nmae": "Patient record", "processor_ids": ["p-2"]}
  ],
  "breaches": [{"id": "b-1", "aware_at": "2024-02-30T10:00:00Z"}]
})",
                                                           "d.json");
  EXPECT_EQ(Problems(loaded),
            (Strings{"d.json:4:20: processing_activities[0].nmae: unknown field 'nmae' in hdsc.v1.ProcessingActivity; "
                     "did you mean 'name'?",
                     "d.json:4:64: processing_activities[0].processor_ids[0]: processor id 'p-2' does not match any "
                     "processors[].id; did you mean 'p-1'?",
                     "d.json:6:42: breaches[0].aware_at: expected an RFC 3339 timestamp such as "
                     "\"2024-05-16T09:30:00Z\", got string \"2024-02-30T10:00:00Z\""}));
}

TEST(LoadDossierTest, SkipsSemanticChecksAfterASyntaxError) {
  EXPECT_EQ(Problems(LoadDossier("{\"processors\": [{\"id\": \"p\", \"country\": \"ZZ\"}", "d.json")),
            Strings{"d.json:1:16: unterminated array: expected ']'"});
}

TEST(LoadDossierTest, ChecksBinaryAndTextInputToo) {
  hdsc::v1::Dossier dossier;
  dossier.add_processors()->set_id("p");
  dossier.add_processors()->set_id("p");
  EXPECT_EQ(Problems(LoadDossier(dossier.SerializeAsString(), "d.pb")),
            Strings{"d.pb: processors[1].id: duplicate id 'p' (also processors[0].id)"});
  EXPECT_EQ(Problems(LoadDossier("processors { id: \"p\" }\nprocessors {\n  id: \"p\"\n}\n", "d.textproto")),
            Strings{"d.textproto:3:3: processors[1].id: duplicate id 'p' (also processors[0].id)"});
}

TEST(LoadDossierTest, HonoursOptions) {
  LoadOptions options;
  options.allow_unknown_fields = true;
  options.format = Format::kJson;
  const absl::StatusOr<LoadedDossier> loaded = LoadDossier("{\"future_field\": 1}", "dossier.data", options);
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->valid());

  options.max_bytes = 3;
  EXPECT_EQ(LoadDossier("{  }", "d.json", options).status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(LoadDossier("{}", "dossier.data").status().code(), absl::StatusCode::kInvalidArgument);
}

// Bytes given up are released as they are read (here past one release step), and the same problems are found and
// located as with bytes kept, given the bytes again; without them, the problems are located to their records.
TEST(LoadDossierReleasingTest, FindsAndLocatesTheSameProblems) {
  std::string text = "{\"processing_activities\": [\n";
  const std::string description(240, 'x');
  for (int i = 0; i < 40000; ++i) {
    text += absl::StrCat(i == 0 ? "" : ",\n", "{\"id\": \"pa-", i, "\", \"name\": \"Activity ", i,
                         "\", \"processor_ids\": [\"", i == 7 || i == 39990 ? "p-2" : "p-1", "\"], \"description\": \"",
                         description, "\"}");
  }
  text += "],\n\"processors\": [{\"id\": \"p-1\", \"name\": \"HostCo\"}]}";
  ASSERT_GT(text.size(), size_t{8} << 20);  // past a release step
  const absl::StatusOr<LoadedDossier> kept = LoadDossier(text, "d.json");
  const Strings expected = {
      "d.json:9:56: processing_activities[7].processor_ids[0]: processor id 'p-2' does not match any "
      "processors[].id; did you mean 'p-1'?",
      "d.json:39992:64: processing_activities[39990].processor_ids[0]: processor id 'p-2' does not match any "
      "processors[].id; did you mean 'p-1'?"};
  EXPECT_EQ(Problems(kept), expected);

  int rereads = 0;
  const absl::StatusOr<LoadedDossier> released = LoadDossierReleasing(text, "d.json", LoadOptions(), [&] {
    ++rereads;
    return absl::StatusOr<std::string>(text);
  });
  EXPECT_EQ(Problems(released), expected);
  EXPECT_EQ(rereads, 1);
  ASSERT_TRUE(released.ok());
  EXPECT_EQ(released->dossier.processing_activities(39999).name(), "Activity 39999");

  const absl::StatusOr<LoadedDossier> unlocated = LoadDossierReleasing(text, "d.json", LoadOptions(), nullptr);
  EXPECT_EQ(Problems(unlocated),
            (Strings{"d.json:9:1: processing_activities[7].processor_ids[0]: processor id 'p-2' does not match any "
                     "processors[].id; did you mean 'p-1'?",
                     "d.json:39992:1: processing_activities[39990].processor_ids[0]: processor id 'p-2' does not "
                     "match any processors[].id; did you mean 'p-1'?"}));
}

TEST(LoadDossierFileTest, ReportsUnreadableFiles) {
  const absl::StatusOr<LoadedDossier> loaded = LoadDossierFile("/nonexistent/dossier.json");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(loaded.status().message(), "/nonexistent/dossier.json: No such file or directory");
}

}  // namespace
}  // namespace hdsc::io
