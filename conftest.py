"""Settings for every test package. Hypothesis runs without its per-example deadline: the
suite shares two cores with the services it starts, and a slow example is no failure (speed
is measured in bench/, never in tests)."""

from hypothesis import settings

settings.register_profile("custody", deadline=None)
settings.load_profile("custody")
