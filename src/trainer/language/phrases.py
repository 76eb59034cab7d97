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
    rf"|(?:(?P<b>{_AMOUNT})\s?(?:gbp|usd|eur|pounds?|dollars?|euros?|quid|bucks)\b)",
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

_TAKE_UP = (
    r"(?:check|look|find out|get back|come back|investigate|chase|ask|update|call|e-?mail|"
    r"pick (?:this|it|that) up|get (?:on ?to|on) (?:this|it|that)|sort (?:this|it|that)|take a look|"
    r"have a look|dig into|follow (?:this|it) up|come back to you|reply|write)"
)
PENDING = _compile(
    r"\b(?:i'?m|i am|we'?re|we are) (?:looking|checking|on it|on this|finding out|chasing|digging)\b",
    rf"\b{_I_WILL} (?:\w+ )?{_TAKE_UP}\b",
    r"\bchecking (?:now|this|that|for you|with)\b",
    r"\blooking into\b",
    rf"\b{_I_HAVE} (?:passed|escalated|raised|asked|flagged|shared)\b",
    r"\bfirst thing (?:tomorrow|in the morning|at \d)",
)
"""Saying the answer is on its way: a check under way, a hand-over made, a promise to pick it up later."""

HARD_DEFLECTION = _compile(
    r"\bcall\b[^.?!\n]{0,40}\b(?:during|in|within|between)\s+(?:our\s+|normal\s+|the\s+)*"
    r"(?:business|office|opening|working|normal)\s+hours\b",
    r"\b(?:phone\s+)?lines?\s+(?:are\s+|re-?)?open\b[^.?!\n]{0,30}\b(?:tomorrow|from\s+\d)",
    r"\b(?:call|ring|phone)\s+(?:us\s+)?(?:back\s+)?(?:tomorrow|in the morning|on monday)\b",
)
"""Sending the customer to a channel that is closed or to wait for office hours: never an answer."""

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
"""An e-mail address."""

URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+|\b[a-z0-9-]+\.(?:com|co\.uk|org|net|io|example)(?:/\S*)?", re.I)
"""A web address, with or without the scheme."""

_ELSEWHERE = (
    r"(?:website|web ?site|site|web ?page|page|help\s*(?:page|centre|center|desk)|faqs?|"
    r"contact\s+(?:page|us page)|status\s+page|online\s+form|form|portal|app|"
    r"support\s+(?:page|team|centre|center))"
)
SOFT_DEFLECTION = _compile(
    r"\b(?:dm|pm|direct message|private message|message|inbox|write to|drop)\s+us\b",
    r"\bsend\s+us\s+(?:a|an)\s+(?:dm|pm|direct message|private message|message|e-?mail|note|line)\b",
    r"\b(?:e-?mail|contact|call|phone|ring)\s+us\b",
    r"\b(?:get|be)\s+in\s+touch\b",
    r"\breach\s+out\s+to\b",
    rf"\b(?:visit|check|see|go to|head (?:over )?to|pop (?:over )?to|use|try|fill (?:in|out)|complete|"
    rf"submit|have a look at|look at)\s+(?:our|the)\s+(?:\w+\s+)?{_ELSEWHERE}\b",
    rf"\b(?:on|via|through)\s+(?:our|the)\s+(?:\w+\s+)?{_ELSEWHERE}\b",
    r"\bcontact (?:page|form)\b",
    r"\bfill (?:in|out) (?:a|the|this) \w*\s*form\b",
)
"""Pointing elsewhere: fine beside an answer, a deflection when the reply says nothing else. Any e-mail
address or web address the customer did not ask for points elsewhere too (see `detect.deflections`)."""

PREMIUM_PHONE = re.compile(r"^(?:\+?44|0044|0)\s*\(?0?\)?\s*(?:84|87|9)")
"""UK premium and non-geographic numbers (084x, 087x, 09xx): dear to call, dearer from abroad."""

_TELL = (
    r"(?:tell|give|send|share|explain|describe|provide|let|walk|run|talk|take|fill|go over|outline|clarify|"
    r"elaborate|expand|remind|recap|summari[sz]e|detail|write)"
)
_WHAT_HAPPENED = (
    r"(?:more|some|a bit more|a little more|everything|it (?:all )?again|again|what(?:'s| is| was)? "
    r"(?:happened|going on|gone wrong|went wrong|wrong|the (?:problem|issue|matter) (?:is|was))|"
    r"(?:the |your |a few |some )?(?:more )?(?:full )?(?:details?|story|problem|issue|situation|"
    r"circumstances|background|information|info)|(?:us|me) (?:through|in)\b|on that|on what)"
)
GENERIC_REPEAT = _compile(
    rf"\b(?:can|could|would|will) you (?:please |kindly |just )?{_TELL}\b(?: (?:us|me))?(?: know)?"
    rf"(?: (?:on|about|through|over|in on))? {_WHAT_HAPPENED}",
    rf"\bplease {_TELL}\b(?: (?:us|me))?(?: (?:on|about|through|over|in on))? {_WHAT_HAPPENED}",
    r"\bwhat (?:seems to be|is|was|exactly is) the (?:problem|issue|matter)\b",
    r"\bwhat(?:'s| is) (?:going on|wrong|up)\b[^.!\n]*\?",
    r"\bwhat (?:exactly )?(?:happened|went wrong)\s*\?",
    r"\b(?:please )?(?:explain|describe) (?:the|your) (?:problem|issue|situation)\b",
    r"\bmore (?:details|information|info)\b",
    r"\b(?:from|at) the (?:start|beginning)\b",
    rf"\bhow can {_I} help\b",
    r"\b(?:could|can) you (?:please )?repeat\b",
)
"""Asking a customer to say again what their post already says: a verb of telling with what happened."""

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

MIN_INITIALS, MAX_INITIALS = 2, 3
CARET_SIGN_OFF = re.compile(rf"\^[^\W\d_]{{{MIN_INITIALS},{MAX_INITIALS}}}\b")
DASH_SIGN_OFF = re.compile(r"(?:^|\s)[-–—~]\s*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]*)?\s*$")
"""Human sign-offs: '^SM' initials (letters of any script), or a dash and a name at the very end."""

SIGN_OFF_WINDOW = 40
"""How many characters at the end of a message a sign-off may sit in."""

CLOCK_HOURS = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|\b24/7\b", re.I
)
"""A stated time of day, or 24/7: what makes a notice say when the desk is staffed."""

HOURS_CUE = re.compile(
    r"\b(?:back|open|opens|reopen\w*|here|available|online|staffed|hours|until|till|return\w*|"
    r"answer\w*|repl(?:y|ies|ying)|respond\w*|around|on hand)\b",
    re.IGNORECASE,
)
"""Words that make a stated time the desk's hours ("we're back at 8am"), not a flight or a delivery time."""

DISMISSAL = _compile(
    r"\bnot (?:our|my|the company'?s) (?:problem|fault|responsibility|concern|issue|job|department)\b",
    r"\b(?:nothing|not much|little) (?:we|i) can do\b",
    r"\b(?:that'?s|that is|this is|it'?s|it is) (?:your|the courier'?s|their|his|her) "
    r"(?:problem|responsibility|issue|lookout|fault)\b",
    r"\b(?:nothing|not anything) to do with us\b",
    r"\btake it up with\b",
    r"\byou should(?:'ve| have) (?:read|checked|known|booked|called|looked)\b",
    r"\b(?:as|like) (?:we |i )?(?:already |clearly )?(?:said|stated|explained|mentioned)\b",
    r"\b(?:read|check) (?:the|our) (?:terms|small print|t&cs?)\b",
    r"\b(?:deal with it|get over it|calm down|too bad|tough luck|whatever)\b",
    r"\bwe (?:can'?t|cannot|won'?t) help (?:you|with that)\b",
)
"""Brushing the customer off: disowning the problem, blaming them, or closing the conversation."""

BRAND_FAILURE = _compile(
    r"\b(?:still|yet to|again|late|delayed|overdue|cancell?ed|broken|faulty|damaged|wrong|missing|lost|"
    r"never (?:came|arrived|got)|(?:hasn'?t|has not|haven'?t|didn'?t|did not|not) "
    r"(?:arrived|come|shown|turned up|worked|been (?:sent|shipped|delivered))|"
    r"charged (?:twice|me|double)|stuck|processing)\b",
)
"""A post that says the brand let the customer down (what makes an urgent post one to apologise for)."""

FUNCTION_WORDS = frozenset(
    (
        "the",
        "and",
        "for",
        "you",
        "your",
        "yours",
        "our",
        "ours",
        "we",
        "us",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "not",
        "but",
        "all",
        "any",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "this",
        "that",
        "these",
        "those",
        "with",
        "from",
        "into",
        "onto",
        "over",
        "about",
        "after",
        "again",
        "still",
        "just",
        "only",
        "also",
        "very",
        "really",
        "some",
        "more",
        "most",
        "much",
        "many",
        "here",
        "there",
        "their",
        "them",
        "they",
        "then",
        "than",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "how",
        "its",
        "it's",
        "i'm",
        "i've",
        "i'll",
        "we're",
        "we've",
        "we'll",
        "you're",
        "you've",
        "you'll",
        "don't",
        "can't",
        "won't",
        "didn't",
        "isn't",
        "wasn't",
        "hasn't",
        "haven't",
        "doesn't",
        "does",
        "did",
        "done",
        "get",
        "got",
        "make",
        "made",
        "like",
        "know",
        "time",
        "today",
        "now",
        "yet",
        "one",
        "two",
        "out",
        "off",
        "too",
        "well",
        "even",
        "ever",
        "thanks",
        "thank",
        "please",
        "hi",
        "hello",
        "hey",
        "yes",
        "yeah",
        "lol",
        "glad",
        "great",
        "good",
        "nice",
        "love",
        "lovely",
        "amazing",
        "brilliant",
        "awesome",
        "happy",
        "sorry",
        "help",
        "helped",
        "work",
        "worked",
        "works",
        "working",
        "sorted",
        "fixed",
        "day",
        "week",
        "going",
        "went",
        "come",
        "came",
        "back",
    )
)
"""Words any reply may share with any post: they show nothing about this customer."""
