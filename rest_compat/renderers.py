"""JSON answers encoded by orjson, to the bytes DRF's JSONRenderer writes.

Encoding is a large share of a list's cost, and orjson takes a fraction of the standard
library's time. What orjson would spell differently (dates and times) it hands to DRF's own
encoder, and what it cannot encode (an integer beyond 64 bits, an indented answer) goes to DRF's
renderer. The one difference left is the spelling of numbers below 0.0001 (`0.00001` for
`1e-05`), the same value to every JSON reader.

The Express dialect's camelCase keys are spelled as djangorestframework-camel-case spells
them, each key worked out once: the library's `camelize` tries `iter()` on every value and
runs a regular expression on every key, which cost a list of 50 tracks more than its encoding.
"""

import functools
import re
from typing import Any

import orjson
from django.utils.encoding import force_str
from django.utils.functional import Promise
from djangorestframework_camel_case.render import CamelCaseJSONRenderer
from djangorestframework_camel_case.util import camelize_re, is_iterable, underscore_to_camel
from rest_framework.renderers import JSONRenderer

_OPTIONS = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)
# What DRF escapes so that the JSON is also valid JavaScript.
_LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


class FastJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        plain = (
            self.compact
            and not self.ensure_ascii
            and self.get_indent(accepted_media_type, renderer_context or {}) is None
        )
        if not plain:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            encoded = orjson.dumps(data, default=self.encoder_class().default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        for character, escaped in _LINE_SEPARATORS:
            if character in encoded:
                encoded = encoded.replace(character, escaped)
        return encoded


class FastCamelCaseJSONRenderer(CamelCaseJSONRenderer, FastJSONRenderer):
    """The Express dialect's camelCase keys, encoded by FastJSONRenderer."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        options = self.json_underscoreize
        if options.get("ignore_fields") or options.get("ignore_keys"):
            return super().render(data, accepted_media_type, renderer_context)
        return FastJSONRenderer.render(self, camelize(data), accepted_media_type, renderer_context)


# Values camelize returns as they are; checked by exact type (a str subclass may be lazy).
_LEAVES = frozenset({str, int, float, bool, type(None)})


def camelize(data: Any) -> Any:
    """djangorestframework_camel_case.util.camelize without ignored fields or keys: the same
    keys in the same order, every iterable but a string made a list, lazy strings forced."""
    if type(data) in _LEAVES:
        return data
    if isinstance(data, Promise):
        return force_str(data)
    if isinstance(data, dict):
        return {_camel_key(key): camelize(value) for key, value in data.items()}
    if is_iterable(data) and not isinstance(data, str):
        return [camelize(item) for item in data]
    return data


def _camel_key(key: Any) -> Any:
    if isinstance(key, Promise):
        key = force_str(key)
    if isinstance(key, str) and "_" in key:
        return _camel_case(key)
    return key


@functools.lru_cache(maxsize=4096)
def _camel_case(key: str) -> str:
    return re.sub(camelize_re, underscore_to_camel, key)
