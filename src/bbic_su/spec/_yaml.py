r"""Strict YAML reading for spec data, plans and profiles.

>>> from bbic_su.spec._yaml import load_yaml_text
>>> load_yaml_text("code: no\nok: true\nwhen: 2024-03-01\n", "x.yaml")
{'code': 'no', 'ok': True, 'when': '2024-03-01'}

Differences from ``yaml.safe_load``, all chosen so that a reviewer sees in the
file exactly what the library reads:

* a duplicated key is an error, not "last one wins";
* only ``true`` and ``false`` are booleans (YAML 1.1 turns ``no``, ``on`` and
  ``off`` into booleans, which silently breaks codes and labels);
* dates stay strings; the reader that needs a date parses it explicitly;
* a key that is a list or mapping, an integer too long to convert or nesting
  too deep is a :class:`YamlError`, like any other malformed document.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from bbic_su.errors import BbicSuError

__all__ = ["YamlError", "load_yaml_text"]


class YamlError(BbicSuError, ValueError):
    """A YAML document cannot be read; the message names the file and line."""


if TYPE_CHECKING:  # the type checker sees the pure-Python loader, which libyaml's mirrors
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):
    """SafeLoader (libyaml when available) with duplicate keys rejected, YAML 1.2-like scalars."""


_DROPPED_TAGS = frozenset({"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"})
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"a key must be a plain value (line {mark.line + 1})", mark
            )
        if key in result:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {mark.line + 1})", mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_text(text: str, name: str) -> Any:
    """Parse one YAML document strictly.

    Args:
        text: The document.
        name: The file name used in error messages.

    Returns:
        The parsed document (``None`` for an empty document).

    Raises:
        YamlError: The text is not valid YAML or repeats a key.
    """
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(f"{name}:{where}: not valid YAML: {problem}") from None
    except ValueError:  # e.g. an integer of more than 4,300 digits
        raise YamlError(f"{name}: not valid YAML: a number is too long") from None
    except RecursionError:
        raise YamlError(f"{name}: not valid YAML: nested too deeply") from None
