"""components.markdown_text: user text made inert for Markdown, and minutes without images."""

from __future__ import annotations

import pytest

from components.markdown_text import markdown_without_images, plain, plain_lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("![](https://tracker.example/pixel.png)", "\\[image\\]"),
        ("Look: ![the rota](https://x.example/r.png) here", "Look: \\[image: the rota\\] here"),
        ('![rota](https://x.example/r.png "Tuesdays")', "\\[image: rota\\]"),
        ("![rota](<https://x.example/a b.png>)", "\\[image: rota\\]"),
        ("![a *logo*](u.png)", "\\[image: a \\*logo\\*\\]"),
        (
            "![logo][t]\n\n[t]: https://tracker.example/p.png",
            "\\[image: logo\\]\n\n[t]: https://tracker.example/p.png",
        ),
        ("![logo][]", "\\[image: logo\\]"),
        # Shapes the two patterns leave alone: the bracket is escaped, so no image starts.
        (
            "![logo]\n\n[logo]: https://tracker.example/p.png",
            "!\\[logo]\n\n[logo]: https://tracker.example/p.png",
        ),
        ("![a](https://x.example/p(1).png)", "!\\[a](https://x.example/p(1).png)"),
        ("![![x](y.png)](z.png)", "!\\[\\[image: x\\]](z.png)"),
        ("\\\\![a](https://x.example/p.png)", "\\\\\\[image: a\\]"),
    ],
)
def test_images_become_words_and_nothing_can_start_an_image(text, expected):
    out = markdown_without_images(text)
    assert out == expected
    assert "![" not in out


def test_formatting_links_and_line_breaks_are_kept():
    text = "**Decided:** women-only *Tuesdays*.\n\n- ask [the nurse](https://clinic.example)\n"
    assert markdown_without_images(text) == text


def test_empty_minutes_stay_empty():
    assert markdown_without_images("") == ""
    assert markdown_without_images(None) == ""


def test_user_text_is_made_inert_for_markdown():
    assert plain("[click](javascript:x) **b** :red[x] $x$") == (
        "\\[click\\]\\(javascript\\:x\\) \\*\\*b\\*\\* \\:red\\[x\\] \\$x\\$"
    )
    assert plain_lines("1. one\n- two") == "1\\. one  \n\\- two"


@pytest.mark.parametrize("special", list("\\`*_{}[]()#+-.!|<>~$:"))
def test_every_markdown_character_is_escaped(special):
    assert plain(f"a{special}b") == f"a\\{special}b"


def test_empty_text_stays_empty_and_line_breaks_are_kept():
    assert plain("") == "" and plain_lines(None) == "" and plain_lines("") == ""
    assert plain_lines("Tuesdays\nwomen only") == "Tuesdays  \nwomen only"
