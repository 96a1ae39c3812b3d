"""JSON answers encoded by orjson, to the bytes DRF's JSONRenderer writes.

Encoding is a large share of a list's cost, and orjson takes a fraction of the standard
library's time. What orjson would spell differently (dates and times) it hands to DRF's own
encoder, and what it cannot encode (an integer beyond 64 bits, an indented answer) goes to DRF's
renderer. The one difference left is the spelling of numbers below 0.0001 (`0.00001` for
`1e-05`), the same value to every JSON reader.
"""

import orjson
from djangorestframework_camel_case.render import CamelCaseJSONRenderer
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
