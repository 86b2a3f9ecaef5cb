#include "lib/io/time_text.h"

#include "gtest/gtest.h"

namespace hdsc::io {
namespace {

TEST(ParseTimestampTest, ParsesUtcAndOffsets) {
  auto t = ParseTimestamp("1970-01-01T00:00:00Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->seconds, 0);
  EXPECT_EQ(t->nanos, 0);

  t = ParseTimestamp("2024-05-16T09:30:00Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->seconds, 1715851800);

  t = ParseTimestamp("2024-05-16T11:30:00+02:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->seconds, 1715851800);

  t = ParseTimestamp("2024-05-16T08:00:00.5-01:30");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->seconds, 1715851800);
  EXPECT_EQ(t->nanos, 500000000);

  t = ParseTimestamp("2024-02-29T23:59:59.123456789z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->nanos, 123456789);

  t = ParseTimestamp("0001-01-01T00:00:00Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->seconds, -62135596800);
  t = ParseTimestamp("9999-12-31T23:59:59Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->seconds, 253402300799);
}

TEST(ParseTimestampTest, RefusesMalformedAndImpossibleDates) {
  for (const char* text : {"", "2024-05-16", "2024-05-16T09:30:00", "2024-05-16 09:30:00Z", "2024-13-01T00:00:00Z",
                           "2024-00-10T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
                           "2024-05-16T24:00:00Z", "2024-05-16T09:60:00Z", "2024-05-16T09:30:60Z",
                           "2024-05-16T09:30:00.Z", "2024-05-16T09:30:00.1234567890Z", "2024-05-16T09:30:00+0200",
                           "2024-05-16T09:30:00+24:00", "2024-05-16T09:30:00Zjunk", "24-05-16T09:30:00Z",
                           "0000-12-31T00:00:00Z", "0001-01-01T00:00:00+01:00", "2024-5-16T09:30:00Z",
                           "yesterday"}) {
    EXPECT_FALSE(ParseTimestamp(text).has_value()) << text;
  }
}

TEST(ParseDurationTest, ParsesSeconds) {
  auto d = ParseDuration("259200s");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->seconds, 259200);
  EXPECT_EQ(d->nanos, 0);

  d = ParseDuration("1.5s");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->seconds, 1);
  EXPECT_EQ(d->nanos, 500000000);

  d = ParseDuration("-3.000000001s");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->seconds, -3);
  EXPECT_EQ(d->nanos, -1);

  d = ParseDuration("315576000000s");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->seconds, 315576000000);
}

TEST(ParseDurationTest, RefusesOtherForms) {
  for (const char* text : {"", "s", "72h", "1.5", "1.s", "+1s", "1e3s", "315576000001s", "1.0000000001s", "1 s",
                           "99999999999999999999999s"}) {
    EXPECT_FALSE(ParseDuration(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace hdsc::io
