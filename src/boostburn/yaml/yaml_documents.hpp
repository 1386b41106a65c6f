// Reads the documents of a YAML text without yaml-cpp's YAML::LoadAll.
//
// yaml-cpp 0.7's LoadAll never returns on some malformed input: once a
// document ends at a stray ',' (a text that starts with ',', or a ',' at the
// start of a line after a block), every further "document" is empty and
// consumes nothing, so LoadAll appends empty nodes until memory runs out.
// load_yaml_documents counts documents with a parser, stopping at the second,
// then reads the first with YAML::Load. Two parses, because yaml-cpp starts a
// new document wherever the first one's root node ends (a key indented less
// than the first, a line starting with '%', a second root value), "---" or
// not, which no scan of the text foresees; and only YAML::Load builds nodes
// that keep their source positions for error messages. (Running the two on
// two threads was no faster on average here: 2.5 or 4.5 ms for the bundled
// price file, by where the second thread landed.) Throws YAML::Exception,
// like YAML::Load. Only yaml_tree.cpp reads text this way now, for what
// libyaml refuses.
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
  bool several = false;     // the text holds a second document
  YAML::Mark second_start;  // where the second document starts (several)
  // Where the first document's first alias (*name) is, if it has one: a
  // loaded node does not show which of its nodes are aliases.
  std::optional<YAML::Mark> first_alias;
};

namespace yaml_documents_detail {

class DocumentCounter final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    last_start = mark;
    ++documents;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    if (documents == 1 && !first_alias) {
      first_alias = mark;
    }
  }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  YAML::Mark last_start = YAML::Mark::null_mark();
  std::size_t documents = 0;
  std::optional<YAML::Mark> first_alias;
};

}  // namespace yaml_documents_detail

inline YamlDocuments load_yaml_documents(const std::string& text) {
  YamlDocuments out;
  std::istringstream in(text);
  YAML::Parser parser(in);
  yaml_documents_detail::DocumentCounter counter;
  std::size_t count = 0;
  while (count < 2 && parser.HandleNextDocument(counter)) {
    ++count;
  }
  if (count == 0) {
    return out;
  }
  if (count == 2) {
    out.several = true;
    out.second_start = counter.last_start;
  }
  out.first_alias = counter.first_alias;
  out.first = YAML::Load(text);
  return out;
}

}  // namespace boostburn
