"""Data minimisation: the contact form never asks for a national identity number.

Singapore's PDPC advises organisations not to collect NRIC numbers (nor FIN, birth
certificate, work permit or passport numbers) unless a law requires it or the
identity must be established to a high degree; an enquiry needs neither. A field
whose label, name or help text asks for one is refused in the editor, and a test
checks the demo content in both languages.
"""

import re

NATIONAL_ID = re.compile(
    r"""
    \b(?:nric|fin|uin)\b
    | \bi\s*/?\s*c\s*(?:no|num|number)\b     # IC no, I/C number
    | \bidentity\s*(?:card|number|no)\b
    | \bnational\s*(?:id|identity|identification|registration)\b
    | \b(?:passport|work\s*permit|birth\s*cert(?:ificate)?)\s*(?:no|num|number)\b
    | \bkad\s*pengenalan\b
    | 身份证 | 身份證 | 证件号 | 證件號 | 护照号 | 護照號 | 准证号 | 準證號 | 出生证号
    """,
    re.IGNORECASE | re.VERBOSE,
)


def asks_for_national_id(text: str) -> bool:
    """True if `text` (a label, a clean name such as `nric_no`, a help text) asks
    for an identity number."""
    words = re.sub(r"[_\-.:]+", " ", text or "")
    return bool(NATIONAL_ID.search(words))
