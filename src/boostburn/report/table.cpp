#include "boostburn/report/table.hpp"

#include <algorithm>

#include "boostburn/util/text.hpp"

namespace boostburn {
namespace {

using Row = std::vector<std::string>;

// Widest cell of each column, header included.
std::vector<std::size_t> column_widths(const TextTable& table) {
  std::vector<std::size_t> widths(table.align.size(), 0);
  const auto measure = [&](const Row& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  };
  measure(table.header);
  std::for_each(table.rows.begin(), table.rows.end(), measure);
  return widths;
}

// `cell` padded with spaces to `width` columns on the side `align` leaves free.
void append_cell(std::string& out, std::string_view cell, std::size_t width, Align align) {
  const std::size_t padding = width - std::min(width, display_width(cell));
  if (align == Align::right) {
    out.append(padding, ' ');
  }
  out += cell;
  if (align == Align::left) {
    out.append(padding, ' ');
  }
}

class PlainLayout {
 public:
  explicit PlainLayout(const TextTable& table) : m_table(table), m_widths(column_widths(table)) {}

  void append(std::string& out) const {
    if (!m_table.header.empty()) {
      row(out, m_table.header);
    }
    for (const Row& each : m_table.rows) {
      row(out, each);
    }
  }

 private:
  // Two spaces between columns; a left-aligned last column is not padded, so
  // that no line ends in spaces.
  void row(std::string& out, const Row& cells) const {
    out += "  ";
    for (std::size_t i = 0; i < cells.size() && i < m_widths.size(); ++i) {
      if (i > 0) {
        out += "  ";
      }
      const bool last = i + 1 == cells.size();
      const Align align = m_table.align[i];
      append_cell(out, cells[i], last && align == Align::left ? 0 : m_widths[i], align);
    }
    out += '\n';
  }

  const TextTable& m_table;
  std::vector<std::size_t> m_widths;
};

class BoxedLayout {
 public:
  explicit BoxedLayout(const TextTable& table) : m_table(table), m_widths(column_widths(table)) {}

  void append(std::string& out) const {
    rule(out, "┌", "┬", "┐");
    if (!m_table.header.empty()) {
      row(out, m_table.header);
      rule(out, "├", "┼", "┤");
    }
    for (const Row& each : m_table.rows) {
      row(out, each);
    }
    rule(out, "└", "┴", "┘");
  }

 private:
  // A horizontal line: `left`, then each column's width plus its two margins
  // of '─', joined by `join`, then `right`.
  void rule(std::string& out, std::string_view left, std::string_view join,
            std::string_view right) const {
    out += "  ";
    out += left;
    for (std::size_t i = 0; i < m_widths.size(); ++i) {
      if (i > 0) {
        out += join;
      }
      for (std::size_t n = 0; n < m_widths[i] + 2; ++n) {
        out += "─";
      }
    }
    out += right;
    out += '\n';
  }

  void row(std::string& out, const Row& cells) const {
    out += "  │";
    for (std::size_t i = 0; i < m_widths.size(); ++i) {
      out += ' ';
      append_cell(out, i < cells.size() ? cells[i] : std::string_view(), m_widths[i],
                  m_table.align[i]);
      out += " │";
    }
    out += '\n';
  }

  const TextTable& m_table;
  std::vector<std::size_t> m_widths;
};

}  // namespace

std::size_t display_width(std::string_view text) {
  return utf8_length(text);
}

void append_table(std::string& out, const TextTable& table, TableStyle style) {
  if (style == TableStyle::boxed) {
    BoxedLayout(table).append(out);
  } else {
    PlainLayout(table).append(out);
  }
}

}  // namespace boostburn
