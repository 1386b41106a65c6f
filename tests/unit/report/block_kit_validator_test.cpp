// block_kit_violations() (tests/support/block_kit.hpp): every rule can fail,
// with a message that names the path, and a realistic report message passes.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/block_kit.hpp"

namespace boostburn::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Json = nlohmann::json;
using Pointer = Json::json_pointer;

// `count` copies of `piece` (one character, possibly several UTF-8 bytes).
std::string repeat(std::string_view piece, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    text += piece;
  }
  return text;
}

Json text_object(std::string_view type, std::string text) {
  return {{"type", type}, {"text", std::move(text)}};
}

// A daily report as Boostburn would post it. Blocks: [0] header, [1] section
// with text and four fields, [2] divider, [3] section with text only,
// [4] context with a mrkdwn and an image element.
Json report_message() {
  return Json::parse(R"json({
    "text": "Bedrock usage 2026-11-30: $82.165727385 across 3 regions",
    "username": "Boostburn",
    "icon_emoji": ":fire:",
    "unfurl_links": false,
    "unfurl_media": false,
    "mrkdwn": true,
    "blocks": [
      {"type": "header",
       "text": {"type": "plain_text", "text": "🔥 Bedrock usage — 2026-11-30", "emoji": true}},
      {"type": "section", "block_id": "totals",
       "text": {"type": "mrkdwn", "text": "*Total cost:* $82.165727385\n*Requests:* 1,204"},
       "fields": [
         {"type": "mrkdwn", "text": "*Input tokens*\n12,345,678"},
         {"type": "mrkdwn", "text": "*Output tokens*\n1,234,567"},
         {"type": "mrkdwn", "text": "*Cache read*\n9,876,543"},
         {"type": "plain_text", "text": "Cache write: 123,456", "emoji": false}]},
      {"type": "divider", "block_id": "rule"},
      {"type": "section", "block_id": "by_model",
       "text": {"type": "mrkdwn", "verbatim": true,
                "text": "`us.anthropic.claude-opus-4-5-20251101-v1` $70.00\n`eu.amazon.nova-pro-v1` $12.17"}},
      {"type": "context",
       "elements": [
         {"type": "mrkdwn", "text": ":warning: Unpriced models: `amazon.titan-embed-text-v2`"},
         {"type": "image", "image_url": "https://example.com/boostburn.png", "alt_text": "Boostburn"}]}
    ]
  })json");
}

// The violations of report_message() with `path` set to `value`.
std::vector<std::string> with(const std::string& path, Json value) {
  Json payload = report_message();
  payload[Pointer(path)] = std::move(value);
  return block_kit_violations(payload);
}

// The violations of report_message() without the key at `path`.
std::vector<std::string> without(const std::string& path) {
  Json payload = report_message();
  const Pointer pointer(path);
  payload[pointer.parent_pointer()].erase(pointer.back());
  return block_kit_violations(payload);
}

TEST(Utf8LengthTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(utf8_length(""), 0U);
  EXPECT_EQ(utf8_length("cost"), 4U);
  EXPECT_EQ(utf8_length("café"), 4U);    // é: 2 bytes
  EXPECT_EQ(utf8_length("€5"), 2U);      // €: 3 bytes
  EXPECT_EQ(utf8_length("🔥 burn"), 6U);  // 🔥: 4 bytes
  EXPECT_EQ(utf8_length(repeat("🔥", 10)), 10U);
}

TEST(BlockKitValidatorTest, ARealisticReportMessagePasses) {
  EXPECT_THAT(block_kit_violations(report_message()), IsEmpty());
}

TEST(BlockKitValidatorTest, AnOrderedJsonPayloadAndAPlainTextOnlyMessagePass) {
  const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(report_message().dump());
  EXPECT_THAT(block_kit_violations(ordered), IsEmpty());
  EXPECT_THAT(block_kit_violations({{"text", "Bedrock usage: $0.00"}}), IsEmpty());
}

TEST(BlockKitValidatorTest, ThePayloadMustBeAnObject) {
  EXPECT_THAT(block_kit_violations(Json::array({"text"})),
              ElementsAre("payload: expected an object, got array"));
  EXPECT_THAT(block_kit_violations(Json()), ElementsAre("payload: expected an object, got null"));
}

TEST(BlockKitValidatorTest, UnknownTopLevelKeysAreRejected) {
  EXPECT_THAT(with("/attachments", Json::array()),
              ElementsAre("payload: unknown key \"attachments\""));
  EXPECT_THAT(with("/thread_ts", "1700000000.000100"),
              ElementsAre("payload: unknown key \"thread_ts\""));
}

TEST(BlockKitValidatorTest, TopLevelKeysMustHaveTheirTypes) {
  EXPECT_THAT(with("/username", 7), ElementsAre("username: expected a string, got number"));
  EXPECT_THAT(with("/channel", Json::array()),
              ElementsAre("channel: expected a string, got array"));
  EXPECT_THAT(with("/icon_url", nullptr), ElementsAre("icon_url: expected a string, got null"));
  EXPECT_THAT(with("/unfurl_links", "yes"),
              ElementsAre("unfurl_links: expected a boolean, got string"));
  EXPECT_THAT(with("/mrkdwn", 1), ElementsAre("mrkdwn: expected a boolean, got number"));
  EXPECT_THAT(with("/blocks", Json::object()),
              ElementsAre("blocks: expected an array, got object"));
  EXPECT_THAT(with("/text", 5), ElementsAre("text: expected a string, got number"));
}

TEST(BlockKitValidatorTest, TheFallbackTextIsRequiredAndNotEmpty) {
  EXPECT_THAT(without("/text"),
              ElementsAre("text: missing (required as the notification fallback)"));
  EXPECT_THAT(with("/text", ""), ElementsAre("text: empty"));
}

TEST(BlockKitValidatorTest, TheFallbackTextLimitCountsCharactersNotBytes) {
  EXPECT_THAT(with("/text", std::string(3000, 'x')), IsEmpty());
  EXPECT_THAT(with("/text", repeat("🔥", 3000)), IsEmpty());  // 12,000 bytes
  EXPECT_THAT(with("/text", std::string(3001, 'x')),
              ElementsAre("text: 3001 characters, limit 3000"));
  EXPECT_THAT(with("/text", repeat("€", 3012)), ElementsAre("text: 3012 characters, limit 3000"));
}

TEST(BlockKitValidatorTest, BlocksHoldOneToFifty) {
  EXPECT_THAT(with("/blocks", Json::array()), ElementsAre("blocks: 0 blocks, needs 1 to 50"));
  const Json divider = {{"type", "divider"}};
  EXPECT_THAT(with("/blocks", Json(std::vector<Json>(50, divider))), IsEmpty());
  EXPECT_THAT(with("/blocks", Json(std::vector<Json>(51, divider))),
              ElementsAre("blocks: 51 blocks, limit 50"));
}

TEST(BlockKitValidatorTest, EachBlockIsAnObjectWithAKnownType) {
  EXPECT_THAT(with("/blocks/2", "divider"),
              ElementsAre("blocks[2]: expected a block object, got string"));
  EXPECT_THAT(without("/blocks/2/type"), ElementsAre("blocks[2].type: missing"));
  EXPECT_THAT(with("/blocks/2/type", 3),
              ElementsAre("blocks[2].type: expected a string, got number"));
  EXPECT_THAT(with("/blocks/2", {{"type", "actions"}, {"elements", Json::array()}}),
              ElementsAre("blocks[2].type: \"actions\" is not one of header, section, divider, "
                          "context"));
  EXPECT_THAT(with("/blocks/4/type", "image"),
              ElementsAre("blocks[4].type: \"image\" is not one of header, section, divider, "
                          "context"));
}

TEST(BlockKitValidatorTest, BlockIdsAreShortAndUnique) {
  EXPECT_THAT(with("/blocks/2/block_id", std::string(255, 'b')), IsEmpty());
  EXPECT_THAT(with("/blocks/2/block_id", std::string(256, 'b')),
              ElementsAre("blocks[2].block_id: 256 characters, limit 255"));
  EXPECT_THAT(with("/blocks/3/block_id", "totals"),
              ElementsAre("blocks[3].block_id: \"totals\" repeats blocks[1].block_id"));
  EXPECT_THAT(with("/blocks/0/block_id", "totals"),  // the later block is the repeat
              ElementsAre("blocks[1].block_id: \"totals\" repeats blocks[0].block_id"));
  EXPECT_THAT(with("/blocks/2/block_id", 42),
              ElementsAre("blocks[2].block_id: expected a string, got number"));
}

TEST(BlockKitValidatorTest, EachBlockTypeAllowsOnlyItsOwnKeys) {
  EXPECT_THAT(with("/blocks/1/accessory", {{"type", "button"}}),
              ElementsAre("blocks[1]: unknown key \"accessory\" for a section block"));
  EXPECT_THAT(with("/blocks/2/text", text_object("plain_text", "---")),
              ElementsAre("blocks[2]: unknown key \"text\" for a divider block"));
  EXPECT_THAT(with("/blocks/0/fields", Json::array({text_object("mrkdwn", "x")})),
              ElementsAre("blocks[0]: unknown key \"fields\" for a header block"));
  EXPECT_THAT(with("/blocks/4/text", text_object("mrkdwn", "x")),
              ElementsAre("blocks[4]: unknown key \"text\" for a context block"));
}

TEST(BlockKitValidatorTest, AHeaderHasShortPlainText) {
  EXPECT_THAT(without("/blocks/0/text"), ElementsAre("blocks[0].text: missing"));
  EXPECT_THAT(with("/blocks/0/text", text_object("mrkdwn", "*Usage*")),
              ElementsAre("blocks[0].text.type: must be plain_text, got \"mrkdwn\""));
  EXPECT_THAT(with("/blocks/0/text/text", repeat("é", 150)), IsEmpty());
  EXPECT_THAT(with("/blocks/0/text/text", std::string(151, 'x')),
              ElementsAre("blocks[0].text.text: 151 characters, limit 150"));
}

TEST(BlockKitValidatorTest, ASectionHasTextOrFieldsWithinTheirLimits) {
  Json bare = report_message();
  bare["blocks"][1].erase("text");
  bare["blocks"][1].erase("fields");
  EXPECT_THAT(block_kit_violations(bare), ElementsAre("blocks[1]: a section needs text or fields"));
  EXPECT_THAT(without("/blocks/1/text"), IsEmpty());    // fields alone
  EXPECT_THAT(without("/blocks/1/fields"), IsEmpty());  // text alone

  EXPECT_THAT(with("/blocks/3/text/text", std::string(3000, 'x')), IsEmpty());
  EXPECT_THAT(with("/blocks/3/text/text", std::string(3012, 'x')),
              ElementsAre("blocks[3].text.text: 3012 characters, limit 3000"));
  EXPECT_THAT(with("/blocks/1/fields/2/text", std::string(2000, 'x')), IsEmpty());
  EXPECT_THAT(with("/blocks/1/fields/2/text", std::string(2001, 'x')),
              ElementsAre("blocks[1].fields[2].text: 2001 characters, limit 2000"));
}

TEST(BlockKitValidatorTest, SectionFieldsAreOneToTenTextObjects) {
  EXPECT_THAT(with("/blocks/1/fields", Json::array()),
              ElementsAre("blocks[1].fields: 0 fields, needs 1 to 10"));
  const Json field = text_object("mrkdwn", "*Tokens*\n1");
  EXPECT_THAT(with("/blocks/1/fields", Json(std::vector<Json>(10, field))), IsEmpty());
  EXPECT_THAT(with("/blocks/1/fields", Json(std::vector<Json>(11, field))),
              ElementsAre("blocks[1].fields: 11 fields, limit 10"));
  EXPECT_THAT(with("/blocks/1/fields", "*Tokens*"),
              ElementsAre("blocks[1].fields: expected an array, got string"));
  EXPECT_THAT(with("/blocks/1/fields/0", "*Tokens*"),
              ElementsAre("blocks[1].fields[0]: expected a text object, got string"));
}

TEST(BlockKitValidatorTest, ContextElementsAreOneToTenTextOrImageElements) {
  EXPECT_THAT(without("/blocks/4/elements"), ElementsAre("blocks[4].elements: missing"));
  EXPECT_THAT(with("/blocks/4/elements", Json::array()),
              ElementsAre("blocks[4].elements: 0 elements, needs 1 to 10"));
  const Json element = text_object("plain_text", "note");
  EXPECT_THAT(with("/blocks/4/elements", Json(std::vector<Json>(10, element))), IsEmpty());
  EXPECT_THAT(with("/blocks/4/elements", Json(std::vector<Json>(11, element))),
              ElementsAre("blocks[4].elements: 11 elements, limit 10"));
  EXPECT_THAT(with("/blocks/4/elements/0", {{"type", "button"}, {"text", "Open"}}),
              ElementsAre("blocks[4].elements[0].type: \"button\" is not plain_text or mrkdwn"));
  EXPECT_THAT(with("/blocks/4/elements/0/text", std::string(3001, 'x')),
              ElementsAre("blocks[4].elements[0].text: 3001 characters, limit 3000"));
}

TEST(BlockKitValidatorTest, ImageElementsNeedAnUrlAndAltTextOnly) {
  EXPECT_THAT(without("/blocks/4/elements/1/alt_text"),
              ElementsAre("blocks[4].elements[1].alt_text: missing"));
  EXPECT_THAT(with("/blocks/4/elements/1/image_url", ""),
              ElementsAre("blocks[4].elements[1].image_url: empty"));
  EXPECT_THAT(with("/blocks/4/elements/1/image_url", 1),
              ElementsAre("blocks[4].elements[1].image_url: expected a string, got number"));
  EXPECT_THAT(with("/blocks/4/elements/1/title", "logo"),
              ElementsAre("blocks[4].elements[1]: unknown key \"title\" for an image element"));
}

TEST(BlockKitValidatorTest, TextObjectsHaveAKnownTypeAndNonEmptyText) {
  EXPECT_THAT(with("/blocks/3/text", "plain words"),
              ElementsAre("blocks[3].text: expected a text object, got string"));
  EXPECT_THAT(without("/blocks/3/text/type"), ElementsAre("blocks[3].text.type: missing"));
  EXPECT_THAT(with("/blocks/3/text/type", "markdown"),
              ElementsAre("blocks[3].text.type: \"markdown\" is not plain_text or mrkdwn"));
  EXPECT_THAT(without("/blocks/3/text/text"), ElementsAre("blocks[3].text.text: missing"));
  EXPECT_THAT(with("/blocks/3/text/text", ""), ElementsAre("blocks[3].text.text: empty"));
  EXPECT_THAT(with("/blocks/3/text/text", Json::array({"a"})),
              ElementsAre("blocks[3].text.text: expected a string, got array"));
}

TEST(BlockKitValidatorTest, TextObjectsAllowOnlyTheirOwnFlags) {
  EXPECT_THAT(with("/blocks/0/text/url", "https://example.com"),
              ElementsAre("blocks[0].text: unknown key \"url\" for plain_text"));
  EXPECT_THAT(with("/blocks/0/text/verbatim", true),
              ElementsAre("blocks[0].text: unknown key \"verbatim\" for plain_text"));
  EXPECT_THAT(with("/blocks/3/text/emoji", true),
              ElementsAre("blocks[3].text: unknown key \"emoji\" for mrkdwn"));
  EXPECT_THAT(with("/blocks/0/text/emoji", "yes"),
              ElementsAre("blocks[0].text.emoji: expected a boolean, got string"));
  EXPECT_THAT(with("/blocks/3/text/verbatim", 1),
              ElementsAre("blocks[3].text.verbatim: expected a boolean, got number"));
}

TEST(BlockKitValidatorTest, ReportsEveryViolationNotOnlyTheFirst) {
  Json payload = report_message();
  payload.erase("text");
  payload["attachments"] = Json::array();
  payload["blocks"][0]["text"]["text"] = std::string(151, 'x');
  payload["blocks"][1]["fields"][3]["type"] = "html";
  payload["blocks"][4]["elements"][1].erase("image_url");
  EXPECT_THAT(block_kit_violations(payload),
              ElementsAre("payload: unknown key \"attachments\"",
                          "text: missing (required as the notification fallback)",
                          "blocks[0].text.text: 151 characters, limit 150",
                          "blocks[1].fields[3].type: \"html\" is not plain_text or mrkdwn",
                          "blocks[4].elements[1].image_url: missing"));
}

}  // namespace
}  // namespace boostburn::testing
