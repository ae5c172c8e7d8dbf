"""The site's settings with the API floor (bench/http_floor.py) mounted beside it, for bench/http.py."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.http_floor"
