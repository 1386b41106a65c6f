#include "boostburn/ingest/object_filter.hpp"

#include <gtest/gtest.h>

namespace boostburn {
namespace {

constexpr const char* k_hour =
    "AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/04/19/13/";

std::string in_hour(const char* name) {
  return std::string(k_hour) + name;
}

TEST(ObjectFilter, RecordFilesOfAnyExtensionAreRead) {
  EXPECT_TRUE(is_record_object(in_hour("20260419T132851123Z_0a1b2c3d4e5f6789.json.gz"), 4096));
  EXPECT_TRUE(is_record_object(in_hour("hand-made.json"), 10));
  EXPECT_TRUE(is_record_object(in_hour("records.gz"), 10));
  EXPECT_TRUE(is_record_object(in_hour("no-extension"), 10));
  EXPECT_TRUE(is_record_object("bedrock/invocation-logs/x.json.gz", 1));
}

TEST(ObjectFilter, BodiesUnderDataAreSkipped) {
  EXPECT_FALSE(is_record_object(in_hour("data/081f-4c1e_input.json.gz"), 200000));
  EXPECT_FALSE(is_record_object(in_hour("data/081f-4c1e_output.json.gz"), 200000));
  EXPECT_FALSE(is_record_object("data/x.json.gz", 10));
  EXPECT_FALSE(is_record_object("prefix/data/deeper/x.json.gz", 10));
  // Only a whole `data` path segment means bodies.
  EXPECT_TRUE(is_record_object(in_hour("metadata/x.json.gz"), 10));
  EXPECT_TRUE(is_record_object(in_hour("data-2026.json.gz"), 10));
  EXPECT_TRUE(is_record_object(in_hour("x_data.json.gz"), 10));
  EXPECT_TRUE(is_record_object("mydata/x.json.gz", 10));
}

TEST(ObjectFilter, PermissionCheckMarkerIsSkipped) {
  EXPECT_FALSE(
      is_record_object("AWSLogs/111122223333/BedrockModelInvocationLogs/"
                       "amazon-bedrock-logs-permission-check",
                       12));
  EXPECT_FALSE(is_record_object("amazon-bedrock-logs-permission-check", 12));
  EXPECT_TRUE(is_record_object("amazon-bedrock-logs-permission-check/x.json.gz", 12));
  EXPECT_TRUE(is_record_object(in_hour("amazon-bedrock-logs-permission-check.json.gz"), 12));
}

TEST(ObjectFilter, EmptyObjectsAndDirectoryKeysAreSkipped) {
  EXPECT_FALSE(is_record_object(in_hour("20260419T132851123Z_0a1b.json.gz"), 0));
  EXPECT_FALSE(is_record_object(k_hour, 0));
  EXPECT_FALSE(is_record_object(k_hour, 100));
  EXPECT_FALSE(is_record_object("", 100));
}

TEST(ObjectFilter, BodyFoldersAreThoseNamedData) {
  for (const char* folder : {"a/10/data/", "data/", "a/data", "data"}) {
    EXPECT_TRUE(is_body_folder(folder)) << folder;
  }
  for (const char* folder : {"a/10/database/", "a/my-data/", "a/data/b/", "", "/", "a/Data/",
                             "a/data.json/", "a/data /"}) {
    EXPECT_FALSE(is_body_folder(folder)) << folder;
  }
}

}  // namespace
}  // namespace boostburn
