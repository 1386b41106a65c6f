#include "boostburn/aws/credentials.hpp"

#include <gtest/gtest.h>

namespace boostburn {
namespace {

TEST(RedactedKeyId, ShowsOnlyTheLastFourCharacters) {
  EXPECT_EQ(redacted_key_id("AKIAIOSFODNN7EXAMPLE"), "\u2026MPLE");
  EXPECT_EQ(redacted_key_id("ASIAQEXAMPLEKEY12345"), "\u20262345");
  EXPECT_EQ(redacted_key_id("ABCDEFGHIJKL"), "\u2026IJKL");
}

TEST(RedactedKeyId, ShortKeysAreFullyMasked) {
  EXPECT_EQ(redacted_key_id("ABCDEFGHIJK"), "****");
  EXPECT_EQ(redacted_key_id("test"), "****");
  EXPECT_EQ(redacted_key_id("x"), "****");
  EXPECT_EQ(redacted_key_id(""), "(none)");
}

}  // namespace
}  // namespace boostburn
