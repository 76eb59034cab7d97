"""The phrase tables the detectors read: what an apology, a deflection or a sign-off looks like in a reply.

Regular expressions over whole phrases rather than sentiment lexicons or readability scores: a lexicon scores
"so sorry about the delay, that's frustrating" as negative and "not our problem, read the FAQ" as positive,
while a phrase either is in the reply or is not, and the scorecard can quote it. Each table is a tuple of
patterns compiled case-insensitively; extend a table here and every check that reads it follows.
"""

from __future__ import annotations

import re


def _compile(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


_I = r"(?:i|we)"
_I_HAVE = r"(?:i'?ve|i have|we'?ve|we have)(?: now| just| already)?"
_I_WILL = r"(?:i'?ll|i will|we'?ll|we will|let me|i'?m going to|we'?re going to)"

APOLOGY = _compile(
    r"\bsorry\b",
    r"\bapologi[sz](?:e|es|ed|ing)\b",
    r"\bapologies\b",
    r"\b(?:our|my) (?:fault|mistake)\b",
    rf"\b{_I} (?:got|messed) (?:it|this|that) (?:wrong|up)\b",
)
"""Saying sorry, or owning the mistake."""

SCRIPTED_EMPATHY = _compile(
    rf"\b{_I} (?:completely |totally |fully |do )?understand (?:how|your|that|why|the)\b",
    r"\bi can (?:only )?imagine\b",
    r"\bi hear you\b",
    r"\bthat must (?:be|have been)\b",
    rf"\b{_I} (?:value|appreciate) your (?:feedback|patience|concerns?)\b",
)
"""Stock empathy that neither apologises nor fixes anything (a QA failure mode when it stands alone)."""

_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?"
MONEY = re.compile(
    rf"(?:[£$€]\s?(?P<a>{_AMOUNT}))"
    rf"|(?:(?P<b>{_AMOUNT})\s?(?:gbp|usd|eur|pounds?|dollars?|euros?)\b)",
    re.IGNORECASE,
)
"""An amount of money offered: '£50', '$20', '30 GBP', '25 pounds', '£3,000' (thousands separated)."""

THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?")
"""An amount written with thousands separators ('3,000'), as opposed to a decimal comma ('12,50')."""

REMEDY = _compile(
    MONEY.pattern,
    r"\brefund(?:ed|ing|s)?\b",
    r"\bvouchers?\b",
    r"\bcredit(?:ed)?\b(?! card)",
    r"\bcompensat(?:e|ed|ion)\b",
    r"\bre-?book(?:ed|ing)?\b",
    r"\breplace(?:ment|d)?\b",
    r"\bwaiv(?:e|ed)\b",
    r"\bfree of charge\b",
    r"\bupgrad(?:e|ed)\b",
    r"\breimburs(?:e|ed|ement)\b",
    rf"\b{_I_HAVE} (?:booked|rebooked|moved|arranged|sent|confirmed|fixed|reset|added|issued|reissued|"
    r"cancelled|refunded|credited|upgraded|reserved|secured)\b",
    rf"\b{_I_WILL} (?:refund|replace|rebook|re-book|cover|arrange|book|fix|credit|reimburse)\b",
)
"""A concrete way of making it right: money, a rebooking, a replacement, something already done."""

PENDING = _compile(
    r"\b(?:i'?m|i am|we'?re|we are) (?:looking|checking|on it|finding out|chasing)\b",
    rf"\b{_I_WILL} (?:check|look|find out|get back|come back|investigate|chase|ask|update|call|e-?mail)\b",
    r"\bchecking (?:now|this|that|for you|with)\b",
    r"\blooking into\b",
    rf"\b{_I_HAVE} (?:passed|escalated|raised|asked|flagged|shared)\b",
)
"""Saying the answer is on its way: a check under way, a hand-over made, a promise to come back."""

HARD_DEFLECTION = _compile(
    r"\bcall\b[^.?!\n]{0,40}\b(?:during|in|within|between)\s+(?:our\s+|normal\s+|the\s+)*"
    r"(?:business|office|opening|working|normal)\s+hours\b",
    r"\b(?:phone\s+)?lines?\s+(?:are\s+|re-?)?open\b[^.?!\n]{0,30}\b(?:tomorrow|from\s+\d)",
    r"\b(?:call|ring|phone)\s+(?:us\s+)?(?:back\s+)?(?:tomorrow|in the morning|on monday)\b",
)
"""Sending the customer to a channel that is closed or to wait for office hours: never an answer."""

SOFT_DEFLECTION = _compile(
    r"\b(?:dm|pm|direct message|private message|message|inbox)\s+us\b",
    r"\bsend\s+us\s+a\s+(?:dm|pm|direct message|private message|message)\b",
    r"\b(?:e-?mail|contact|call|phone|ring)\s+us\b",
    r"\b(?:visit|check|see|go to)\s+our\s+"
    r"(?:website|site|help\s*(?:page|centre|center)|faqs?|contact\s+page|status\s+page)\b",
    r"\bcontact (?:page|form)\b",
)
"""Pointing elsewhere: fine beside an answer, a deflection when the reply says nothing else."""

PHONE = re.compile(r"(?<![\w@])\+?\(?\d[\d\s().-]{7,}\d(?!\w)")
"""Something dialable: at least nine digits with spaces, dots, dashes or brackets."""

PREMIUM_PHONE = re.compile(r"^(?:\+?44|0044|0)\s*\(?0?\)?\s*(?:84|87|9)")
"""UK premium and non-geographic numbers (084x, 087x, 09xx): dear to call, dearer from abroad."""

GENERIC_REPEAT = _compile(
    r"\b(?:can|could|would) you (?:please )?(?:tell|give|send|share|explain|describe|provide|let) (?:us|me) "
    r"(?:know )?(?:more|some|a bit more|what (?:happened|went wrong|the (?:problem|issue) is)|"
    r"(?:the |a few |some )?(?:more )?details?)\b",
    r"\bwhat (?:seems to be|is|was|exactly is) the (?:problem|issue|matter)\b",
    r"\bwhat (?:exactly )?(?:happened|went wrong)\s*\?",
    r"\b(?:please )?(?:explain|describe) (?:the|your) (?:problem|issue|situation)\b",
    r"\bmore (?:details|information|info)\b",
    rf"\bhow can {_I} help\b",
    r"\b(?:could|can) you (?:please )?repeat\b",
)
"""Asking a customer to say again what their post already says."""

REQUEST_CUE = re.compile(
    r"\?|\b(?:send|share|provide|give|tell|confirm|dm|pm|let us know|what'?s|what is|could you|can you|"
    r"please)\b",
    re.IGNORECASE,
)
"""What turns a sentence that names a detail into a request for it."""

CHANNEL_CUE = re.compile(
    r"\b(?:prefer|rather|would you like|like us to|shall (?:i|we)|should (?:i|we)|how would you|best|easiest|"
    r"suits? you|which)\b",
    re.IGNORECASE,
)
CHANNEL_WORD = re.compile(
    r"\b(?:e-?mail|phone|call|dm|direct message|private(?:ly| message)?|here|twitter|facebook|messenger|"
    r"in public)\b",
    re.IGNORECASE,
)
"""A question about which channel suits the customer needs a cue word and a channel in one sentence."""

THANKS = _compile(
    r"\bthank(?:s| you)?\b",
    r"\bmade our day\b",
    r"\b(?:so |really )?(?:glad|delighted|thrilled|happy) (?:to hear|you|it)\b",
    r"\bappreciate\b",
)
"""Gratitude."""

ABUSE = _compile(
    r"\b(?:idiot|idiotic|stupid|moron|morons|dumb|pathetic|loser|clown|imbecile)\b",
    r"\b(?:shut up|get lost|piss off)\b",
    r"\bf+u+c+k\w*|\bshit\w*|\bbullshit\b|\bcrap\b|\bwtf\b|\bstfu\b",
    r"\byour own fault\b",
)
"""Insults and profanity: fatal in a brand's reply, whatever the provocation."""

CARET_SIGN_OFF = re.compile(r"\^[A-Z]{2,3}\b")
DASH_SIGN_OFF = re.compile(r"(?:^|\s)[-–—~]\s*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]*)?\s*$")
"""Human sign-offs: '^SM' initials, or a dash and a name at the very end."""

SIGN_OFF_WINDOW = 40
"""How many characters at the end of a message a sign-off may sit in."""

CLOCK_HOURS = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|\b24/7\b", re.I
)
"""A stated time of day, or 24/7: what makes a notice say when the desk is staffed."""
