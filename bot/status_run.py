"""`calpass-bot status`: log on, open the File Submission page, and say what the site made of each
file of the manifest (bot.verdict_look). It sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bot.audit import RunSummary, now_iso
from bot.errors import Interrupted, SiteError
from bot.ledger import Ledger, held_run_folder
from bot.ports import RunRequest, SessionPort
from bot.session import open_session
from bot.submission import new_summary, records_for
from bot.transport import require_safe_transport
from bot.verdict_look import Verdicts


class StatusRun:
    """`calpass-bot status`: log on, open the File Submission page, and say what the site made of each
    file of the manifest. Sends nothing."""

    def __init__(self, request: RunRequest, wait_s: float = 0.0) -> None:
        self.request = request
        self.wait_s = wait_s
        self.summary = new_summary(request.config, request.credentials.username, request.manifest.district)
        self.summary.kind = "status"
        self.summary.files = records_for(request.files)
        self.ledger = Ledger(request.out_dir)
        # Held from here to the end of execute().
        self._held, self.folder = held_run_folder(self.ledger, request.out_dir, self.summary)

    def execute(self) -> RunSummary:
        request = self.request
        try:
            require_safe_transport(request.config.site.login_url)
            with self._session() as session:
                request.check_stop()
                session.open_login()
                session.log_on()
                form_url = session.reach_form(understand=False)
                site = request.site_key or self.summary.site
                verdicts = Verdicts(request, self.folder, site, request.credentials.username)
                verdicts.settle(
                    session, form_url, list(zip(request.files, self.summary.files, strict=True)), self.wait_s
                )
            for record in self.summary.files:
                if record.matched_row:
                    record.status = "already_submitted"
        except (SiteError, Interrupted) as exc:
            self.summary.error = str(exc)
            self.folder.event("stopped", outcome="error", detail=str(exc))
            raise
        finally:
            self.summary.finished_at = now_iso()
            try:
                self.folder.write()
            finally:
                self._held.close()
        return self.summary

    @contextmanager
    def _session(self) -> Iterator[SessionPort]:
        request = self.request
        if request.connect is not None:
            with request.connect(
                request.config, self.folder, request.credentials, request.interactive_login, request.recording
            ) as session:
                yield session
            return
        with open_session(
            request.config,
            self.folder,
            request.credentials,
            interactive=request.interactive_login,
            recording=request.recording,
        ) as browser_session:
            yield browser_session
