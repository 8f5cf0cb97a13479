"""What the site's answer to an upload means. Pure policy: no browser here.

A person reads "The file was not uploaded: it was already received" as a refusal even though it
holds two success words; so does this module. Negation and refusal beat success, mixed signals are
a doubt for the site's list to settle, and every word the site said is kept, with any submission
or confirmation number found in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.site.matching import any_word
from bot.site.words import SiteWords

# confirmed: the site said yes after the file left; refused: it said no (the file is not held);
# unknown: it may or may not hold the file; expired: log on again; unsent: no upload ever left
# the browser, so nothing can be held.
Verdict = Literal["confirmed", "refused", "unknown", "expired", "unsent"]

# Answers that may change if the upload is sent again, and answers that mean "log on again".
_TRANSIENT_STATUS = frozenset({408, 425, 429})
_EXPIRED_STATUS = frozenset({401, 419, 440})

# A message keeps this many characters: enough for any sentence a site shows, not a page.
MESSAGE_LIMIT = 2000

# Phrases that turn a success word around. Each was seen on a site, or is its plain variant.
_NEGATIONS = re.compile(
    r"""
    \b(?:not|never|n't)\s+(?:been\s+|be\s+|yet\s+)?(?:successfully\s+)?
        (?:uploaded|received|accepted|processed|submitted|saved|stored|successful)\b
  | \b(?:no|zero)\s+files?\s+(?:was\s+|were\s+|has\s+been\s+|have\s+been\s+)?(?:received|uploaded|accepted|found)\b
  | \bnothing\s+(?:was\s+|has\s+been\s+)?(?:received|uploaded|accepted)\b
  | \balready\s+(?:been\s+)?(?:received|uploaded|submitted|exists?)\b
  | \b(?:unsuccessful|unable\s+to|cannot|can\s*not|declined|duplicate)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "Received with 1,203 errors" is not a clean success; "with 0 errors" is.
_WITH_ERRORS = re.compile(r"\bwith\s+([\d,]+)\s+(?:errors?|problems?|rejected\s+records?)\b", re.IGNORECASE)

_REFERENCE = re.compile(
    r"""
    \b(?:submission|confirmation|reference|receipt|tracking|transaction|ticket)
    (?:\s+(?:id|number|no\.?|num|code))?\s*(?:is\s+|:\s*|\#\s*)?\#?\s*
    (?P<id>[A-Z0-9][A-Z0-9._/-]*[0-9][A-Z0-9._/-]*)
    """,
    re.IGNORECASE | re.VERBOSE,
)


def verdict_for_status(status: int | None) -> Verdict | None:
    """What an HTTP status alone says of an upload, where it says anything."""
    if status is None or status < 400:
        return None
    if status in _EXPIRED_STATUS:
        return "expired"
    if status in _TRANSIENT_STATUS or status >= 500:
        return "unknown"
    return "refused"


def says_errors(text: str) -> bool:
    return any(int(count.replace(",", "") or 0) > 0 for count in _WITH_ERRORS.findall(text))


def judge(text: str, words: SiteWords) -> Verdict | None:
    """What one message says of an upload, or None when it says nothing about it.

    Session words first, then "try again" words, then refusals (the site's error words, a negated
    success, "with N errors"), then success words. Only words decide, never the box they stand in:
    Bootstrap's green "alert alert-success" box carries role=alert as its red one does, so words the
    bot cannot place say nothing, and the site's list settles the file.
    """
    if any_word(words.session_expired_text).search(text):
        return "expired"
    if any_word(words.retry_text).search(text):
        return "unknown"
    if any_word(words.error_text).search(text) or _NEGATIONS.search(text) or says_errors(text):
        return "refused"
    if any_word(words.success_text).search(text):
        return "confirmed"
    return None


# Words of a page that would replace or remove what the site holds: never confirmed by the bot.
_REPLACING = re.compile(r"\b(?:replac\w*|overwrit\w*|already|duplicate|delet\w*|remov\w*|withdraw\w*)\b", re.IGNORECASE)


def holds_for_review(said: str, words: SiteWords) -> bool:
    """Whether the words after an upload say the site holds the file until it is confirmed ("not yet
    submitted... press Confirm Submission"), and nothing of replacing or removing what it holds: the
    district's call, never the bot's."""
    return bool(said.strip()) and bool(any_word(words.review_text).search(said)) and not _REPLACING.search(said)


def find_reference(texts: Sequence[str]) -> str | None:
    """The submission, confirmation or reference number the site gave, wherever it stands."""
    for text in texts:
        match = _REFERENCE.search(text)
        if match:
            return match["id"].rstrip("./-")
    return None


@dataclass(frozen=True)
class Message:
    """A block of text a person would read as a message, and whether it sits in a live region."""

    text: str
    live: bool = False
    # Where it starts, in pixels from the top of the window, when it was read.
    top: float | None = None


@dataclass(frozen=True)
class Answer:
    """The site's answer to one upload: the verdict, every word it said, and its number."""

    verdict: Verdict
    # The sentences the verdict rests on.
    message: str
    http_status: int | None = None
    reference: str | None = None
    # The site answered, but in words the bot cannot place: the config may need its words.
    silent: bool = False
    # Every new word on the page, classified or not, for the audit trail.
    said: str = ""
    # The confirmations the site asked for before sending, and how each was answered.
    asked: tuple[str, ...] = ()
    # Where in the window the words the verdict rests on start (the lowest of them), when known.
    shown_at: float | None = None
    # The first of the site's own sentences the verdict rests on, to find on the page for its picture;
    # empty when the verdict rests on no words of the site (a status, a silence).
    lead: str = ""
    # The site staged the file and did not send it: not sent, whatever the upload request did.
    staged: bool = False
    # The words name this file under another type or year: what they name instead ("SENR 2023-24").
    misplaced: str = ""
    # The words name this file, its type and its year: proof on their own.
    whole: bool = False


def joined(texts: Sequence[str]) -> str:
    """Every text once, a longer one replacing a shorter one it holds, cut at a sensible length."""
    kept: list[str] = []
    for text in texts:
        if any(text in k for k in kept):
            continue
        kept = [k for k in kept if k not in text] + [text]
    whole = " | ".join(kept)
    return whole if len(whole) <= MESSAGE_LIMIT else whole[: MESSAGE_LIMIT - 1] + "…"


def read_answer(fresh: Sequence[Message], status: int | None, words: SiteWords) -> Answer | None:
    """The answer in the messages that appeared after the upload left, or None while they say nothing.

    Every message is kept, classified or not. When the messages disagree (a "success" beside an
    "error"), the answer is unknown: the site's list settles it, never a guess.
    """
    ordered = sorted(fresh, key=lambda m: not m.live)
    judged_messages = [(m, v) for m in ordered if (v := judge(m.text, words)) is not None]
    judged = [(m.text, v) for m, v in judged_messages]
    tops = [m.top for m, _ in judged_messages]
    verdicts = {v for _, v in judged}
    if not verdicts:
        return None
    texts = [m.text for m in ordered]
    by_status = verdict_for_status(status)
    if by_status is not None:
        # The HTTP answer says more than words: a 5xx page saying "Error" may have kept the file,
        # and a 4xx page saying "Thank you" did not.
        verdict: Verdict = by_status
    elif "expired" in verdicts:
        verdict = "expired"
    elif "unknown" in verdicts or verdicts == {"confirmed", "refused"}:
        verdict = "unknown"
    else:
        (verdict,) = verdicts
    shown_at = None if None in tops else max(t for t in tops if t is not None)
    return Answer(
        verdict,
        joined([t for t, _ in judged]),
        status,
        find_reference(texts),
        said=joined(texts),
        shown_at=shown_at,
        lead=judged[0][0],
    )


def silent_answer(status: int | None, failures: Sequence[str], texts: Sequence[str]) -> Answer:
    """The answer when the page said nothing the bot could classify before the wait ended."""
    said = joined(texts)
    shown = f"; the page said: {said}" if said else ""
    reference = find_reference(texts)
    by_status = verdict_for_status(status)
    if by_status is not None:
        return Answer(by_status, f"the site answered HTTP {status}{shown}", status, reference, said=said)
    if failures:
        return Answer("unknown", f"the upload's connection failed: {failures[-1]}{shown}", status, reference, said=said)
    message = f"the site showed no message saying the file was received or refused{shown}"
    return Answer("unknown", message, status, reference, silent=True, said=said)
