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
# review had been read; `final` and `final2` likewise). The newest final set (`final14`) is only ever
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
