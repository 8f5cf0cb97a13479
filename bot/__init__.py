"""calpass-bot: submit a district's CALPADS and test-vendor files to Cal-PASS Plus."""

__version__ = "0.1.0"
