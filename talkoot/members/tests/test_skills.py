import pytest

from talkoot.members.skills import (
    MAX_FREE_SKILL_LENGTH,
    MAX_FREE_SKILLS,
    FreeSkillsError,
    free_skill_slug,
    parse_free_skills,
)


def test_free_skills_are_split_on_commas_trimmed_and_deduplicated():
    assert parse_free_skills(" Baking ,baking,  Fixing   bikes ;; Swedish，中文、 ") == [
        "Baking",
        "Fixing bikes",
        "Swedish",
        "中文",
    ]


def test_free_skills_accept_an_arabic_comma():
    assert parse_free_skills("قراءة، كتابة") == ["قراءة", "كتابة"]


def test_no_free_skills_is_an_empty_list():
    assert parse_free_skills("") == []
    assert parse_free_skills(" , ,, ") == []


def test_free_skills_refuse_an_overlong_item_with_its_start():
    with pytest.raises(FreeSkillsError, match=f"at most {MAX_FREE_SKILL_LENGTH} characters: “xxxxx"):
        parse_free_skills("ok, " + "x" * (MAX_FREE_SKILL_LENGTH + 1))


def test_free_skills_refuse_too_many_items():
    with pytest.raises(FreeSkillsError, match=f"at most {MAX_FREE_SKILLS} other skills; you listed 11"):
        parse_free_skills(", ".join(f"skill {n}" for n in range(11)))


def test_free_skill_slugs_keep_letters_of_any_script_and_never_come_out_empty():
    assert free_skill_slug("Fixing Bikes!") == "fixing-bikes"
    assert free_skill_slug("Šakki") == "šakki"
    assert free_skill_slug("🎻🎻").startswith("tag-")
    assert free_skill_slug("🎻🎻") == free_skill_slug("🎻🎻")
    assert len(free_skill_slug("x" * 200)) <= 60
