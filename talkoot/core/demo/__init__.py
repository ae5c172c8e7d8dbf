"""The demo community: `manage.py seed_demo` plans it (plan.py) and writes it (generator.py)."""
