"""Just enough of PHP's unserialize() to read Polylang's translation groups.

Polylang stores a post's translations as the description of a `post_translations`
term: a serialized array such as ``a:2:{s:2:"en";i:10;s:2:"zh";i:11;}``. Only
scalars and arrays are supported; objects (``O:``) are refused, never instantiated.
"""

import re

_INT = re.compile(rb"i:(-?\d+);")
_FLOAT = re.compile(rb"d:(-?[\d.eE+-]+|INF|-INF|NAN);")
_BOOL = re.compile(rb"b:([01]);")
_STRING = re.compile(rb's:(\d+):"')
_ARRAY = re.compile(rb"a:(\d+):\{")


def unserialize(text: str):
    """The value of a serialized PHP scalar or array (arrays become dicts)."""
    data = text.strip().encode("utf-8")
    value, end = _parse(data, 0)
    if end != len(data):
        raise ValueError("trailing data after the serialized value")
    return value


def _parse(data: bytes, pos: int):
    if data.startswith(b"N;", pos):
        return None, pos + 2
    for pattern, cast in ((_INT, int), (_FLOAT, float), (_BOOL, lambda v: v == b"1")):
        match = pattern.match(data, pos)
        if match:
            return cast(match.group(1)), match.end()
    match = _STRING.match(data, pos)
    if match:
        # The length counts bytes, not characters: slice the bytes.
        start = match.end()
        end = start + int(match.group(1))
        if data[end : end + 2] != b'";':
            raise ValueError("string length does not match")
        return data[start:end].decode("utf-8"), end + 2
    match = _ARRAY.match(data, pos)
    if match:
        result = {}
        pos = match.end()
        for _ in range(int(match.group(1))):
            key, pos = _parse(data, pos)
            if not isinstance(key, int | str):
                raise ValueError("array keys must be integers or strings")
            result[key], pos = _parse(data, pos)
        if data[pos : pos + 1] != b"}":
            raise ValueError("unterminated array")
        return result, pos + 1
    raise ValueError(f"unsupported serialized value at byte {pos}")
