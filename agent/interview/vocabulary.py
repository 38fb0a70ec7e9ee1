"""The words heads of CS type for each field, for numbers, skips and yeses."""

from __future__ import annotations

Phrase = tuple[str, ...]

# The figure a label names. "mrr" is read as a figure and turned into ARR.
ARR, MRR, ACV, CUSTOMERS, CS_TEAM = "arr", "mrr", "acv", "customers", "cs_team_size"
MONEY_FIGURES = frozenset({ARR, MRR, ACV})


def _phrases(*texts: str) -> tuple[Phrase, ...]:
    return tuple(tuple(text.split()) for text in texts)


def _words(text: str) -> list[str]:
    return text.split()


def _choices(text: str) -> list[str]:
    """Return the '|'-separated choices in text, whitespace tidied."""
    return [" ".join(choice.split()) for choice in text.split("|")]


_CS_AFTER = _phrases(
    "csms",
    "csm",
    "customer success managers",
    "customer success manager",
    "customer success people",
    "customer success reps",
    "success managers",
    "success manager",
    "cs people",
    "cs person",
    "cs reps",
    "cs rep",
    "cs folks",
    "cs managers",
    "cs manager",
    "cs staff",
    "cs team members",
    "cs team",
    "customer success team",
    "people in cs",
    "people in customer success",
    "people on the cs team",
    "people on cs",
    "people doing cs",
    "person cs team",
    "people cs team",
    "strong cs team",
    "person customer success team",
    "in cs",
    "on cs",
    "doing cs",
    "in customer success",
)

# Labels read right after a number: "$3M ARR", "120 logos", "2 CSMs".
AFTER_LABELS: tuple[tuple[Phrase, str], ...] = (
    *(
        (p, ACV)
        for p in _phrases(
            "acv",
            "average contract value",
            "annual contract value",
            "contract value",
            "per customer",
            "per account",
            "per client",
            "per logo",
            "a customer",
            "an account",
            "a client",
            "each",
            "apiece",
            "average deal size",
            "average deal",
            "deal size",
            "on average",
        )
    ),
    *(
        (p, MRR)
        for p in _phrases(
            "mrr", "monthly recurring revenue", "a month", "per month", "monthly"
        )
    ),
    *(
        (p, ARR)
        for p in _phrases(
            "arr",
            "annual recurring revenue",
            "recurring revenue",
            "revenue",
            "run rate",
            "run-rate",
        )
    ),
    *(
        (p, CUSTOMERS)
        for p in _phrases(
            "customers",
            "customer",
            "accounts",
            "account",
            "clients",
            "client",
            "logos",
            "logo",
            "companies",
            "organisations",
            "organizations",
            "orgs",
            "businesses",
            "brands",
            "tenants",
        )
    ),
    *((p, CS_TEAM) for p in _CS_AFTER),
)

# Labels read just before a number: "ARR is about $3M", "CS team of 2".
BEFORE_LABELS: tuple[tuple[Phrase, str], ...] = (
    *(
        (p, ACV)
        for p in _phrases(
            "acv",
            "average contract value",
            "annual contract value",
            "contract value",
            "average deal size",
            "deal size",
            "average deal",
        )
    ),
    *((p, MRR) for p in _phrases("mrr", "monthly recurring revenue")),
    *(
        (p, ARR)
        for p in _phrases(
            "arr", "annual recurring revenue", "revenue", "run rate", "run-rate"
        )
    ),
    *(
        (p, CUSTOMERS)
        for p in _phrases(
            "customers",
            "customer count",
            "number of customers",
            "accounts",
            "clients",
            "logos",
        )
    ),
    *(
        (p, CS_TEAM)
        for p in _phrases(
            "cs team",
            "cs team size",
            "customer success team",
            "customer success team size",
            "team size",
            "csms",
            "cs headcount",
            "csm count",
        )
    ),
)

# Words that may sit between a number and its label after it.
AFTER_FILLERS: tuple[Phrase, ...] = _phrases(
    "a year",
    "per year",
    "per annum",
    "a",
    "an",
    "the",
    "in",
    "of",
    "total",
    "paying",
    "paid",
    "active",
    "b2b",
    "enterprise",
    "smb",
    "live",
    "current",
    "existing",
    "happy",
    "named",
    "signed",
    "new",
    "full",
    "time",
    "full-time",
    "dedicated",
    "more",
    "additional",
    "extra",
    "usd",
    "dollars",
    "bucks",
    "annual",
    "annually",
    "yearly",
    "roughly",
    "or",
    "so",
)

# Words that may sit between a label and the number after it.
BEFORE_FILLERS = frozenset(
    _words(
        """is are was were of at about around roughly approximately approx nearly
    almost over under just currently now today right sits stands totals total
    we ve have has got s re it like maybe probably circa ca somewhere near
    close to north actually really only should be will closer more
    ~ : = - ( ' ’ – — usd"""
    )
)

# Spoken counts, read only next to a CS-team or customer label.
NUMBER_WORDS: tuple[tuple[Phrase, int], ...] = (
    *((p, 2) for p in _phrases("a couple of", "a couple", "couple of", "a pair of")),
    *((p, 0) for p in _phrases("no one", "nobody", "no", "zero")),
    *((p, 1) for p in _phrases("a single", "a", "an", "one", "single")),
    *(
        ((word,), value)
        for value, word in enumerate(
            _words(
                """two three four five six seven eight nine ten eleven twelve
            thirteen fourteen fifteen sixteen seventeen eighteen nineteen
            twenty"""
            ),
            start=2,
        )
    ),
)
ZERO_WORDS = frozenset({"no", "no one", "nobody", "zero"})

# A count right after these words is a movement ("lost 3 customers"), not
# how many there are, so it never sets the customer count.
FLOW_WORDS = frozenset(
    _words(
        """lost lose losing churned churn churning added adding signed signing won
    winning closed closing gained onboarded"""
    )
)

# Whole replies that mean "I don't know / skip this one".
UNKNOWN_REPLIES = frozenset(
    _choices(
        """skip | pass | next | later | n/a | na | not sure | unsure | not sure yet |
    don't know | dont know | do not know | no idea | idk | rather not say |
    prefer not to say | i'd rather not | rather not | not applicable | dunno |
    no clue | can't say | skip it | skip this | skip this one | skip for now |
    not now | no comment | ? | -"""
    )
)

# Whole replies that mean "none" or "zero".
ZERO_REPLIES = frozenset(
    _choices(
        """none | zero | 0 | no | nope | nothing | nil | nobody | no one | none yet |
    not yet | nobody yet | no one yet | none really | not really | no churn |
    no churn yet | none so far"""
    )
)

# Replies that accept the confirmation as it stands, alone or combined.
CONFIRM_PHRASES: tuple[str, ...] = tuple(
    sorted(
        _choices(
            """yes | y | yep | yeah | yup | ya | sure | ok | okay | k | correct |
        that's correct | thats correct | that is correct | all correct |
        that's right | thats right | that is right | right | exactly | confirm |
        confirmed | looks good | look good | looks right | looks correct |
        looks great | all good | all looks good | lgtm | go ahead | go | go for it |
        build it | build | build the playbook | build my playbook | do it |
        let's go | lets go | ship it | perfect | great | good | sounds good |
        sounds right | please | thanks | thank you | yes please | absolutely |
        affirmative | 👍 | ✅ | that's it | thats it | spot on | good to go | and |
        all set | that all looks right | all of it"""
        ),
        key=len,
        reverse=True,
    )
)
