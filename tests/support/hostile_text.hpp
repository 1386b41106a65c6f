// Hostile YAML and JSON texts for the readers' tests: deep nesting, alias
// bombs, oversized files. Each reader must refuse them with a clear error,
// quickly, without a crash.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace boostburn::testing {

inline std::string repeated(const std::string& piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

// "Billion laughs": ten levels of nine aliases each, under the given keys.
inline std::string yaml_alias_bomb(const std::vector<std::string>& keys_using_it) {
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  char previous = 'a';
  for (char name = 'b'; name <= 'j'; ++name) {
    text += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 9; ++i) {
      text += std::string(i == 0 ? "*" : ", *") + previous;
    }
    text += "]\n";
    previous = name;
  }
  for (const std::string& key : keys_using_it) {
    text += key + ": *j\n";
  }
  return text;
}

struct HostileText {
  std::string name;
  std::string text;
};

// YAML texts no reader may choke on.
inline std::vector<HostileText> hostile_yaml() {
  return {
      {"100k open brackets", repeated("[", 100000)},
      {"100k balanced brackets", repeated("[", 100000) + repeated("]", 100000)},
      {"100k nested mappings", repeated("{a: ", 100000)},
      {"50k compact sequences", repeated("- ", 50000) + "x\n"},
      {"a list, not a mapping", "- a\n- b\n"},
      {"a scalar", "just text\n"},
      // yaml-cpp 0.7's LoadAll appends empty documents forever after a stray ','.
      {"a leading comma", ",a\n"},
      {"a comma after a document", "a: 1\n---\n, b\n"},
      {"17 MiB of comments", repeated("# " + std::string(1022, 'x') + "\n", 17 * 1024)},
  };
}

}  // namespace boostburn::testing
