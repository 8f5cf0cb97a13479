"""The site's own words, the only thing the bot knows about its pages.

Each list is tried in order; the config's `words:` section replaces any list. The defaults come
from the site's published instructions ("Log On", "Upload Data", "File Submission") and from
what such forms usually say where the instructions are silent.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from bot.yamlmodels import StrictModel


def _words(*words: str) -> list[str]:
    return Field(default_factory=lambda: list(words), min_length=1)


class SiteWords(StrictModel):
    username_label: list[str] = _words("Username", "User Name", "User ID", "UserID", "Email", "Email Address")
    password_label: list[str] = _words("Password")
    log_on_button: list[str] = _words("Log On", "Log In", "Login", "Sign In")
    upload_data: list[str] = _words("Upload Data")
    file_submission_heading: list[str] = _words("File Submission")
    file_type_label: list[str] = _words("File Type")
    academic_year_label: list[str] = _words("Academic Year", "School Year")
    submit_button: list[str] = _words(
        "Upload",
        "Upload File",
        "Submit",
        "Submit File",
        "Submit Files",
        "Upload All",
        "Upload Files",
        "Submit All",
        "Send",
        "Send File",
        "Upload Now",
        "Start Upload",
    )
    accept_buttons: list[str] = _words("Continue", "Accept", "I Accept", "I Agree", "Agree", "Submit", "OK")
    open_form_button: list[str] = _words(
        "New Submission", "New Upload", "Upload a File", "Upload New File", "Add File", "Add a File", "Submit a File"
    )
    add_file_buttons: list[str] = _words(
        "Add a File", "Add File", "Add Files", "Add Another File", "Add Another", "Add a Row", "Add Row"
    )
    next_button: list[str] = _words("Next", "Continue", "Next Step", "Next >", "Continue >")
    browse_text: list[str] = _words("browse", "choose file", "choose files", "select file", "select files", "add file")
    success_text: list[str] = _words("success", "successful", "successfully", "received", "uploaded")
    error_text: list[str] = _words("error", "invalid", "rejected", "failed", "could not", "not allowed")
    retry_text: list[str] = _words(
        "try again", "temporarily unavailable", "timed out", "service unavailable", "too many requests"
    )
    session_expired_text: list[str] = _words(
        "session has expired", "session expired", "log on again", "log in again", "sign in again"
    )
    person_needed_text: list[str] = _words(
        "verification code",
        "one-time code",
        "authenticator",
        "two-factor",
        "multi-factor",
        "captcha",
        "not a robot",
        "security code",
    )
    login_error_text: list[str] = _words(
        "invalid", "incorrect", "failed", "locked", "not recognized", "wrong", "error", "could not"
    )
    ignore_controls: list[str] = _words(
        "search", "filter", "show", "sort", "sort by", "page", "page size", "per page", "entries", "language"
    )
    confirm_text: list[str] = _words(
        "are you sure", "confirm", "do you want to", "proceed", "continue", "submit", "upload", "cannot be withdrawn"
    )
    confirm_buttons: list[str] = _words("OK", "Yes", "Continue", "Confirm", "Submit", "Upload", "Proceed")
    review_text: list[str] = _words(
        "review", "not yet submitted", "not been submitted", "confirm your submission", "to complete your submission"
    )
    review_buttons: list[str] = _words(
        "Confirm Submission",
        "Confirm Upload",
        "Confirm",
        "Complete Submission",
        "Complete Upload",
        "Finalize Submission",
        "Finish",
    )
    staging_text: list[str] = _words(
        "staged", "staging", "pending upload", "draft", "drafts", "not yet submitted", "ready to submit"
    )
    submit_staged_buttons: list[str] = _words(
        "Submit", "Submit File", "Send", "Submit all staged", "Submit All Staged", "Submit Staged", "Submit All"
    )
    session_warning_text: list[str] = _words(
        "session will expire",
        "session is about to expire",
        "session expires in",
        "you will be signed out",
        "you will be logged out",
        "about to time out",
    )
    keep_session_buttons: list[str] = _words(
        "Stay signed in",
        "Stay logged in",
        "Keep me signed in",
        "Continue session",
        "Extend session",
        "Extend",
        "I'm still here",
    )
    dismiss_buttons: list[str] = _words("Close", "OK", "Dismiss", "Got it", "I understand", "Continue")
    banner_text: list[str] = _words("cookie", "cookies", "privacy", "consent")
    loading_text: list[str] = _words("Loading", "Please wait", "Retrieving", "Fetching")
    banner_accept: list[str] = _words("Accept", "Accept all", "Accept All Cookies", "I agree", "Agree", "OK", "Got it")
    file_type_options: dict[str, list[str]] = Field(
        default_factory=lambda: {"CALPASS": ["Cal-PASS", "CalPASS", "Legacy"]},
        description="Extra option texts to accept for a file type, beyond its code and official names.",
    )

    @field_validator("*", mode="after")
    @classmethod
    def _no_blank_words(cls, value: object) -> object:
        # An empty word would match every name: a check that passes on anything.
        lists = value.values() if isinstance(value, dict) else [value]
        for words in lists:
            if isinstance(words, list) and any(not str(w).strip() for w in words):
                raise ValueError("a word is empty; remove it or write the site's word")
        return value


# What each word list finds, in the words a coordinator reads in an error message.
ELEMENTS: dict[str, tuple[str, str]] = {
    "username_label": ("Log On", "user name box"),
    "password_label": ("Log On", "password box"),
    "log_on_button": ("Log On", "Log On button"),
    "upload_data": ("home", "Upload Data button"),
    "file_submission_heading": ("File Submission", "File Submission heading"),
    "file_type_label": ("File Submission", "file type list"),
    "academic_year_label": ("File Submission", "academic year list"),
    "submit_button": ("File Submission", "submit button"),
    "next_button": ("File Submission", "button to a form's next step"),
    "open_form_button": ("File Submission", "button that opens the upload form in a panel or dialog"),
    "add_file_buttons": ("File Submission", "button that adds a row for a file to a form that has none"),
    "accept_buttons": ("after log-on", "button that accepts the page"),
    "browse_text": ("File Submission", "file input or drop zone"),
    "form_controls": ("File Submission", "every other control of the form"),
}
