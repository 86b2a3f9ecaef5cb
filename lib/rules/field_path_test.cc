#include "lib/rules/field_path.h"

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "lib/model/rules.pb.h"

namespace hdsc::rules {
namespace {

using ::testing::HasSubstr;

// The rule pack schema serves as a small root type with nested repeated messages.
TEST(ForEachPathTest, ResolvesNestedRepeatedPaths) {
  absl::StatusOr<ForEachPath> path = ForEachPath::Resolve(v1::Pack::descriptor(), "framework.requirement");
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(path->element_type(), v1::Requirement::descriptor());

  v1::Pack pack;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(framework { id: "A" requirement { id: "1" } requirement { id: "2" } }
           framework { id: "B" }
           framework { id: "C" requirement { id: "3" } })pb",
      &pack));
  std::vector<std::string> seen;
  path->ForEach(pack, [&](const google::protobuf::Message& element, const std::vector<int>& indices) {
    seen.push_back(path->SubjectPath(indices) + "=" + element.GetReflection()->GetString(element, element.GetDescriptor()->FindFieldByName("id")));
  });
  EXPECT_THAT(seen, ::testing::ElementsAre("framework[0].requirement[0]=1", "framework[0].requirement[1]=2",
                                           "framework[2].requirement[0]=3"));
}

TEST(ForEachPathTest, RejectsBadPathsWithAReason) {
  EXPECT_THAT(ForEachPath::Resolve(v1::Pack::descriptor(), "rules").status().message(),
              HasSubstr("has no field 'rules' (did you mean 'rule'?)"));
  EXPECT_THAT(ForEachPath::Resolve(v1::Pack::descriptor(), "rule.id").status().message(),
              HasSubstr("is not a message field"));
  EXPECT_THAT(ForEachPath::Resolve(v1::Pack::descriptor(), "rule.title").status().message(),
              HasSubstr("is not a repeated field"));
  EXPECT_FALSE(ForEachPath::Resolve(v1::Pack::descriptor(), "").ok());
}

}  // namespace
}  // namespace hdsc::rules
