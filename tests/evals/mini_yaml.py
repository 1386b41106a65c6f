"""A small YAML reader for the eval suite (Python 3.11 standard library only).

It reads the block-style YAML that Boostburn writes (snapshots) and that people
write by hand (regions configs, price files): block mappings and sequences
(indented or not under their key, compact "- key: value" items), plain,
single- and double-quoted scalars, literal/folded block scalars, comments and
small flow collections ("[]", "{}", "[a, b]", "{input: 1, output: 2}"), anchors ("&name") with
aliases ("*name") and merge keys ("<<: *name"), as hand-maintained price files use them.

Every scalar stays a string (so money never passes through a float and
"111122223333" stays what it is); `null`, `~` and an empty value become None.
Tags and complex ("? ") keys are rejected with YamlError, as is
anything else outside this subset: the suite would rather fail loudly than
compare against a value it misread.
"""

from __future__ import annotations

import re

__all__ = ["YamlError", "loads", "load_file"]


class YamlError(ValueError):
    pass


_NULLS = {"null", "Null", "NULL", "~"}


class _Line:
    __slots__ = ("number", "indent", "text")

    def __init__(self, number: int, indent: int, text: str) -> None:
        self.number = number  # 1-based, for messages
        self.indent = indent
        self.text = text      # without indentation, comments or trailing blanks


def load_file(path) -> object:
    with open(path, encoding="utf-8") as handle:
        return loads(handle.read())


def loads(text: str) -> object:
    parser = _Parser(text)
    return parser.parse_document()


def _strip_comment(text: str) -> str:
    """Drops a trailing '# comment' that is outside quotes."""
    quote = None
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if quote == '"' and c == "\\":
                i += 2
                continue
            if c == quote:
                if quote == "'" and i + 1 < len(text) and text[i + 1] == "'":
                    i += 2
                    continue
                quote = None
        elif c in "\"'" and (i == 0 or text[i - 1] in " \t[{,:-"):
            quote = c
        elif c == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
        i += 1
    return text.rstrip()


class _Parser:
    def __init__(self, text: str) -> None:
        self.raw = text.replace("\r\n", "\n").split("\n")
        self.lines: list[_Line] = []
        self.raw_index: list[int] = []  # lines[i] came from raw[raw_index[i]]
        for number, raw in enumerate(self.raw, start=1):
            if "\t" in raw[: len(raw) - len(raw.lstrip())]:
                raise YamlError(f"line {number}: tab in indentation")
            stripped = raw.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped in ("---", "...") or stripped.startswith("--- "):
                if stripped.startswith("--- ") and _strip_comment(stripped[4:]):
                    raise YamlError(f"line {number}: content after '---' is not supported")
                if self.lines and stripped == "---":
                    raise YamlError(f"line {number}: more than one document")
                continue
            if stripped.startswith("%"):
                continue  # directives (%YAML 1.2)
            indent = len(raw) - len(raw.lstrip(" "))
            self.lines.append(_Line(number, indent, _strip_comment(raw[indent:])))
            self.raw_index.append(number - 1)
        self.pos = 0
        self.anchors: dict[str, object] = {}

    # -- document ---------------------------------------------------------
    def parse_document(self) -> object:
        if not self.lines:
            return None
        value = self.parse_node(self.lines[0].indent)
        if self.pos != len(self.lines):
            line = self.lines[self.pos]
            raise YamlError(f"line {line.number}: unexpected content (bad indentation?)")
        return value

    def parse_node(self, indent: int) -> object:
        line = self.lines[self.pos]
        if line.indent != indent:
            raise YamlError(f"line {line.number}: bad indentation")
        if _is_seq_item(line.text):
            return self.parse_sequence(indent)
        if self.split_key(line) is not None:
            return self.parse_mapping(indent)
        # A lone scalar (possibly a flow collection or multi-line quoted string).
        self.pos += 1
        return self.parse_inline_value(line.text, line, indent - 1)

    # -- collections ------------------------------------------------------
    def parse_mapping(self, indent: int) -> dict:
        result: dict = {}
        explicit: set = set()  # keys written out (merged "<<" keys may be overridden)
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            if line.indent < indent:
                break
            if line.indent > indent:
                raise YamlError(f"line {line.number}: bad indentation")
            if _is_seq_item(line.text):
                break  # an indentless sequence belongs to the parent key
            split = self.split_key(line)
            if split is None:
                raise YamlError(f"line {line.number}: expected 'key: value'")
            key, rest = split
            if key in explicit:
                raise YamlError(f"line {line.number}: duplicate key {key!r}")
            self.pos += 1
            value = self.parse_value_after_key(rest, line, indent)
            if key == "<<":
                _merge(result, value, line.number)
            else:
                explicit.add(key)
                result[key] = value
        return result

    def parse_sequence(self, indent: int) -> list:
        result: list = []
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            if line.indent < indent:
                break
            if line.indent > indent:
                raise YamlError(f"line {line.number}: bad indentation")
            if not _is_seq_item(line.text):
                break
            rest = line.text[1:]
            content = rest.lstrip(" ")
            if not content:
                self.pos += 1
                result.append(self.parse_block_child(indent, line, allow_same_indent_seq=False))
                continue
            # "- item": re-read the item as if it started at its own column.
            column = indent + 1 + (len(rest) - len(content))
            self.lines[self.pos] = _Line(line.number, column, content)
            if _is_seq_item(content) or self.split_key(self.lines[self.pos]) is not None:
                result.append(self.parse_node(column))
            else:
                self.pos += 1
                result.append(self.parse_value_text(content, line, indent, allow_same_indent_seq=False))
        return result

    def parse_value_after_key(self, rest: str, line: _Line, indent: int) -> object:
        if not rest:
            return self.parse_block_child(indent, line, allow_same_indent_seq=True)
        return self.parse_value_text(rest, line, indent, allow_same_indent_seq=True)

    def parse_value_text(self, text: str, line: _Line, indent: int, allow_same_indent_seq: bool) -> object:
        """A value written after 'key:' or '- ': an anchor, an alias, or an inline value."""
        if text.startswith("&"):
            name, _, rest = text[1:].partition(" ")
            rest = rest.strip()
            if not name:
                raise YamlError(f"line {line.number}: empty anchor name")
            if rest:
                value = self.parse_value_text(rest, line, indent, allow_same_indent_seq)
            else:
                value = self.parse_block_child(indent, line, allow_same_indent_seq)
            self.anchors[name] = value
            return value
        if text.startswith("*"):
            return self.alias(text[1:], line.number)
        return self.parse_inline_value(text, line, indent)

    def alias(self, name: str, number: int) -> object:
        if name not in self.anchors:
            raise YamlError(f"line {number}: unknown alias *{name}")
        return self.anchors[name]

    def parse_block_child(self, indent: int, line: _Line, allow_same_indent_seq: bool) -> object:
        if self.pos >= len(self.lines):
            return None
        nxt = self.lines[self.pos]
        if nxt.indent > indent:
            return self.parse_node(nxt.indent)
        if allow_same_indent_seq and nxt.indent == indent and _is_seq_item(nxt.text):
            return self.parse_sequence(indent)
        return None

    # -- scalars ------------------------------------------------------------
    def parse_inline_value(self, text: str, line: _Line, indent: int) -> object:
        if text[0] in "&*!":
            raise YamlError(f"line {line.number}: tags (and anchors here) are not supported")
        if text[0] in "|>":
            return self.parse_block_scalar(text, line, indent)
        if text[0] in "[{":
            # A flow collection may continue on the following (more indented) lines.
            while not _flow_balanced(text) and self.pos < len(self.lines):
                text += " " + self.lines[self.pos].text
                self.pos += 1
            value, end = _parse_flow(text, 0, line.number, self)
            if text[end:].strip():
                raise YamlError(f"line {line.number}: unexpected text after flow collection")
            return value
        if text[0] in "\"'":
            # A quoted scalar may continue on following lines.
            while _quoted_end(text) is None and self.pos < len(self.lines):
                raw = self.raw[self.raw_index[self.pos]].strip()
                text += " " + raw
                self.pos += 1
            end = _quoted_end(text)
            if end is None:
                raise YamlError(f"line {line.number}: unterminated quoted scalar")
            if text[end:].strip():
                raise YamlError(f"line {line.number}: unexpected text after quoted scalar")
            return _unquote(text[:end], line.number)
        # Plain scalar, possibly continued on more-indented lines (folded with spaces).
        parts = [text]
        while (self.pos < len(self.lines) and self.lines[self.pos].indent > indent
               and not _is_seq_item(self.lines[self.pos].text)
               and self.split_key(self.lines[self.pos]) is None):
            parts.append(self.lines[self.pos].text)
            self.pos += 1
        value = " ".join(parts)
        return None if value in _NULLS else value

    def parse_block_scalar(self, header: str, line: _Line, indent: int) -> str:
        m = re.fullmatch(r"([|>])([+-]?)(\d?)([+-]?)", header)
        if not m:
            raise YamlError(f"line {line.number}: bad block scalar header {header!r}")
        style = m.group(1)
        chomp = m.group(2) or m.group(4)
        start_raw = self.raw_index[self.pos - 1] + 1
        # Collect raw lines more indented than the parent (blank lines included).
        body: list[str] = []
        raw_i = start_raw
        block_indent = None
        while raw_i < len(self.raw):
            raw = self.raw[raw_i]
            if raw.strip():
                ind = len(raw) - len(raw.lstrip(" "))
                if ind <= indent:
                    break
                if block_indent is None:
                    block_indent = int(m.group(3)) + indent if m.group(3) else ind
                body.append(raw[block_indent:] if ind >= block_indent else raw.lstrip(" "))
            else:
                body.append("")
            raw_i += 1
        # Skip the parsed lines that came from those raw lines.
        while self.pos < len(self.lines) and self.raw_index[self.pos] < raw_i:
            self.pos += 1
        while body and body[-1] == "" and chomp != "+":
            body.pop()
        if style == "|":
            text = "\n".join(body)
        else:
            text = ""
            for i, part in enumerate(body):
                if i == 0:
                    text = part
                elif part == "" or body[i - 1] == "":
                    text += "\n" + part if part else ""
                else:
                    text += " " + part
        if chomp != "-" and body:
            text += "\n"
        return text

    def split_key(self, line: _Line):
        """Returns (key, rest) when the line is 'key: value' / 'key:', else None."""
        text = line.text
        if text.startswith("? "):
            raise YamlError(f"line {line.number}: complex keys are not supported")
        if text[0] in "\"'":
            end = _quoted_end(text)
            if end is None:
                return None
            after = text[end:]
            if after == ":" or after.startswith(": "):
                return _unquote(text[:end], line.number), after[1:].strip()
            return None
        if text[0] in "[{":
            return None
        i = 0
        while i < len(text):
            if text[i] == ":" and (i + 1 == len(text) or text[i + 1] in " \t"):
                key = text[:i].rstrip()
                if not key:
                    return None
                return key, text[i + 1:].strip()
            i += 1
        return None


def _is_seq_item(text: str) -> bool:
    return text == "-" or text.startswith("- ")


def _quoted_end(text: str):
    """Index just past the closing quote of the quoted scalar at text[0], or None."""
    quote = text[0]
    i = 1
    while i < len(text):
        c = text[i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if c == quote:
            if quote == "'" and i + 1 < len(text) and text[i + 1] == "'":
                i += 2
                continue
            return i + 1
        i += 1
    return None


_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
            "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def _unquote(token: str, number: int) -> str:
    quote, body = token[0], token[1:-1]
    if quote == "'":
        return body.replace("''", "'")
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        if i + 1 >= len(body):
            raise YamlError(f"line {number}: dangling escape")
        e = body[i + 1]
        if e in _ESCAPES:
            out.append(_ESCAPES[e])
            i += 2
        elif e in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[e]
            digits = body[i + 2:i + 2 + width]
            if len(digits) != width or not re.fullmatch(r"[0-9a-fA-F]+", digits):
                raise YamlError(f"line {number}: bad escape \\{e}{digits}")
            out.append(chr(int(digits, 16)))
            i += 2 + width
        else:
            raise YamlError(f"line {number}: unknown escape \\{e}")
    return "".join(out)


def _flow_balanced(text: str) -> bool:
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            end = _quoted_end(text[i:])
            if end is None:
                return False
            i += end
            continue
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        i += 1
    return depth <= 0


def _parse_flow(text: str, i: int, number: int, parser: "_Parser"):
    """Parses a flow value starting at text[i]; returns (value, index after it)."""
    i = _skip_ws(text, i)
    if i >= len(text):
        raise YamlError(f"line {number}: unexpected end of flow collection")
    c = text[i]
    if c == "&":
        end = i + 1
        while end < len(text) and text[end] not in " ,]}":
            end += 1
        value, after = _parse_flow(text, end, number, parser)
        parser.anchors[text[i + 1:end]] = value
        return value, after
    if c == "*":
        end = i + 1
        while end < len(text) and text[end] not in " ,]}":
            end += 1
        return parser.alias(text[i + 1:end], number), end
    if c == "[":
        items = []
        i = _skip_ws(text, i + 1)
        if i < len(text) and text[i] == "]":
            return items, i + 1
        while True:
            value, i = _parse_flow(text, i, number, parser)
            items.append(value)
            i = _skip_ws(text, i)
            if i < len(text) and text[i] == ",":
                i = _skip_ws(text, i + 1)
                if i < len(text) and text[i] == "]":
                    return items, i + 1
                continue
            if i < len(text) and text[i] == "]":
                return items, i + 1
            raise YamlError(f"line {number}: expected ',' or ']' in flow sequence")
    if c == "{":
        mapping: dict = {}
        explicit: set = set()
        i = _skip_ws(text, i + 1)
        if i < len(text) and text[i] == "}":
            return mapping, i + 1
        while True:
            key, i = _parse_flow_scalar(text, i, number, is_key=True)
            i = _skip_ws(text, i)
            if i >= len(text) or text[i] != ":":
                raise YamlError(f"line {number}: expected ':' in flow mapping")
            value, i = _parse_flow(text, i + 1, number, parser)
            if key in explicit:
                raise YamlError(f"line {number}: duplicate key {key!r}")
            if key == "<<":
                _merge(mapping, value, number)
            else:
                explicit.add(key)
                mapping[key] = value
            i = _skip_ws(text, i)
            if i < len(text) and text[i] == ",":
                i = _skip_ws(text, i + 1)
                if i < len(text) and text[i] == "}":
                    return mapping, i + 1
                continue
            if i < len(text) and text[i] == "}":
                return mapping, i + 1
            raise YamlError(f"line {number}: expected ',' or '}}' in flow mapping")
    return _parse_flow_scalar(text, i, number, is_key=False)


def _parse_flow_scalar(text: str, i: int, number: int, is_key: bool):
    i = _skip_ws(text, i)
    if i < len(text) and text[i] in "\"'":
        end = _quoted_end(text[i:])
        if end is None:
            raise YamlError(f"line {number}: unterminated quoted scalar")
        return _unquote(text[i:i + end], number), i + end
    if i < len(text) and text[i] == "!":
        raise YamlError(f"line {number}: tags are not supported")
    start = i
    while i < len(text):
        c = text[i]
        if c in ",]}":
            break
        if c == ":" and (i + 1 == len(text) or text[i + 1] in " ,]}") :
            if is_key:
                break
            break
        i += 1
    value = text[start:i].strip()
    if is_key:
        return value, i
    return (None if value in _NULLS or value == "" else value), i


def _merge(mapping: dict, value, number: int) -> None:
    """'<<: *a' or '<<: [*a, *b]': keys the mapping does not set itself come from the aliases."""
    sources = value if isinstance(value, list) else [value]
    for source in sources:
        if not isinstance(source, dict):
            raise YamlError(f"line {number}: '<<' needs a mapping")
        for k, v in source.items():
            mapping.setdefault(k, v)


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i
