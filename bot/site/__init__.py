"""Everything that knows the Cal-PASS Plus site: its words (words.py) and its pages (pages.py)."""
