"""Passphrases strong enough for a shared computer, and a proposal that is easy to write down.

Why a bound, and which: whoever copies a dossier or a hand-over file can guess its
passphrase offline, as fast as their hardware runs Argon2id at the cost stored in the file
(storage/crypto.py: 64 MiB, 3 passes, 4 lanes; about 0.1-0.3 s a guess on one 2-core PC).
All 10,000 four-digit PINs fall in under 15 minutes there. A determined attacker with a rack
of GPUs, held back by the 64 MiB per guess, might reach some 10^5 guesses a second. At the
bound of ``MIN_BITS`` = 44 bits (1.8 * 10^13 guesses) that is about 5.6 years for all of them,
2.8 years on average; on the resident's kind of PC many thousands of years.

The estimate is deliberately on the low side:
- zxcvbn (Dropbox's estimator) for anything typed: it knows common passwords, names, keyboard
  patterns, dates, repeats and English words;
- but zxcvbn does not know Dutch, so a phrase of ordinary words is also counted per word: a
  word from the shipped list (``woorden_nl.txt``) gives log2(len(list)) bits, any other word
  of letters at most ``WORD_BITS`` (a vocabulary of some 50,000 words); the lower of the two
  estimates counts.

A proposal is four words drawn with ``secrets`` from the shipped list of 2,775 common, easy
Dutch words: 4 * log2(2775) = 45.8 bits. The list was written for this app (no offensive,
religious or sad words; letters a-z only, 3-11 long), under the app's licence.
"""

from __future__ import annotations

import functools
import math
import re
import secrets
from pathlib import Path

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, Message

MIN_BITS = 44.0
PROPOSAL_WORDS = 4
WORD_BITS = math.log2(50_000)
_WORD_FILE = Path(__file__).with_name("woorden_nl.txt")
_SEPARATORS = re.compile(r"[\s\-_.,;:/+]+")
_SCORED_LENGTH = 100  # zxcvbn slows down on very long input; more length only adds strength

TOO_WEAK = Message(
    N_(
        "Dit wachtwoord is te makkelijk te raden. Een pincode van 4 cijfers of een kort woord "
        "vindt een computer in een paar minuten. Neem het voorstel van vier woorden (schrijf "
        "het op), of kies zelf een zin van minstens vier gewone woorden."
    )
)


@functools.cache
def word_list() -> tuple[str, ...]:
    words = _WORD_FILE.read_text(encoding="utf-8").split()
    return tuple(dict.fromkeys(w.strip().lower() for w in words if w.strip()))


def propose(words: int = PROPOSAL_WORDS) -> str:
    """Four ordinary Dutch words, chosen at random by the operating system's generator."""
    choices = word_list()
    return " ".join(secrets.choice(choices) for _ in range(words))


def _zxcvbn_bits(text: str) -> float:
    # A moment to import: only when a passphrase is checked.
    from zxcvbn import zxcvbn  # type: ignore[import-untyped]

    guesses = float(zxcvbn(text[:_SCORED_LENGTH])["guesses"])
    return math.log2(max(guesses, 1.0))


def estimate_bits(passphrase: str) -> float:
    """A low estimate of the passphrase's strength against offline guessing, in bits."""
    if not passphrase:
        return 0.0
    estimate = _zxcvbn_bits(passphrase)
    tokens = [t for t in _SEPARATORS.split(passphrase.strip().lower()) if t]
    if tokens and all(t.isalpha() for t in tokens):
        known = set(word_list())
        list_bits = math.log2(len(known))
        per_word = sum(list_bits if t in known else min(WORD_BITS, _zxcvbn_bits(t)) for t in tokens)
        estimate = min(estimate, per_word)
    return estimate


def is_strong(passphrase: str) -> bool:
    return estimate_bits(passphrase) >= MIN_BITS


def check_strong(passphrase: str) -> None:
    """UserError ``passphrase.too_weak`` when the passphrase falls short of MIN_BITS."""
    if not is_strong(passphrase):
        raise UserError("passphrase.too_weak", TOO_WEAK.message)
