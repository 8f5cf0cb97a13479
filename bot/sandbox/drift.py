"""Drift on demand: the sandbox's words and markup changed the way a redesigned site might change.

Each drift changes one thing the bot relies on, so tests can prove that the bot names what it
could not find, and that the config override its message names brings the run back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

DRIFTS: dict[str, str] = {
    "username-label": 'the user name box is labelled "Login ID"',
    "log-on-button": 'the Log On button reads "Sign On"',
    "upload-data": 'the Upload Data button reads "Submit Data"',
    "heading": 'the File Submission heading reads "Data Submission"',
    "file-type-label": 'the file type list is labelled "Data Type"',
    "year-label": 'the academic year list is labelled "Reporting Period"',
    "submit-button": 'the submit button reads "Transmit"',
    "file-input": "the form has no file input until its drop zone is clicked",
    "outcome-wording": 'the confirmation reads "Thank you. Reference CPP-..." with no success word',
    "no-history": "the File Submission page shows no list of earlier submissions",
    "confirm-box": 'pressing the submit button opens an in-page box "Are you sure? Once a file is uploaded..."',
    "native-confirm": "pressing the submit button asks the browser's own confirm() first",
    "delayed-upload": 'a notice "Preparing your file..." shows first, and the file is sent 1.5 s later',
    "receipt-heading": 'the answer is a "Submission Received" heading with the confirmation number below it',
    "inert-dropdown": "(dropdown design) a dropdown shows the choice but never sets the hidden list behind it",
    "paged-list": "the list of earlier submissions shows its newest 2 rows, with Next and Page 1 of N below it",
    "slow-list": "(lazylist design) the list of earlier submissions loads 60 s after the page shows, not 1.2 s",
    "validation": "each upload is Pending validation for 2 s, then Accepted, or Rejected with its reason and an "
    "Error report link (a record whose SSID is not ten digits)",
}


@dataclass(frozen=True)
class SiteText:
    username: str
    log_on: str
    upload_data: str
    heading: str
    file_type: str
    year: str
    submit: str
    # {id} and {filename} are filled in per submission.
    confirmation: str
    static_file_input: bool = True
    history: bool = True
    # What happens between pressing the submit button and the upload: "", "box" or "native".
    confirm: str = ""
    delay_ms: int = 0
    receipt_heading: bool = False
    inert_dropdown: bool = False
    # The list shows this many newest rows a page (0: all of them).
    page_rows: int = 0
    # Milliseconds the lazylist design's list takes to load once the page shows.
    list_delay_ms: int = 1200
    # Seconds an upload stays "Pending validation" before it is judged (0: no validation, "Received").
    validate_s: float = 0.0


DEFAULTS = {
    "classic": SiteText(
        username="Username",
        log_on="Log On",
        upload_data="Upload Data",
        heading="File Submission",
        file_type="File Type",
        year="Academic Year",
        submit="Upload",
        confirmation="Your file was received successfully. Submission ID: {id}",
    ),
    "loader": SiteText(
        username="Email Address",
        log_on="Sign In",
        upload_data="Upload Data",
        heading="File Submission",
        file_type="File type",
        year="School Year",
        submit="Submit File",
        confirmation="Upload successful: {filename} was received. Confirmation number {id}.",
    ),
}
# Bootstrap's "alert alert-success" box, in words no default knows: the list must settle it.
DEFAULTS["alertbox"] = replace(DEFAULTS["loader"], confirmation="Upload complete. Submission ID: {id}.")
DEFAULTS["nolist"] = replace(DEFAULTS["classic"], history=False)
DEFAULTS["renaming"] = replace(DEFAULTS["classic"], confirmation="Upload complete. Submission ID: {id}.")

_CHANGES: dict[str, dict[str, object]] = {
    "username-label": {"username": "Login ID"},
    "log-on-button": {"log_on": "Sign On"},
    "upload-data": {"upload_data": "Submit Data"},
    "heading": {"heading": "Data Submission"},
    "file-type-label": {"file_type": "Data Type"},
    "year-label": {"year": "Reporting Period"},
    "submit-button": {"submit": "Transmit"},
    "file-input": {"static_file_input": False},
    "outcome-wording": {"confirmation": "Thank you. Reference {id}."},
    "no-history": {"history": False},
    "confirm-box": {"confirm": "box"},
    "native-confirm": {"confirm": "native"},
    "delayed-upload": {"delay_ms": 1500},
    "receipt-heading": {"receipt_heading": True},
    "inert-dropdown": {"inert_dropdown": True},
    "paged-list": {"page_rows": 2},
    "slow-list": {"list_delay_ms": 60_000},
    "validation": {
        "validate_s": 2.0,
        "confirmation": "File received. Status: Pending validation. Submission ID: {id}",
    },
}


def site_text(variant: str, drifts: frozenset[str]) -> SiteText:
    unknown = sorted(drifts - set(DRIFTS))
    if unknown:
        raise ValueError(f"unknown drift {', '.join(unknown)}; choose from {', '.join(DRIFTS)}")
    # The designs built on a markup share its words.
    text = DEFAULTS.get(variant) or DEFAULTS["loader" if variant == "autoupload" else "classic"]
    for name in sorted(drifts):
        text = replace(text, **_CHANGES[name])  # type: ignore[arg-type]
    return text
