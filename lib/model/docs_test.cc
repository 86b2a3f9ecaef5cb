// Keeps docs/dossier.md true to the schema: every message reachable from hdsc.v1.Dossier has a section listing
// exactly its fields, and every enum has a table listing exactly its values.
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "lib/model/dossier.pb.h"

namespace hdsc {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::EnumDescriptor;
using ::google::protobuf::FieldDescriptor;

std::string ReadGuide() {
  std::ifstream in("docs/dossier.md", std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// The text of the section that starts with the line `heading`, up to the next heading of any level.
std::string Section(const std::string& guide, const std::string& heading) {
  const std::string start_marker = "\n" + heading + "\n";
  size_t start = guide.find(start_marker);
  if (start == std::string::npos) return "";
  start += start_marker.size();
  size_t end = guide.find("\n#", start);
  return guide.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The names in the first column of the section's table: "| `name` |".
std::set<std::string> TableNames(const std::string& section) {
  std::set<std::string> names;
  std::istringstream lines(section);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    size_t close = line.find('`', 3);
    if (close != std::string::npos) names.insert(line.substr(3, close - 3));
  }
  return names;
}

// Messages and enums of the hdsc.v1 package reachable from the root, in a stable order.
void Collect(const Descriptor* message, std::vector<const Descriptor*>* messages,
             std::vector<const EnumDescriptor*>* enums) {
  for (const Descriptor* seen : *messages) {
    if (seen == message) return;
  }
  messages->push_back(message);
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    if (field->message_type() != nullptr && field->message_type()->file()->package() == "hdsc.v1") {
      Collect(field->message_type(), messages, enums);
    }
    const EnumDescriptor* type = field->enum_type();
    if (type != nullptr) {
      bool known = false;
      for (const EnumDescriptor* seen : *enums) known = known || seen == type;
      if (!known) enums->push_back(type);
    }
  }
}

class DocsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    guide_ = ReadGuide();
    ASSERT_FALSE(guide_.empty()) << "docs/dossier.md is missing or empty";
    Collect(hdsc::v1::Dossier::descriptor(), &messages_, &enums_);
  }

  std::string guide_;
  std::vector<const Descriptor*> messages_;
  std::vector<const EnumDescriptor*> enums_;
};

TEST_F(DocsTest, ReachesTheWholeSchema) {
  // A guard against a traversal that stops early, which would make the other tests pass vacuously.
  EXPECT_GE(messages_.size(), 30u);
  EXPECT_GE(enums_.size(), 30u);
}

TEST_F(DocsTest, EveryMessageSectionListsExactlyItsFields) {
  for (const Descriptor* message : messages_) {
    const std::string section = Section(guide_, "### " + message->name());
    ASSERT_FALSE(section.empty()) << "no section '### " << message->name() << "'";
    std::set<std::string> expected;
    for (int i = 0; i < message->field_count(); ++i) expected.insert(message->field(i)->name());
    EXPECT_EQ(TableNames(section), expected) << "fields of " << message->full_name();
  }
}

TEST_F(DocsTest, EveryEnumTableListsExactlyItsValues) {
  for (const EnumDescriptor* type : enums_) {
    const std::string section = Section(guide_, "#### Enum " + type->name());
    ASSERT_FALSE(section.empty()) << "no section '#### Enum " << type->name() << "'";
    std::set<std::string> expected;
    for (int i = 0; i < type->value_count(); ++i) expected.insert(type->value(i)->name());
    EXPECT_EQ(TableNames(section), expected) << "values of " << type->full_name();
  }
}

}  // namespace
}  // namespace hdsc
