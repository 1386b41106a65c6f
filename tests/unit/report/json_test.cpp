#include "boostburn/report/json.hpp"

#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "boostburn/report/doc_tree.hpp"
#include "boostburn/report/snapshot_yaml.hpp"
#include "boostburn/util/text.hpp"
#include "report_fixtures.hpp"

namespace boostburn {
namespace {

using ::testing::HasSubstr;
using namespace report_test;

// Compares a JSON value with the YAML node written for the same snapshot:
// same keys in the same order, same lists, same scalar text.
void expect_same_content(const nlohmann::ordered_json& json, const YAML::Node& yaml,
                         const std::string& path) {
  if (json.is_object()) {
    ASSERT_TRUE(yaml.IsMap()) << path;
    ASSERT_EQ(json.size(), yaml.size()) << path;
    auto yaml_entry = yaml.begin();
    for (const auto& [key, value] : json.items()) {
      ASSERT_EQ(key, yaml_entry->first.Scalar()) << path;
      expect_same_content(value, yaml_entry->second, path + "." + key);
      ++yaml_entry;
    }
  } else if (json.is_array()) {
    ASSERT_TRUE(yaml.IsSequence()) << path;
    ASSERT_EQ(json.size(), yaml.size()) << path;
    for (std::size_t i = 0; i < json.size(); ++i) {
      expect_same_content(json[i], yaml[i], path + "[" + std::to_string(i) + "]");
    }
  } else if (json.is_string()) {
    EXPECT_EQ(json.get<std::string>(), yaml.Scalar()) << path;
  } else if (json.is_number_float()) {
    EXPECT_NEAR(json.get<double>(), std::stod(yaml.Scalar()), 1e-12) << path;
  } else {
    EXPECT_EQ(json.dump(), yaml.Scalar()) << path;
  }
}

TEST(SnapshotJsonTest, MatchesTheGoldenFile) {
  const Snapshot s = sample_snapshot();
  expect_golden("sample_snapshot.json",
                render_snapshot_json(s, flat_price(s.usage, sample_rates()), {"e1"}));
}

TEST(SnapshotJsonTest, HasTheSameContentAndOrderAsTheYaml) {
  const Snapshot s = sample_snapshot();
  PricedMetrics priced = flat_price(s.usage, sample_rates());
  priced.not_token_priced_models = {"stability.sd3-large-v1"};
  const std::vector<std::string> errors{"by_model: cost differs"};

  const auto json = nlohmann::ordered_json::parse(render_snapshot_json(s, priced, errors));
  const YAML::Node yaml = YAML::Load(render_snapshot_yaml(s, priced, errors));
  expect_same_content(json, yaml, "");
}

TEST(SnapshotJsonTest, CostsAreNumbersWithNineDecimals) {
  const Snapshot s = sample_snapshot();
  const std::string text = render_snapshot_json(s, flat_price(s.usage, sample_rates()), {});
  EXPECT_THAT(text, HasSubstr("\"cost_usd\": 2.103756000\n"));
  EXPECT_THAT(text, HasSubstr("\"cost_usd\": 0.000000000\n"));
  EXPECT_THAT(text, HasSubstr("\"account_id\": \"111122223333\""));
}

TEST(SnapshotJsonTest, EscapesStringsCorrectly) {
  Snapshot s;
  const std::string nasty = "say \"hi\" \\ back\tslash\nline\x01\x1f caf\xC3\xA9 \xF0\x9F\x94\xA5";
  s.report_date = nasty;
  s.sources["us-east-1"][nasty] = "\"etag\"";

  const std::string text = render_snapshot_json(s, PricedMetrics{}, {});
  EXPECT_THAT(text, HasSubstr(R"(say \"hi\" \\ back\tslash\nline\u0001\u001f)"));

  const auto json = nlohmann::json::parse(text);
  EXPECT_EQ(json["report_date"], nasty);
  EXPECT_EQ(json["sources"]["us-east-1"][nasty], "\"etag\"");
}

TEST(SnapshotJsonTest, InvalidUtf8BecomesReplacementCharacters) {
  Snapshot s;
  s.account_id =
      "a\xFF"
      "b";
  const auto json = nlohmann::json::parse(render_snapshot_json(s, PricedMetrics{}, {}));
  EXPECT_EQ(json["account_id"],
            "a\xEF\xBF\xBD"
            "b");
}

// Strings are escaped exactly as nlohmann::json dumps them (what every
// earlier build wrote): every byte value, alone and among others, valid
// UTF-8 or not.
TEST(SnapshotJsonTest, StringsAreWrittenAsNlohmannJsonDumpsThem) {
  std::vector<std::string> texts = {"",
                                    "plain",
                                    "caf\xC3\xA9 \xF0\x9F\x94\xA5",
                                    "\x7F\xC2\x85",
                                    "\xE2\x80\xA8",
                                    "\xC3",
                                    "\xED\xA0\x80",
                                    "\xF4\x90\x80\x80"};
  for (int byte = 0; byte < 256; ++byte) {
    texts.emplace_back(1, static_cast<char>(byte));
    texts.push_back("a" + std::string(1, static_cast<char>(byte)) + "b\\\"");
  }
  std::mt19937 random(7);
  for (int i = 0; i < 2000; ++i) {
    std::string text(random() % 24, '\0');
    for (char& c : text) {
      c = static_cast<char>(random() % 4 == 0 ? random() % 256 : 'a' + random() % 26);
    }
    texts.push_back(text);
  }
  for (const std::string& text : texts) {
    const std::string expected =
        nlohmann::json(sanitize_utf8(text))
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
        "\n";
    EXPECT_EQ(render_json(DocNode::text(text)), expected) << ::testing::PrintToString(text);
  }
}

TEST(SnapshotJsonTest, AnEmptyDayIsValidJson) {
  const std::string text = render_snapshot_json(Snapshot{}, PricedMetrics{}, {});
  const auto json = nlohmann::json::parse(text);
  EXPECT_TRUE(json["metrics"]["by_usage_key"].is_array());
  EXPECT_TRUE(json["metrics"]["by_usage_key"].empty());
  EXPECT_TRUE(json["sources"].is_object());
  EXPECT_THAT(text, HasSubstr("\"sources\": {}\n"));
}

}  // namespace
}  // namespace boostburn
