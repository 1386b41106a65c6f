// Text tables for people (the text report's totals and breakdowns), in one of
// two styles: plain (columns two spaces apart, for files, pipes and mail) or
// boxed (Unicode box-drawing lines, for a terminal). No colours or other
// escape codes in either. Cells must be printable UTF-8 (the caller sanitises
// names from the logs); widths count code points. Pure; never fails.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace boostburn {

enum class TableStyle { plain, boxed };

enum class Align { left, right };

struct TextTable {
  std::vector<Align> align;                    // one per column
  std::vector<std::string> header;             // empty: no header row
  std::vector<std::vector<std::string>> rows;  // each as wide as `align`
};

// Columns on screen of UTF-8 `text`: its code points (no East Asian wide or
// combining-character rules).
std::size_t display_width(std::string_view text);

// Appends `table` to `out`, every line indented by two spaces and ending in '\n'.
//   plain:  "  Region     Requests\n  us-east-1         4\n"
//   boxed:  "  ┌───────────┬──────────┐\n  │ Region    │ Requests │\n  ├───...┤\n"
//           "  │ us-east-1 │        4 │\n  └───────────┴──────────┘\n"
void append_table(std::string& out, const TextTable& table, TableStyle style);

}  // namespace boostburn
