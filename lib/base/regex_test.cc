#include "lib/base/regex.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace hdsc::base {
namespace {

TEST(SharedRegexTest, OneCompiledRegexPerPattern) {
  std::shared_ptr<const RE2> first = SharedRegex("^[0-9]{9}$");
  std::shared_ptr<const RE2> again = SharedRegex("^[0-9]{9}$");
  ASSERT_TRUE(first->ok());
  EXPECT_EQ(first.get(), again.get());
  EXPECT_TRUE(RE2::FullMatch("123456789", *again));
  EXPECT_NE(SharedRegex("^[0-9]{8}$").get(), first.get());
}

TEST(SharedRegexTest, ABadPatternCarriesItsError) {
  std::shared_ptr<const RE2> bad = SharedRegex("(unclosed");
  EXPECT_FALSE(bad->ok());
  EXPECT_FALSE(bad->error().empty());
}

TEST(SharedRegexTest, PatternsNobodyHoldsAreForgottenOnlyThem) {
  std::shared_ptr<const RE2> held = SharedRegex("^held$");
  // Many patterns, none kept: the table drops them as it grows, but not one still held.
  for (int i = 0; i < 2000; ++i) ASSERT_TRUE(SharedRegex("^x" + std::to_string(i) + "$")->ok());
  EXPECT_EQ(SharedRegex("^held$").get(), held.get());
  EXPECT_TRUE(RE2::FullMatch("x7", *SharedRegex("^x7$")));
}

TEST(SharedRegexTest, ThreadsShareOneRegex) {
  std::vector<std::shared_ptr<const RE2>> seen(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] { seen[i] = SharedRegex("^(2A|2B|[0-9]{2})[0-9]{7}$"); });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::shared_ptr<const RE2>& regex : seen) EXPECT_EQ(regex.get(), seen[0].get());
}

}  // namespace
}  // namespace hdsc::base
