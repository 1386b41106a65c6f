// Reads the documents of a YAML text without yaml-cpp's YAML::LoadAll.
//
// yaml-cpp 0.7's LoadAll never returns on some malformed input: once a
// document ends at a stray ',' (a text that starts with ',', or a ',' at the
// start of a line after a block), every further "document" is empty and
// consumes nothing, so LoadAll appends empty nodes until memory runs out.
// load_yaml_documents counts documents with a parser, stopping at the first
// after the first that holds something, then reads the first with YAML::Load. Two parses, because
// yaml-cpp starts a new document wherever the first one's root node ends (a key indented less than
// the first, a line starting with '%', a second root value), "---" or not, which no scan of the
// text foresees; and only YAML::Load builds nodes that keep their source positions for error
// messages. (Running the two on two threads was no faster on average here: 2.5 or 4.5 ms for the
// bundled price file, by where the second thread landed.) Throws YAML::Exception, like YAML::Load.
// Only yaml_tree.cpp reads text this way now, for what libyaml refuses.
#pragma once

#include <cstddef>
#include <optional>
#include <sstream>
#include <string>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace boostburn {

struct YamlDocuments {
  YAML::Node first;         // null when the text holds no document
  bool several = false;     // a document with something in it follows the first
  YAML::Mark second_start;  // where that document starts (several)
  // Where the first document's first alias (*name) is, if it has one: a
  // loaded node does not show which of its nodes are aliases.
  std::optional<YAML::Mark> first_alias;
  // The nodes the first document's text holds, aliases not expanded.
  std::size_t first_nodes = 0;
};

namespace yaml_documents_detail {

// Empty documents read after the first before giving up: yaml-cpp 0.7 reads
// endless empty ones after a stray ','.
inline constexpr std::size_t k_max_empty_documents = 16;

class DocumentCounter final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    last_start = mark;
    ++documents;
    has_content = false;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { node(); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    if (documents == 1 && !first_alias) {
      first_alias = mark;
    }
    content();
  }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {
    content();
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    content();
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    content();
  }
  void OnMapEnd() override {}

  YAML::Mark last_start = YAML::Mark::null_mark();
  std::size_t documents = 0;
  bool has_content = false;  // the current document holds more than a null
  std::optional<YAML::Mark> first_alias;
  std::size_t first_nodes = 0;

 private:
  void node() {
    if (documents == 1) {
      ++first_nodes;
    }
  }
  void content() {
    node();
    has_content = true;
  }
};

}  // namespace yaml_documents_detail

// The first document and whether another one with something in it follows
// (an empty one, such as a trailing "---", is no second document).
inline YamlDocuments load_yaml_documents(const std::string& text) {
  YamlDocuments out;
  std::istringstream in(text);
  YAML::Parser parser(in);
  yaml_documents_detail::DocumentCounter counter;
  if (!parser.HandleNextDocument(counter)) {
    return out;
  }
  out.first_alias = counter.first_alias;
  out.first_nodes = counter.first_nodes;
  for (std::size_t empty = 0; parser.HandleNextDocument(counter);) {
    if (counter.has_content || ++empty > yaml_documents_detail::k_max_empty_documents) {
      out.several = true;
      out.second_start = counter.last_start;
      break;
    }
  }
  out.first = YAML::Load(text);
  return out;
}

}  // namespace boostburn
