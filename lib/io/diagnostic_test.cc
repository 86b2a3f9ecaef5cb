#include "lib/io/diagnostic.h"

#include "gtest/gtest.h"

namespace hdsc::io {
namespace {

TEST(SourceTextTest, OffsetsAndLocations) {
  const SourceText source("ab\n\tcd\néf\n");
  EXPECT_EQ(source.OffsetOfTokenizerPosition(0, 1), 1u);
  // The tokenizer counts a tab as reaching column 8.
  EXPECT_EQ(source.OffsetOfTokenizerPosition(1, 8), 4u);
  EXPECT_EQ(source.LocationOfOffset(4), (SourceLocation{2, 2}));
  // 'é' is two bytes but one column.
  EXPECT_EQ(source.LocationOfOffset(9), (SourceLocation{3, 2}));
  EXPECT_EQ(source.LocationOfOffset(8), (SourceLocation{3, 1}));
}

TEST(DiagnosticTest, ToStringLeavesOutUnknownParts) {
  EXPECT_EQ((Diagnostic{"d.json", 3, 12, "breaches[0].aware_at", "bad date"}).ToString(),
            "d.json:3:12: breaches[0].aware_at: bad date");
  EXPECT_EQ((Diagnostic{"d.json", 3, 12, "", "bad"}).ToString(), "d.json:3:12: bad");
  EXPECT_EQ((Diagnostic{"d.pb", 0, 0, "processors[1]", "bad"}).ToString(), "d.pb: processors[1]: bad");
  EXPECT_EQ((Diagnostic{"d.json", 0, 0, "", "empty input"}).ToString(), "d.json: empty input");
  EXPECT_EQ((Diagnostic{"", 0, 0, "", "bad"}).ToString(), "bad");
  EXPECT_EQ((Diagnostic{"", 0, 0, "a.b", "bad"}).ToString(), "a.b: bad");
}

TEST(AddDiagnosticTest, StopsAtTheLimitWithOneNote) {
  std::vector<Diagnostic> diagnostics;
  for (size_t i = 0; i < kMaxDiagnostics; ++i) {
    EXPECT_TRUE(AddDiagnostic(&diagnostics, Diagnostic{"f", 1, 1, "", "problem"}));
  }
  EXPECT_FALSE(AddDiagnostic(&diagnostics, Diagnostic{"f", 2, 1, "", "one too many"}));
  EXPECT_FALSE(AddDiagnostic(&diagnostics, Diagnostic{"f", 3, 1, "", "two too many"}));
  ASSERT_EQ(diagnostics.size(), kMaxDiagnostics + 1);
  EXPECT_EQ(diagnostics.back().ToString(), "f: too many problems: only the first 1000 are reported");
}

TEST(SourceMapTest, FindsExactPaths) {
  SourceMap map;
  map.Add("a", {1, 2});
  map.Add("a", {9, 9});  // the first record wins
  EXPECT_EQ(map.Find("a"), (SourceLocation{1, 2}));
  EXPECT_FALSE(map.Find("b").has_value());
}

TEST(SourceMapTest, FindNearestWalksUpToAncestors) {
  SourceMap map;
  map.Add("", {1, 1});
  map.Add("processing_activities", {2, 3});
  map.Add("processing_activities[3]", {10, 5});
  map.Add("labels[\"a.b[1]\"]", {20, 1});
  EXPECT_EQ(map.FindNearest("processing_activities[3].transfers[0].country"), (SourceLocation{10, 5}));
  EXPECT_EQ(map.FindNearest("processing_activities[4]"), (SourceLocation{2, 3}));
  EXPECT_EQ(map.FindNearest("labels[\"a.b[1]\"].x"), (SourceLocation{20, 1}));
  EXPECT_EQ(map.FindNearest("labels[\"c\"]"), (SourceLocation{1, 1}));
  EXPECT_EQ(map.FindNearest("other"), (SourceLocation{1, 1}));
  EXPECT_FALSE(SourceMap().FindNearest("a.b").has_value());
}

// Elements recorded in order are kept per list; out of order or repeated, the first record still wins.
TEST(SourceMapTest, KeepsElementsOfListsInOrderAndOutOfIt) {
  SourceMap map;
  map.Add("", {1, 1});
  map.Add("a[0]", {2, 1});
  map.Add("a[1]", {3, 1});
  map.Add("a[3]", {5, 1});  // a gap: kept aside
  map.Add("a[2]", {4, 1});
  map.Add("a[3]", {9, 9});  // recorded before: the first record wins
  map.Add("a[1]", {9, 9});
  map.Add("a[1].b[0]", {3, 5});
  map.Add("m[\"[7]\"]", {6, 1});  // a map key that looks like an index
  EXPECT_EQ(map.size(), 7u);
  EXPECT_EQ(map.Find("a[1]"), (SourceLocation{3, 1}));
  EXPECT_EQ(map.Find("a[2]"), (SourceLocation{4, 1}));
  EXPECT_EQ(map.Find("a[3]"), (SourceLocation{5, 1}));
  EXPECT_FALSE(map.Find("a[4]").has_value());
  EXPECT_FALSE(map.Find("a").has_value());
  EXPECT_EQ(map.Find("m[\"[7]\"]"), (SourceLocation{6, 1}));
  EXPECT_EQ(map.FindNearest("a[1].b[0].c"), (SourceLocation{3, 5}));
  EXPECT_EQ(map.FindNearest("a[1].b[1].c"), (SourceLocation{3, 1}));
  EXPECT_EQ(map.FindNearest("a[9].c"), (SourceLocation{1, 1}));
}

TEST(JoinFieldPathTest, OmitsDotAtRoot) {
  EXPECT_EQ(JoinFieldPath("", "isms"), "isms");
  EXPECT_EQ(JoinFieldPath("isms", "assets"), "isms.assets");
}

TEST(SortDiagnosticsTest, OrdersByFileThenPositionWithUnlocatedLast) {
  std::vector<Diagnostic> diagnostics = {
      {"b.json", 1, 1, "", "b"},      {"a.json", 0, 0, "z", "unlocated"},
      {"a.json", 5, 2, "", "later"},  {"a.json", 5, 1, "", "earlier"},
      {"a.json", 2, 9, "", "first"},
  };
  SortDiagnostics(diagnostics);
  std::vector<std::string> order;
  for (const Diagnostic& d : diagnostics) order.push_back(d.message);
  EXPECT_EQ(order, (std::vector<std::string>{"first", "earlier", "later", "unlocated", "b"}));
}

}  // namespace
}  // namespace hdsc::io
