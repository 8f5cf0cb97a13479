"""Regenerate the synthetic example files: python examples/generate.py"""

from pathlib import Path

from bot.samples import write_example_set
from bot.schoolyear import SchoolYear

if __name__ == "__main__":
    here = Path(__file__).parent
    for path in write_example_set(here, SchoolYear(2018)).values():
        print(path.relative_to(here))
