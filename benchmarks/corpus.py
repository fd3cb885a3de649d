"""A deterministic benchmark corpus made from the Swedish example drafts in ``examples/``.

The drafts are cut into blocks (headings, paragraphs, list items); new documents are made by
drawing blocks, shuffling the sentences of paragraphs, and varying numbers, years and place
names, with a fixed seed. The same arguments always give the same bytes.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

PLACES = (
    "Stockholm",
    "Göteborg",
    "Malmö",
    "Uppsala",
    "Västerås",
    "Örebro",
    "Linköping",
    "Helsingborg",
    "Jönköping",
    "Norrköping",
    "Lund",
    "Umeå",
    "Gävle",
    "Borås",
    "Södertälje",
    "Eskilstuna",
    "Sundsvall",
    "Luleå",
    "Botkyrka",
    "Huddinge",
)
TYPES = ("policy", "program", "strategi", "plan", "handlingsplan", "riktlinje")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")
_NUMBER = re.compile(r"\d+")
_PLACE = re.compile(r"\b(" + "|".join(PLACES) + r")(s?)\b")


def _blocks() -> list[tuple[str, str]]:
    """(kind, text) of every block of the Swedish example drafts, in file order."""
    out: list[tuple[str, str]] = []
    for path in sorted(EXAMPLES.glob("utkast-*.md")):
        for chunk in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            chunk = chunk.strip()
            if not chunk or chunk.startswith("# "):
                continue
            if chunk.startswith("#"):
                out.append(("heading", chunk))
            elif chunk.startswith(("- ", "* ", "1. ")):
                out.append(("list", chunk))
            else:
                out.append(("paragraph", chunk))
    return out


def _vary(text: str, rng: random.Random) -> str:
    def number(m: re.Match[str]) -> str:
        digits = m.group(0)
        if len(digits) == 4 and digits.startswith(("19", "20")):
            return str(rng.randint(1995, 2035))
        low = 10 ** (len(digits) - 1) if len(digits) > 1 else 0
        return str(rng.randint(low, 10 ** len(digits) - 1))

    def place(m: re.Match[str]) -> str:
        return rng.choice(PLACES) + m.group(2)

    return _PLACE.sub(place, _NUMBER.sub(number, text))


def _paragraph(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    sentences = [s for line in lines for s in _SENTENCE.split(line.strip()) if s]
    rng.shuffle(sentences)
    # keep the drafts' habit of one sentence a line
    return "\n".join(sentences)


def document(words: int, seed: int) -> str:
    """A Markdown draft of about ``words`` words (never fewer)."""
    rng = random.Random(seed)
    blocks = _blocks()
    kind = rng.choice(TYPES)
    title = f"# {kind.capitalize()} för {rng.choice(PLACES)} {rng.randint(2000, 2030)} – förslag"
    parts = [title]
    count = len(title.split())
    i = rng.randrange(len(blocks))
    while count < words:
        kind_, text = blocks[i % len(blocks)]
        i += rng.choice((1, 1, 1, 2, 3, 7))
        if kind_ == "paragraph":
            text = _paragraph(text, rng)
        text = _vary(text, rng)
        parts.append(text)
        count += len(text.split())
    return "\n\n".join(parts) + "\n"


def word_count(text: str) -> int:
    return len(text.split())


def write_one_file(folder: Path, words: int, seed: int = 1) -> tuple[Path, int]:
    """One file of about ``words`` words in ``folder``; returns the path and its word count."""
    folder.mkdir(parents=True, exist_ok=True)
    text = document(words, seed)
    path = folder / f"draft-{words}.md"
    path.write_text(text, encoding="utf-8")
    return path, word_count(text)


def write_many_files(
    folder: Path, words: int, per_file: int = 1000, seed: int = 1
) -> tuple[Path, int, int]:
    """Files of about ``per_file`` words that together hold about ``words`` words; returns the
    folder, the number of files and the total word count."""
    folder.mkdir(parents=True, exist_ok=True)
    total, n = 0, 0
    while total < words:
        text = document(min(per_file, words - total), seed * 100_003 + n)
        (folder / f"draft-{n:05d}.md").write_text(text, encoding="utf-8")
        total += word_count(text)
        n += 1
    return folder, n, total
