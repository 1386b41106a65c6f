#include "boostburn/metrics/request_id_set.hpp"

#include <string>

#include <gtest/gtest.h>

namespace boostburn {
namespace {

TEST(RequestIdSet, RemembersWhatWasInserted) {
  RequestIdSet set;
  EXPECT_TRUE(set.insert("0f9c1b2a-0000-4000-8000-000000000001"));
  EXPECT_FALSE(set.insert("0f9c1b2a-0000-4000-8000-000000000001"));
  EXPECT_TRUE(set.contains("0f9c1b2a-0000-4000-8000-000000000001"));
  EXPECT_FALSE(set.contains("0f9c1b2a-0000-4000-8000-000000000002"));
  EXPECT_EQ(set.size(), 1U);
}

TEST(RequestIdSet, HoldsManyIdsThroughGrowth) {
  RequestIdSet set;
  for (int i = 0; i < 100000; ++i) {
    ASSERT_TRUE(set.insert("req-" + std::to_string(i)));
  }
  EXPECT_EQ(set.size(), 100000U);
  for (int i = 0; i < 100000; i += 7) {
    ASSERT_FALSE(set.insert("req-" + std::to_string(i)));
  }
  EXPECT_FALSE(set.contains("req-100000"));
}

TEST(RequestIdSet, MergesAndExportsSortedHashes) {
  RequestIdSet a;
  a.insert("x");
  a.insert("y");
  RequestIdSet b;
  b.insert("y");
  b.insert("z");
  b.insert(RequestIdHash{});  // the all-zero hash is a member like any other
  a.merge(b);
  EXPECT_EQ(a.size(), 4U);
  const auto hashes = a.sorted_hashes();
  ASSERT_EQ(hashes.size(), 4U);
  EXPECT_TRUE(std::is_sorted(hashes.begin(), hashes.end()));

  RequestIdSet reloaded;
  for (const RequestIdHash& hash : hashes) {
    reloaded.insert(hash);
  }
  EXPECT_TRUE(reloaded.contains("x"));
  EXPECT_TRUE(reloaded.contains("z"));
  EXPECT_TRUE(reloaded.contains(RequestIdHash{}));
  EXPECT_FALSE(reloaded.contains("w"));
}

TEST(RequestIdSet, HashesAre128BitXxh3) {
  EXPECT_NE(hash_request_id("a"), hash_request_id("b"));
  EXPECT_EQ(hash_request_id("a"), hash_request_id(std::string("a")));
  // The empty id is a valid input (records without one never reach the set).
  EXPECT_NE(hash_request_id(""), RequestIdHash{});
}

}  // namespace
}  // namespace boostburn
