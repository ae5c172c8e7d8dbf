"""Markdown to safe HTML, and mentions: pure functions, no database."""

import time

import pytest

from talkoot.conversations.markdown import mentioned_ids, normal_name, plain_text, render

REL = 'rel="nofollow noopener noreferrer"'


def test_simple_formatting_becomes_the_allowed_tags():
    html = render("**bold** and *slanted*\n\n- one\n- two\n\n1. first\n\n> quoted\n\n`code`")
    for tag in ("<strong>bold</strong>", "<em>slanted</em>", "<ul>", "<li>one</li>", "<ol>", "<blockquote>", "<code>"):
        assert tag in html


def test_a_list_may_start_right_under_a_line():
    assert render("Shopping:\n- milk\n- bread") == "<p>Shopping:</p>\n<ul>\n<li>milk</li>\n<li>bread</li>\n</ul>"
    assert render("5 - 3 = 2") == "<p>5 - 3 = 2</p>"


def test_a_line_break_stays_a_line_break():
    assert render("Milk\nBread") == "<p>Milk<br>\nBread</p>"


def test_script_and_raw_html_show_as_the_text_typed():
    html = render('Hello <script>alert("x")</script> <img src=x onerror=alert(1)> <b onclick="x">hi</b>')
    assert "<script" not in html and "<img" not in html and "<b " not in html
    assert "&lt;script&gt;" in html and "&lt;img" in html


def test_html_entities_cannot_smuggle_tags():
    html = render("&#x3c;script&#x3e;alert(1)&#x3c;/script&#x3e; &lt;b&gt;")
    assert "<script" not in html and "<b>" not in html


@pytest.mark.parametrize(
    "link",
    ["[click](javascript:alert(1))", "[click](JaVaScRiPt:alert(1))", "[click](data:text/html;base64,PHNjcmlwdD4=)"],
)
def test_links_to_scripts_and_data_lose_their_address(link):
    html = render(link)
    assert "href" not in html
    assert "javascript" not in html.lower() and "data:" not in html


def test_links_are_marked_nofollow_and_pasted_addresses_become_links():
    html = render("[Library](https://library.example.org) and https://example.org/walks?day=tue.")
    assert f'<a href="https://library.example.org" {REL}>Library</a>' in html
    assert f'<a href="https://example.org/walks?day=tue" {REL}>https://example.org/walks?day=tue</a>.' in html


def test_an_address_in_code_or_a_link_stays_as_it_is():
    html = render("`https://example.org` [here](https://example.org)")
    assert "<code>https://example.org</code>" in html
    assert html.count("<a ") == 1


def test_images_headings_and_rules_are_not_made():
    html = render("![cat](https://example.org/cat.png)\n\n# Shouting\n\n---")
    assert "<img" not in html and "<h1" not in html and "<hr" not in html
    assert "# Shouting" in html


def test_thousands_of_nested_lists_do_not_break_rendering():
    html = render("- " * 2500 + "x")
    assert html.startswith("<p>- - -")


def test_thousands_of_square_brackets_render_quickly():
    started = time.perf_counter()
    html = render("[" * 5000)
    assert time.perf_counter() - started < 1
    assert html.startswith("<p>[[[")


def test_empty_text_renders_nothing():
    assert render("  \n ") == ""


def test_plain_text_of_a_message_for_notifications():
    assert plain_text(render("**Coffee** at <ten>\n\n- milk\n- sugar")) == "Coffee at <ten> milk sugar"


# --- Mentions ----------------------------------------------------------------------------------------

PEOPLE = [(1, "Aino Virtanen"), (2, "Aino"), (3, "Eino Laine"), (4, "Åsa Öberg"), (5, "Pekka  Mäkinen")]


def test_a_bare_mention_takes_the_longest_name():
    assert mentioned_ids("Thank you @Aino Virtanen!", PEOPLE, limit=20) == [1]
    assert mentioned_ids("Thank you @Aino!", PEOPLE, limit=20) == [2]


def test_a_bracketed_mention_names_the_whole_name():
    assert mentioned_ids("@[Aino Virtanen] and @[Eino Laine], see you", PEOPLE, limit=20) == [1, 3]


def test_mentions_ignore_case_and_spacing_and_read_finnish_letters():
    assert mentioned_ids("@åsa öberg @PEKKA MÄKINEN", PEOPLE, limit=20) == [4, 5]


def test_an_email_address_is_not_a_mention():
    assert mentioned_ids("Write to aino@example.org", PEOPLE, limit=20) == []


def test_a_name_that_is_nobodys_mentions_nobody():
    assert mentioned_ids("@Olli Outsider and @[Olli Outsider]", PEOPLE, limit=20) == []


def test_two_people_of_the_same_name_are_both_mentioned():
    assert mentioned_ids("@Eino Laine", [(3, "Eino Laine"), (9, "eino laine")], limit=20) == [3, 9]


def test_mentions_stop_at_the_limit_and_count_each_person_once():
    assert mentioned_ids("@Aino @Aino @Eino Laine @Åsa Öberg", PEOPLE, limit=2) == [2, 3]


def test_names_compare_in_one_normal_form():
    assert normal_name("  Åsa\tÖberg ") == normal_name("åsa öberg")
