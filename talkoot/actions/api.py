"""The actions part of the JSON API (config/api.py)."""

from ninja import Router

router = Router(tags=["actions"])
