"""pyexpert server end to end with a real LSP client (pytest-lsp, on pygls).

The client announces Neovim 0.10's capabilities (it pulls diagnostics), or 0.9's (the
server pushes them). Run from the repository root after `cargo build`:
python3 -m pytest tests/editors  (PYEXPERT_BIN overrides the binary).
"""

import asyncio
import os
import pathlib
import subprocess
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("PYEXPERT_BIN", str(ROOT / "target" / "debug" / "pyexpert"))

TYPED = (
    "from typing import List\n\n\n"
    "def f(xs: List[int]) -> List[int]:\n"
    "    for x in range(3):\n"
    "        if x in [1, 2, 3, 4, 5]:\n"
    "            print(x)\n"
    "    return xs\n"
)

# The opt-in rules TYPED is written for (PX1306 twice on line 4, PX0701 on line 6).
OPT_IN = '["PX0701", "PX1306"]'


async def start(lsp_client, tmp_path_factory, spec):
    workspace = tmp_path_factory.mktemp("workspace")
    # PX0701 and PX1306 (the findings of TYPED) are opt-in: the workspace selects them by their codes.
    (workspace / "pyproject.toml").write_text(f"[tool.pyexpert]\nextend-select = {OPT_IN}\nignore = []\n")
    lsp_client.workspace = workspace
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(spec),
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="ws")],
        )
    )
    assert result.server_info.name == "pyexpert"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BINARY, "server"]))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await start(lsp_client, tmp_path_factory, "neovim@v0.10.0")
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BINARY, "server"]))
async def push_client(lsp_client: LanguageClient, tmp_path_factory):
    await start(lsp_client, tmp_path_factory, "neovim@v0.9.1")
    yield
    await lsp_client.shutdown_session()


async def pull(client, uri):
    """The document's diagnostics, asked for (the server answers for the current text)."""
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    return report.items


async def diagnostics_for(client, uri, predicate, timeout=20.0):
    """Waits until the client holds pushed diagnostics for `uri` that satisfy `predicate`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        current = client.diagnostics.get(uri)
        if current is not None and predicate(current):
            return current
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            raise AssertionError(f"diagnostics for {uri}: {current}")
        try:
            await asyncio.wait_for(
                client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), left
            )
        except asyncio.TimeoutError:
            pass


def codes(diagnostics):
    return [d.code for d in diagnostics]


def apply(text, edits):
    """Applies text edits whose positions count UTF-16 units (the text here is ASCII)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position):
        return starts[position.line] + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def open_document(client, name, text):
    path = client.workspace / name
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
        )
    )
    return uri


async def code_actions(client, uri, line, only=None):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line, 0), end=types.Position(line, 40)),
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )


@pytest.mark.asyncio
async def test_pushed_diagnostics(push_client: LanguageClient):
    uri = open_document(push_client, "typed.py", TYPED)
    found = await diagnostics_for(push_client, uri, lambda d: len(d) == 3)
    assert codes(found) == ["PX1306", "PX1306", "PX0701"]
    push_client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await diagnostics_for(push_client, uri, lambda d: len(d) == 0)


@pytest.mark.asyncio
async def test_open_change_and_diagnostics(client: LanguageClient):
    uri = open_document(client, "typed.py", TYPED)
    found = await pull(client, uri)
    assert codes(found) == ["PX1306", "PX1306", "PX0701"]
    assert all(d.source == "pyexpert" for d in found)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(5, 16), end=types.Position(5, 31)),
                    text="{1, 2, 3, 4, 5}",
                )
            ],
        )
    )
    found = await pull(client, uri)
    assert codes(found) == ["PX1306", "PX1306"]


@pytest.mark.asyncio
async def test_quick_fix_and_fix_all(client: LanguageClient):
    uri = open_document(client, "typed.py", TYPED)
    actions = await code_actions(client, uri, 5, only=[types.CodeActionKind.QuickFix])
    titles = [a.title for a in actions]
    assert titles == ["Replace the list with a set literal", "Disable PX0701 for this line"], titles
    # Neovim resolves actions lazily: the edits come with `codeAction/resolve`.
    assert actions[0].edit is None
    resolved = await client.code_action_resolve_async(actions[0])
    fixed = apply(TYPED, resolved.edit.changes[uri])
    assert "if x in {1, 2, 3, 4, 5}:" in fixed
    everything = await code_actions(client, uri, 0, only=[types.CodeActionKind.SourceFixAll])
    assert [a.kind for a in everything] == ["source.fixAll.pyexpert"]
    resolved = await client.code_action_resolve_async(everything[0])
    fixed_all = apply(TYPED, resolved.edit.changes[uri])
    cli = subprocess.run(
        [BINARY, "lint", "-", "--fix", "--no-cache", "--stdin-filename", "typed.py"],
        input=TYPED, capture_output=True, text=True, cwd=client.workspace,
    )
    assert fixed_all == cli.stdout


@pytest.mark.asyncio
async def test_hover_shows_the_rule_page(client: LanguageClient):
    uri = open_document(client, "typed.py", TYPED)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(5, 14))
    )
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith("**PX0701**")
    assert "Lesson question Q07" in hover.contents.value


@pytest.mark.asyncio
async def test_configuration_change_relints(client: LanguageClient):
    uri = open_document(client, "typed.py", TYPED)
    assert len(await pull(client, uri)) == 3
    client.workspace_did_change_configuration(
        # By its code: the workspace selects PX1306 by its code, which the prefix PX13 would not outweigh.
        types.DidChangeConfigurationParams(settings={"pyexpert": {"ignore": ["PX1306"]}})
    )
    assert codes(await pull(client, uri)) == ["PX0701"]
    # The configuration file changes on disk; the client's watcher reports it.
    (client.workspace / "pyproject.toml").write_text(
        f'[tool.pyexpert]\nextend-select = {OPT_IN}\nignore = ["PX0701"]\n'
    )
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(client.workspace / "pyproject.toml").as_uri(), type=types.FileChangeType.Changed
                )
            ]
        )
    )
    assert list(await pull(client, uri)) == []
