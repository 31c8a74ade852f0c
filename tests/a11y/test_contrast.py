"""Contrast computed from the colours in resources/style.qss (WCAG 2.1 relative luminance):
text at least 4.5:1 on its background, the focus indicator at least 3:1 against both its
neighbours (the widget inside it and the window around it) and drawn as a border (padding
keeps it off the letters), selected items at least 4.5:1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STYLE = Path(__file__).resolve().parents[2] / "resources" / "style.qss"
WINDOW = "#efefef"  # Qt's Fusion window colour: the style sheet sets no window background
WHITE = "#ffffff"
FOCUSABLE = ("QPushButton", "QLineEdit", "QPlainTextEdit", "QComboBox", "QListWidget",
             "QCheckBox", "QRadioButton")  # fmt: skip


def rules() -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) for every selector of every rule, comments left out."""
    text = re.sub(r"/\*.*?\*/", "", STYLE.read_text(encoding="utf-8"), flags=re.S)
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        declarations = {}
        for part in body.split(";"):
            if ":" in part:
                name, value = part.split(":", 1)
                declarations[name.strip()] = value.strip()
        for selector in selectors.split(","):
            found.append((selector.strip(), declarations))
    return found


def colour(value: str) -> str | None:
    match = re.search(r"#[0-9a-fA-F]{6}\b", value)
    return match.group(0).lower() if match else None


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_gives_the_known_figures() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffbf47", "#ffffff") == pytest.approx(1.64, abs=0.01)  # the old ring
    assert contrast("#ffffff", "#308cc6") == pytest.approx(3.69, abs=0.01)  # Fusion selection


def test_text_is_readable_on_its_background() -> None:
    default_text = colour(dict(rules())["QWidget"]["color"])
    assert default_text is not None
    checked = 0
    for selector, declarations in rules():
        if ":disabled" in selector:
            continue  # WCAG 1.4.3 exempts inactive controls (they are still 4.5:1 on grey)
        text = colour(declarations.get("color", "")) or default_text
        background = colour(declarations.get("background", ""))
        grounds = [background] if background else [WHITE, WINDOW]
        for ground in grounds:
            assert contrast(text, ground) >= 4.5, (selector, text, ground)
            checked += 1
    assert checked > 10


def focus_rules() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for selector, declarations in rules():
        if selector.endswith(":focus"):
            found.setdefault(selector.removesuffix(":focus"), {}).update(declarations)
    return found


def base_background(widget: str) -> str:
    for selector, declarations in rules():
        if selector == widget and colour(declarations.get("background", "")):
            return colour(declarations["background"]) or WINDOW
    return WINDOW


def test_the_focus_ring_stands_out_from_both_neighbours_and_leaves_the_letters_free() -> None:
    rings = focus_rules()
    for widget in FOCUSABLE:
        assert widget in rings, f"{widget} has no focus style"
        style = rings[widget]
        assert style.get("outline", "none") == "none", (widget, "an outline is drawn over text")
        ring = colour(style.get("border", ""))
        assert ring is not None, (widget, style)
        inside = colour(style.get("background", "")) or base_background(widget)
        for neighbour in (inside, WINDOW, WHITE):
            assert contrast(ring, neighbour) >= 3.0, (widget, ring, neighbour)
        width = re.search(r"(\d+)px", style["border"])
        assert width and int(width.group(1)) >= 2, (widget, "a ring of at least 2 px")
        text = colour(style.get("color", "")) or colour(dict(rules())["QWidget"]["color"])
        assert text is not None and contrast(text, inside) >= 4.5, (widget, text, inside)


def test_selected_items_are_readable() -> None:
    everything = dict(rules())["QWidget"]
    pairs = [(everything["selection-color"], everything["selection-background-color"])]
    for selector, declarations in rules():
        if selector.endswith(":selected"):
            pairs.append((declarations["color"], declarations["background"]))
    assert len(pairs) >= 2
    for text, background in pairs:
        assert contrast(colour(text) or "", colour(background) or "") >= 4.5, (text, background)
