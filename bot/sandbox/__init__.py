"""The built-in sandbox site: `from bot.sandbox import Sandbox`, or `python -m bot.sandbox`."""

from bot.sandbox.server import DEMO_PASSWORD, DEMO_USERNAME, VARIANTS, Sandbox, Submission

__all__ = ["DEMO_PASSWORD", "DEMO_USERNAME", "VARIANTS", "Sandbox", "Submission"]
