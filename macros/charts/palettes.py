"""Colours for any scale and any number of series, every one at >= 3:1 contrast against the
white page (WCAG 2.1 non-text contrast).

- :func:`categorical`: nominal categories and series (questions, groups). Up to four, Okabe and
  Ito's colour-blind-safe colours that reach 3:1 (blue 5.2, vermillion 3.9, bluish green 3.4,
  reddish purple 3.1); more, as many hues evenly spaced around the OKLCH colour wheel.
- :func:`sequential`: ordered categories without a neutral middle (a "not at all ... to a very
  high extent" scale, ordered groups): one hue from lighter to darker.
- :func:`diverging`: ordered categories around a neutral middle (disagree ... agree): two hues
  darkening towards the ends, a neutral sand colour in the middle when there is a middle code.
- :data:`NON_SUBSTANTIVE`: greys for the non-substantive codes ("not relevant", "don't know"),
  which lie outside the scale.

Lightness is lowered where needed until a colour reaches :data:`MIN_CONTRAST` (a small margin
above 3:1), so a long scale still yields colours a reader can see against the page.
"""

from __future__ import annotations

import functools
import math

BACKGROUND = "#ffffff"
MIN_CONTRAST = 3.05
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
NON_SUBSTANTIVE = ("#767676", "#5c5c5c", "#8a8a8a", "#4a4a4a")  # 4.5, 6.7, 3.5, 8.9 : 1
NEUTRAL = "#9a8c6a"  # the middle of a diverging scale: a warm sand, not the grey of "not relevant"
_BLUE, _VERMILLION = 250.0, 45.0  # OKLCH hues of the two sides of a diverging scale
_LIGHTEST, _DARKEST = 0.66, 0.33  # OKLCH lightness range of ramps (lightened ends lowered to 3:1)
_STEP = 0.12  # the largest lightness step between neighbours of a ramp


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21).

    >>> round(contrast_ratio("#0072B2", "#ffffff"), 2)
    5.19
    """
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _oklch_to_hex(lightness: float, chroma: float, hue: float) -> str:
    """An OKLCH colour as ``#rrggbb`` (Björn Ottosson's OKLab), clipped into sRGB."""
    a, b = chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue))
    l_ = lightness + 0.3963377774 * a + 0.2158037573 * b
    m_ = lightness - 0.1055613458 * a - 0.0638541728 * b
    s_ = lightness - 0.0894841775 * a - 1.2914855480 * b
    long_, medium, short = l_**3, m_**3, s_**3
    linear = (
        4.0767416621 * long_ - 3.3077115913 * medium + 0.2309699292 * short,
        -1.2684380046 * long_ + 2.6097574011 * medium - 0.3413193965 * short,
        -0.0041960863 * long_ - 0.7034186147 * medium + 1.7076147010 * short,
    )

    def encode(c: float) -> int:
        c = min(1.0, max(0.0, c))
        value = 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055
        return round(value * 255)

    return "#" + "".join(f"{encode(c):02x}" for c in linear)


def _visible(lightness: float, chroma: float, hue: float) -> str:
    """The colour, darkened in small steps until it reaches :data:`MIN_CONTRAST` on white."""
    while True:
        colour = _oklch_to_hex(lightness, chroma, hue)
        if contrast_ratio(colour, BACKGROUND) >= MIN_CONTRAST or lightness <= 0.05:
            return colour
        lightness -= 0.01


@functools.cache
def categorical(count: int) -> tuple[str, ...]:
    """``count`` distinguishable colours for nominal categories or series."""
    if count <= len(OKABE_ITO):
        return OKABE_ITO[:count]
    # Evenly spaced hues, starting at the blue of the first series, at one lightness and chroma.
    return tuple(_visible(0.58, 0.14, (_BLUE + i * 360 / count) % 360) for i in range(count))


def _ramp(count: int, hue: float, chroma: float = 0.13) -> list[str]:
    """``count`` colours of one hue from lighter to darker."""
    if count == 1:
        return [_visible(0.5, chroma, hue)]
    # A short ramp keeps to the lighter part, so two steps are not black and pale.
    step = min(_LIGHTEST - _DARKEST, _STEP * (count - 1)) / (count - 1)
    return [_visible(_LIGHTEST - i * step, chroma, hue) for i in range(count)]


@functools.cache
def sequential(count: int) -> tuple[str, ...]:
    """``count`` ordered colours, lightest for the lowest category."""
    return tuple(_ramp(count, _BLUE))


@functools.cache
def diverging(count: int, middle: int | None) -> tuple[str, ...]:
    """``count`` ordered colours around a neutral middle at index ``middle`` (None: no middle code,
    the two halves meet). The low side is vermillion, the high side blue; both darken outwards."""
    if middle is None:
        low, high = count // 2, count - count // 2
    else:
        low, high = middle, count - middle - 1
    low_side = list(reversed(_ramp(max(low, 1), _VERMILLION)))[:low] if low else []
    high_side = _ramp(max(high, 1), _BLUE)[:high] if high else []
    return tuple(low_side + ([NEUTRAL] if middle is not None else []) + high_side)


def non_substantive(index: int) -> str:
    """The grey of the ``index``-th non-substantive code of a scale."""
    return NON_SUBSTANTIVE[index % len(NON_SUBSTANTIVE)]


def every_colour(up_to: int = 12) -> set[str]:
    """Every colour these palettes give for up to ``up_to`` categories (for the contrast tests)."""
    colours = set(NON_SUBSTANTIVE) | {NEUTRAL}
    for count in range(1, up_to + 1):
        colours |= set(categorical(count)) | set(sequential(count))
        for middle in [None, *range(count)]:
            colours |= set(diverging(count, middle))
    return colours
