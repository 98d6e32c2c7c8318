"""Where the tests find the project's files, wherever a test module sits under tests/."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
GOLDEN = TESTS / "golden"
DATA = TESTS / "data"
#: the real files sellers published (absent outside this workplace: tests skip)
REAL = REPO.parent / "shared" / "real_exports"
