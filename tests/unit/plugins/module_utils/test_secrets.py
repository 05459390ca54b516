"""The redactor: a secret is masked however a JSON encoder of the service's may have written it back."""

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.secrets import MASK, Redactor


def ascii_json(secret):
    return json.dumps(secret)[1:-1]


def upper_hex(secret):
    """Jackson and others: \\u00E9."""
    return re.sub(r"\\u([0-9a-f]{4})", lambda found: "\\u" + found.group(1).upper(), ascii_json(secret))


def escaped_slash(secret):
    return ascii_json(secret).replace("/", "\\/")


def html_safe(secret):
    """Gson's default: <, >, &, = and ' as \\u escapes."""
    return "".join("\\u%04x" % ord(char) if char in "<>&='" else char for char in ascii_json(secret))


def every_char(secret):
    """Every character as a \\u escape (UTF-16 units: a surrogate pair past the BMP)."""
    units = secret.encode("utf-16-be", "surrogatepass").hex()
    return "".join("\\u" + units[start : start + 4] for start in range(0, len(units), 4))


def twice(secret):
    """A JSON string inside a JSON string (a body quoted in an error message), re-encoded with upper-case hex."""
    inner = json.dumps(escaped_slash(secret))[1:-1]
    return re.sub(r"\\u([0-9a-f]{4})", lambda found: "\\u" + found.group(1).upper(), inner)


ENCODERS = (ascii_json, upper_hex, escaped_slash, html_safe, every_char, twice)
SECRETS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=6, max_size=32)


@settings(max_examples=300, deadline=None)
@given(secret=SECRETS, encoder=st.sampled_from(ENCODERS))
def test_a_secret_is_masked_in_every_json_writing(secret, encoder):
    written = encoder(secret)
    assert Redactor(secret)(written) == MASK, (secret, written)


def test_examples_of_what_re_encoding_services_write():
    redact = Redactor("pa/ss=\u00e9")
    for written in ("pa\\/ss=\\u00E9", "pa/ss\\u003d\\u00e9", "pa\\\\/ss=\\\\u00e9"):
        assert redact("x %s y" % written) == "x %s y" % MASK
    assert redact("pa/ss=e and other words") == "pa/ss=e and other words"  # not the secret: left alone
