from django.db import migrations

# Frozen copy of the curated slugs at the time of this migration; labels live in skills.py.
CURATED = [
    "shopping", "driving", "cooking", "cleaning", "gardening", "repairs", "computers", "company",
    "walking", "exercise", "reading", "paperwork", "music", "crafts", "languages", "pets",
    "first_aid", "transport",
]


def add_curated_skills(apps, schema_editor):
    Skill = apps.get_model("members", "Skill")
    for slug in CURATED:
        Skill.objects.update_or_create(slug=slug, defaults={"name": slug.replace("_", " "), "is_curated": True})


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(add_curated_skills, migrations.RunPython.noop)]
