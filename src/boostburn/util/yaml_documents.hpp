// Reads the documents of a YAML text without yaml-cpp's YAML::LoadAll.
//
// yaml-cpp 0.7's LoadAll never returns on some malformed input: once a
// document ends at a stray ',' (a text that starts with ',', or a ',' at the
// start of a line after a block), every further "document" is empty and
// consumes nothing, so LoadAll appends empty nodes until memory runs out.
// load_yaml_documents reads the first document with YAML::Load and, when the
// text may hold another, looks for the second with a parser. Throws
// YAML::Exception, like YAML::Load (header-only: its users link yaml-cpp,
// util does not).
#pragma once

#include <cstddef>
#include <sstream>
#include <string>
#include <string_view>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace boostburn {

struct YamlDocuments {
  YAML::Node first;         // null when the text holds no document
  bool several = false;     // the text holds a second document
  YAML::Mark second_start;  // where the second document starts (several)
};

namespace yaml_documents_detail {

class DocumentCounter final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { last_start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  YAML::Mark last_start = YAML::Mark::null_mark();
};

}  // namespace yaml_documents_detail

// False when the text plainly holds one document at most, so that no parser
// need look for a second (a parse costs about as much as YAML::Load: 2.6 ms
// for the bundled price file). A second document needs a marker ("---" or
// "...") at the start of a line; one "---" before any content (blank,
// comment and directive lines only) opens the first. Conservative: a marker
// inside a quoted or block scalar also answers true, and the parser decides;
// so does a NUL byte, as in UTF-16 or UTF-32 text (which yaml-cpp decodes).
inline bool may_hold_several_documents(std::string_view text) {
  constexpr std::string_view k_byte_order_mark = "\xEF\xBB\xBF";
  if (text.find('\0') != std::string_view::npos) {
    return true;
  }
  bool content_seen = false;
  bool start_marker_seen = false;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find_first_of("\r\n", begin);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    if (line.starts_with(k_byte_order_mark)) {
      line.remove_prefix(k_byte_order_mark.size());
    }
    if (line.starts_with("---") || line.starts_with("...")) {
      if (content_seen || start_marker_seen || line.starts_with("...")) {
        return true;
      }
      start_marker_seen = true;
      content_seen = line.find_first_not_of(" \t", 3) != std::string_view::npos;
      continue;
    }
    const std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line[first] != '#' && line[0] != '%') {
      content_seen = true;
    }
  }
  return false;
}

inline YamlDocuments load_yaml_documents(const std::string& text) {
  YamlDocuments out;
  if (may_hold_several_documents(text)) {
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
  }
  out.first = YAML::Load(text);
  return out;
}

}  // namespace boostburn
