"""YAML for the eval suite: PyYAML (Debian python3-yaml) with every scalar kept as text.

Snapshots, regions configs and price files are read with no implicit typing, so
money never passes through a float and "111122223333" or "2026-11-30" stay what
they are. Only `null`/`~`/empty (-> None) and merge keys ("<<: *anchor") keep
their YAML meaning.
"""

from __future__ import annotations

import yaml

__all__ = ["YamlError", "loads", "load_file"]

YamlError = yaml.YAMLError

_KEEP = {"tag:yaml.org,2002:null", "tag:yaml.org,2002:merge"}


class _TextLoader(yaml.SafeLoader):
    """SafeLoader whose plain scalars are all strings (but null and merge keys)."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag in _KEEP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def loads(text: str):
    return yaml.load(text, Loader=_TextLoader)  # noqa: S506 - a SafeLoader subclass


def load_file(path):
    with open(path, encoding="utf-8") as handle:
        return loads(handle.read())
