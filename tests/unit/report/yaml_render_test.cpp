// render_yaml: the snapshot's YAML writer. Its output must read back, through
// Boostburn's own reader (libyaml, yaml_tree.hpp) and yaml-cpp, as exactly the
// tree it was written from, whatever the strings hold.
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "boostburn/report/json.hpp"
#include "boostburn/report/snapshot_yaml.hpp"
#include "boostburn/util/text.hpp"
#include "boostburn/yaml/yaml_tree.hpp"
#include "report_fixtures.hpp"
#include "support/temp_dir.hpp"

namespace boostburn {
namespace {

using report_test::awkward_strings;

// Compares a loaded YAML node with the tree it was written from: same kinds,
// keys in the same order, scalars with the same text (texts as sanitised).
void expect_reads_back(const DocNode& expected, const YAML::Node& actual, const std::string& path) {
  switch (expected.kind()) {
    case DocNode::Kind::text:
      ASSERT_TRUE(actual.IsScalar()) << path;
      EXPECT_EQ(actual.Scalar(), sanitize_utf8(expected.scalar())) << path;
      return;
    case DocNode::Kind::number:
    case DocNode::Kind::boolean:
      ASSERT_TRUE(actual.IsScalar()) << path;
      EXPECT_EQ(actual.Scalar(), expected.scalar()) << path;
      EXPECT_EQ(actual.Tag(), "?") << path << ": written plain";
      return;
    case DocNode::Kind::map: {
      ASSERT_TRUE(actual.IsMap()) << path;
      ASSERT_EQ(actual.size(), expected.children().size()) << path;
      auto entry = actual.begin();
      for (std::size_t i = 0; i < expected.children().size(); ++i, ++entry) {
        ASSERT_EQ(entry->first.Scalar(), sanitize_utf8(expected.keys()[i])) << path;
        expect_reads_back(expected.children()[i], entry->second, path + "." + expected.keys()[i]);
      }
      return;
    }
    case DocNode::Kind::list:
      ASSERT_TRUE(actual.IsSequence()) << path;
      ASSERT_EQ(actual.size(), expected.children().size()) << path;
      for (std::size_t i = 0; i < expected.children().size(); ++i) {
        expect_reads_back(expected.children()[i], actual[i], path + "[" + std::to_string(i) + "]");
      }
      return;
  }
}

// The same, through the tree Boostburn reads snapshots with.
void expect_reads_back(const DocNode& expected, const YamlNode& actual, const std::string& path) {
  switch (expected.kind()) {
    case DocNode::Kind::text:
    case DocNode::Kind::number:
    case DocNode::Kind::boolean:
      ASSERT_TRUE(actual.is_scalar()) << path;
      EXPECT_EQ(actual.scalar(), sanitize_utf8(expected.scalar())) << path;
      return;
    case DocNode::Kind::map:
      ASSERT_TRUE(actual.is_map()) << path;
      ASSERT_EQ(actual.children().size(), 2 * expected.children().size()) << path;
      for (std::size_t i = 0; i < expected.children().size(); ++i) {
        ASSERT_EQ(actual.children()[2 * i].scalar(), sanitize_utf8(expected.keys()[i])) << path;
        expect_reads_back(expected.children()[i], actual.children()[2 * i + 1],
                          path + "." + expected.keys()[i]);
      }
      return;
    case DocNode::Kind::list:
      ASSERT_TRUE(actual.is_list()) << path;
      ASSERT_EQ(actual.size(), expected.children().size()) << path;
      for (std::size_t i = 0; i < expected.children().size(); ++i) {
        expect_reads_back(expected.children()[i], actual[i], path + "[" + std::to_string(i) + "]");
      }
      return;
  }
}

void expect_round_trip(const DocNode& document) {
  const std::string text = render_yaml(document);
  YAML::Node loaded;
  ASSERT_NO_THROW(loaded = YAML::Load(text)) << text;
  expect_reads_back(document, loaded, "");
  YamlTree tree;
  ASSERT_NO_THROW(tree = parse_yaml_tree(text, YamlAliases::refused)) << text;
  EXPECT_FALSE(tree.several);
  expect_reads_back(document, tree.root, "");
  if (::testing::Test::HasFailure()) {
    ADD_FAILURE() << "written as:\n" << text;
  }
}

// PyYAML (what yq, Ansible and most scripts read YAML with) loads `documents`
// as exactly what their JSON twins (render_json) load as: the same strings,
// none of them turned into a bool, number, date or null, and no character
// it refuses.
void expect_pyyaml_reads_like_json(const std::vector<DocNode>& documents) {
  const testing::TempDir dir;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    dir.write(std::to_string(i) + ".yaml", render_yaml(documents[i]));
    dir.write(std::to_string(i) + ".json", render_json(documents[i]));
  }
  const std::string script =
      "import json, pathlib, sys, yaml\n"
      "for y in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')):\n"
      "    j = y.with_suffix('.json')\n"
      "    if yaml.safe_load(y.read_text('utf-8')) != json.loads(j.read_text('utf-8')):\n"
      "        sys.exit('differs: ' + y.name)\n";
  dir.write("check.py", script);
  const std::string command =
      "python3 " + (dir / "check.py").string() + " " + dir.path().string();
  EXPECT_EQ(std::system(command.c_str()), 0) << "PyYAML disagrees (see above)";
}

TEST(RenderYaml, WritesBlockStyleWithTwoSpaceIndents) {
  DocNode root = DocNode::map();
  root.set("count", DocNode::integer(7));
  root.set("cost", DocNode::decimal("0.000000250"));
  root.set("flag", DocNode::boolean(false));
  root.set("day", DocNode::text("2026-11-30"));
  root.set("name", DocNode::text("us-east-1"));
  DocNode& nested = root.set("nested", DocNode::map());
  nested.set("a", DocNode::text("b"));
  nested.set("empty_map", DocNode::map());
  nested.set("empty_list", DocNode::list());
  DocNode& rows = root.set("rows", DocNode::list());
  DocNode& row = rows.push(DocNode::map());
  row.set("region", DocNode::text("us-east-1"));
  row.set("requests", DocNode::integer(2));
  rows.push(DocNode::text("scalar item"));
  DocNode& inner = rows.push(DocNode::list());
  inner.push(DocNode::integer(1));
  inner.push(DocNode::integer(2));
  rows.push(DocNode::map());
  EXPECT_EQ(render_yaml(root),
            "count: 7\n"
            "cost: 0.000000250\n"
            "flag: false\n"
            "day: \"2026-11-30\"\n"
            "name: us-east-1\n"
            "nested:\n"
            "  a: b\n"
            "  empty_map: {}\n"
            "  empty_list: []\n"
            "rows:\n"
            "  - region: us-east-1\n"
            "    requests: 2\n"
            "  - scalar item\n"
            "  - - 1\n"
            "    - 2\n"
            "  - {}\n");
}

TEST(RenderYaml, QuotesOnlyWhatWouldNotReadBackPlain) {
  const auto value_line = [](const std::string& text) {
    DocNode root = DocNode::map();
    root.set("k", DocNode::text(text));
    return render_yaml(root);
  };
  EXPECT_EQ(value_line("arn:aws:iam::111122223333:user/alice"),
            "k: arn:aws:iam::111122223333:user/alice\n");
  EXPECT_EQ(value_line("a#b"), "k: a#b\n");
  EXPECT_EQ(value_line("111122223333"), "k: \"111122223333\"\n");
  EXPECT_EQ(value_line("yes"), "k: \"yes\"\n");
  EXPECT_EQ(value_line(""), "k: \"\"\n");
  EXPECT_EQ(value_line("a: b"), "k: \"a: b\"\n");
  EXPECT_EQ(value_line("say \"hi\" \\o/"), "k: say \"hi\" \\o/\n");  // fine inside plain
  EXPECT_EQ(value_line("\"hi\" \\o/"), "k: \"\\\"hi\\\" \\\\o/\"\n");
  EXPECT_EQ(value_line("a\nb\tc\x01"), "k: \"a\\nb\\tc\\x01\"\n");
  EXPECT_EQ(value_line("l\xE2\x80\xA8s"), "k: \"l\\u2028s\"\n");
  EXPECT_EQ(value_line("caf\xC3\xA9"), "k: \"caf\xC3\xA9\"\n");
}

TEST(RenderYaml, AwkwardStringsReadBackAsKeysAndValues) {
  DocNode as_values = DocNode::list();
  DocNode as_keys = DocNode::map();
  for (std::size_t i = 0; i < awkward_strings().size(); ++i) {
    const std::string& text = awkward_strings()[i];
    as_values.push(DocNode::text(text));
    DocNode entry = DocNode::map();
    entry.set(text, DocNode::text(text));
    as_keys.set(text + "#" + std::to_string(i), std::move(entry));
  }
  DocNode root = DocNode::map();
  root.set("values", std::move(as_values));
  root.set("keys", std::move(as_keys));
  expect_round_trip(root);
  std::vector<DocNode> for_pyyaml;
  for_pyyaml.push_back(std::move(root));
  expect_pyyaml_reads_like_json(for_pyyaml);
}

TEST(RenderYaml, KeysLongerThanYamlAllowsForASimpleKeyAreWrittenExplicit) {
  DocNode root = DocNode::map();
  const std::string long_key = "AWSLogs/" + std::string(1500, 'k') + ".json.gz";
  root.set(long_key, DocNode::text("etag"));
  DocNode& nested = root.set(std::string(1100, 'i') + ": and more", DocNode::map());
  nested.set("requests", DocNode::integer(1));
  root.set("after", DocNode::integer(2));
  const std::string text = render_yaml(root);
  EXPECT_EQ(text.substr(0, 2), "? ");
  expect_round_trip(root);
}

TEST(RenderYaml, ADocumentThatIsNotAMapStillReadsBack) {
  expect_round_trip(DocNode::text("alone"));
  expect_round_trip(DocNode::list());
  expect_round_trip(DocNode::map());
  DocNode list = DocNode::list();
  list.push(DocNode::text("- a"));
  list.push(DocNode::integer(3));
  expect_round_trip(list);
}

// Random trees of random shapes and strings (awkward ones and random bytes).
class TreeMaker {
 public:
  explicit TreeMaker(std::uint32_t seed) : m_rng(seed) {}

  DocNode make(int depth) {
    const int kind = pick(depth >= 4 ? 3 : 5);
    switch (kind) {
      case 0:
        return DocNode::text(string());
      case 1:
        return DocNode::integer(m_rng());
      case 2:
        return DocNode::boolean(pick(2) == 0);
      case 3: {
        DocNode map = DocNode::map();
        const int entries = pick(4);
        for (int i = 0; i < entries; ++i) {
          map.set(string() + "." + std::to_string(i), make(depth + 1));  // keys unique
        }
        return map;
      }
      default: {
        DocNode list = DocNode::list();
        const int items = pick(4);
        for (int i = 0; i < items; ++i) {
          list.push(make(depth + 1));
        }
        return list;
      }
    }
  }

 private:
  int pick(int n) { return static_cast<int>(m_rng() % static_cast<std::uint32_t>(n)); }

  std::string string() {
    if (pick(2) == 0) {
      return awkward_strings()[static_cast<std::size_t>(
          pick(static_cast<int>(awkward_strings().size())))];
    }
    std::string text(static_cast<std::size_t>(pick(12)), ' ');
    for (char& c : text) {
      c = static_cast<char>(pick(256));
    }
    return text;
  }

  std::mt19937 m_rng;
};

TEST(RenderYaml, RandomTreesReadBack) {
  TreeMaker maker(20261204);
  std::vector<DocNode> for_pyyaml;
  for (int i = 0; i < 3000 && !HasFailure(); ++i) {
    DocNode root = DocNode::map();
    root.set("tree", maker.make(0));
    expect_round_trip(root);
    if (i % 10 == 0) {
      for_pyyaml.push_back(std::move(root));
    }
  }
  expect_pyyaml_reads_like_json(for_pyyaml);
}

}  // namespace
}  // namespace boostburn
