"""Reading the site's answer as a person would: real sentences, both ways, with no browser."""

from __future__ import annotations

import pytest

from bot.schoolyear import SchoolYear
from bot.site.answer import (
    Answer,
    Message,
    find_reference,
    judge,
    read_answer,
    silent_answer,
    verdict_for_status,
)
from bot.site.history import HistoryRow, rows_for
from bot.site.words import SiteWords

WORDS = SiteWords()


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        # Seen on sites: refusals that hold success words.
        ("The file was not uploaded: a file named SENR.txt was already received. Contact support.", "refused"),
        ("No file was received.", "refused"),
        ("File received with 1,203 errors", "refused"),
        ("Your file could not be uploaded.", "refused"),
        ("Upload unsuccessful: the file is empty.", "refused"),
        ("Nothing was uploaded.", "refused"),
        ("SENR.txt has already been submitted for 2023-24.", "refused"),
        ("The file has not been received yet.", "refused"),
        ("Duplicate file: SENR.txt", "refused"),
        ("Error: the Academic Year field is required.", "refused"),
        # Plain confirmations.
        ("Your file was received successfully. Submission ID: CPP-2026-00001", "confirmed"),
        ("Upload successful: SENR.txt was received. Confirmation number CPP-2026-00003.", "confirmed"),
        ("File received with 0 errors", "confirmed"),
        ("Submission Received", "confirmed"),
        ("File uploaded successfully. ID 12", "confirmed"),
        # Doubts and expiry.
        ("An unexpected error occurred. Please try again.", "unknown"),
        ("The service is temporarily unavailable.", "unknown"),
        ("Your session has expired. Please log on again.", "expired"),
        # Not about the upload at all.
        ("Please choose a file.", None),
        ("Thank you. Reference CPP-2026-00001.", None),
        ("errors.txt", None),
    ],
)
def test_each_sentence_means_what_a_person_reads(sentence: str, verdict: str | None) -> None:
    assert judge(sentence, WORDS) == verdict


@pytest.mark.parametrize(
    "sentence",
    [
        # Bootstrap's "alert alert-success" box (role=alert), the case that was once called refused.
        "Upload complete. Submission ID: CPP-48001.",
        # A toast (toastr, Bootstrap's .toast) after a script-driven upload.
        "File queued for processing",
        # ASP.NET's validation summary, shown empty or with a notice after a good post.
        "Your changes have been saved.",
        "Quelque chose",
    ],
)
def test_words_the_bot_cannot_place_say_nothing_whatever_box_they_stand_in(sentence: str) -> None:
    # Only the site's list may settle such a file: never a refusal, never a confirmation.
    assert judge(sentence, WORDS) is None
    assert read_answer([Message(sentence, live=True)], 200, WORDS) is None


def _sandbox_success_texts() -> list[str]:
    """Every sentence the sandbox says when it keeps a file: its confirmations under every design
    and drift, and every line of its receipt pages."""
    import re
    from dataclasses import replace
    from pathlib import Path

    from bot.sandbox import drift

    texts = []
    for text in drift.DEFAULTS.values():
        for change in [{}, *drift._CHANGES.values()]:
            changed = replace(text, **change)  # type: ignore[arg-type]
            texts.append(changed.confirmation.format(id="CPP-2026-00001", filename="SENR.txt"))
    for receipt in (Path(drift.__file__).parent / "templates").glob("*/receipt.html"):
        page = re.sub(r"\{[%#].*?[%#]\}|<[^>]+>", "\n", receipt.read_text())
        page = re.sub(r"\{\{[^}]*\}\}", "CPP-2026-00001", page)
        texts += [line.strip() for line in page.splitlines() if line.strip()]
    return sorted(set(texts))


@pytest.mark.parametrize("sentence", _sandbox_success_texts())
def test_no_success_the_sandbox_shows_is_ever_judged_a_refusal(sentence: str) -> None:
    assert judge(sentence, WORDS) != "refused"


@pytest.mark.parametrize(
    ("texts", "reference"),
    [
        (["Submission Received", "Confirmation number: CPP-48213"], "CPP-48213"),
        (["Your file was received successfully. Submission ID: CPP-2026-00001"], "CPP-2026-00001"),
        (["Thank you. Reference CPP-2026-00001."], "CPP-2026-00001"),
        (["Receipt #A77-12"], "A77-12"),
        (["Upload 2 of 3 done"], None),
        (["Your submission was received."], None),
    ],
)
def test_the_sites_number_is_kept_wherever_it_stands(texts: list[str], reference: str | None) -> None:
    assert find_reference(texts) == reference


def test_a_receipt_keeps_its_heading_and_the_number_below_it() -> None:
    answer = read_answer(
        [Message("Submission Received"), Message("Confirmation number: CPP-48213"), Message("Submit another file")],
        200,
        WORDS,
    )
    assert answer == Answer(
        "confirmed",
        "Submission Received",
        200,
        "CPP-48213",
        said="Submission Received | Confirmation number: CPP-48213 | Submit another file",
        lead="Submission Received",
    )


def test_words_that_disagree_are_a_doubt_for_the_list_to_settle() -> None:
    answer = read_answer([Message("Upload successful"), Message("Error: virus scan failed")], 200, WORDS)
    assert answer is not None and answer.verdict == "unknown"


def test_the_http_answer_wins_over_the_words() -> None:
    thank_you = read_answer([Message("Thank you, your file was received")], 403, WORDS)
    assert thank_you is not None and thank_you.verdict == "refused"
    server_error = read_answer([Message("Error")], 503, WORDS)
    assert server_error is not None and server_error.verdict == "unknown"


def test_words_the_bot_cannot_place_are_no_answer_yet_but_are_kept() -> None:
    assert read_answer([Message("Thank you. Reference CPP-1.")], 200, WORDS) is None
    answer = silent_answer(200, [], ["Thank you. Reference CPP-2026-9."])
    assert answer.verdict == "unknown" and answer.silent
    assert answer.reference == "CPP-2026-9" and "Thank you" in answer.said


def test_a_dropped_connection_is_unknown_and_not_silent() -> None:
    answer = silent_answer(200, ["net::ERR_CONTENT_LENGTH_MISMATCH"], [])
    assert answer.verdict == "unknown" and not answer.silent
    assert "ERR_CONTENT_LENGTH_MISMATCH" in answer.message


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (200, None),
        (303, None),
        (400, "refused"),
        (413, "refused"),
        (401, "expired"),
        (429, "unknown"),
        (502, "unknown"),
    ],
)
def test_http_status_alone(status: int, verdict: str | None) -> None:
    assert verdict_for_status(status) == verdict


def test_a_long_page_is_kept_to_a_sensible_length() -> None:
    answer = read_answer([Message("Error " + "x" * 5000)], 200, WORDS)
    assert answer is not None and len(answer.message) <= 2000


def test_list_rows_match_by_name_and_by_size_where_the_list_shows_sizes() -> None:
    rows = [
        HistoryRow("CPP-1 SENR 2023-24 SENR.txt 50510 2026-01-01", sized=True, reference="CPP-1"),
        HistoryRow("CPP-2 SENR 2022-23 SENR.txt 150510 2025-01-01", sized=True, reference="CPP-2"),
        HistoryRow("CPP-3 SINF 2023-24 SINF.txt 50,510", sized=True),
        HistoryRow("No files submitted yet."),
    ]
    assert [r.reference for r in rows_for(rows, "SENR.txt", 50510)] == ["CPP-1"]
    assert len(rows_for(rows, "SINF.txt", 50510)) == 1
    unsized = [HistoryRow("SENR.txt uploaded 2026-01-01")]
    assert len(rows_for(unsized, "SENR.txt", 99)) == 1


def test_last_years_row_never_passes_for_this_years_file_of_the_same_name_and_size() -> None:
    # Seen in a 100-file benchmark: SELA.txt of 2023-24 and of 2016-17 had the same size, and the
    # end-of-run check called the first one sent twice. Before a run, the same mistake would have
    # called this year's file "already on the site" when only last year's was.
    rows = [
        HistoryRow("CPP-67 SELA 2016-17 SELA.txt 20,114 2026-11-29", sized=True, reference="CPP-67"),
        HistoryRow("CPP-4 SELA 2023-2024 SELA.txt 20,114 2026-11-29", sized=True, reference="CPP-4"),
    ]
    assert [r.reference for r in rows_for(rows, "SELA.txt", 20114, SchoolYear(2023))] == ["CPP-4"]
    assert rows_for(rows[:1], "SELA.txt", 20114, SchoolYear(2024)) == []
    # A list that shows no year at all cannot tell the years apart: the name and size decide.
    assert len(rows_for([HistoryRow("SELA.txt 20,114 bytes", sized=True)], "SELA.txt", 20114, SchoolYear(2023))) == 1


def test_an_element_that_cannot_be_clicked_says_what_covers_it() -> None:
    from bot.session import covered_by

    log = (
        "Locator.click: Timeout 30000ms exceeded.\nCall log:\n  - attempting click action\n"
        '    - <div role="dialog" class="cookie-wall">…</div> intercepts pointer events\n'
    )
    assert covered_by(Exception(log)) == '; something covers it: <div role="dialog" class="cookie-wall">…</div>'
    assert covered_by(Exception("Timeout 30000ms exceeded.")) == ""


def test_the_answer_says_where_in_the_window_its_words_start() -> None:
    # The result shot is the window itself when the words that decided are in it: no extra look.
    fresh = [
        Message("Submission CPP-9", top=180.0),
        Message("Your file was received successfully.", top=240.0),
        Message("Need help? Call us", top=1400.0),
    ]
    answer = read_answer(fresh, 200, WORDS)
    assert answer is not None and answer.verdict == "confirmed" and answer.shown_at == 240.0
    unplaced = read_answer([Message("Your file was received successfully.")], 200, WORDS)
    assert unplaced is not None and unplaced.shown_at is None


@pytest.mark.parametrize(
    ("said", "held"),
    [
        ("Review your submission. Your file has been uploaded but is not yet submitted.", True),
        ("Please review the details below and press Confirm Submission to complete your submission.", True),
        ("A file for 2023-24 was already received. Review it and press Confirm to replace it.", False),
        ("Review: confirming will overwrite the earlier file.", False),
        ("Your file was received successfully.", False),
    ],
)
def test_a_page_holding_the_file_for_review_is_told_from_one_that_would_replace(said: str, held: bool) -> None:
    from bot.site.answer import holds_for_review

    assert holds_for_review(said, WORDS) is held
