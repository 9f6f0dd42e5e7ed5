"""One place that reads the environment, so every setting says where its value comes from."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is a convenience for developers; production passes real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
