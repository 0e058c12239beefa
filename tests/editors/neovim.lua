-- Headless Neovim with its built-in LSP client: attach `pyexpert server` to a Python
-- buffer, wait for diagnostics, apply the quick fix of one, and report what happened.
-- Run by tests/editors.rs:
--   PYEXPERT_BIN=... PYEXPERT_FILE=... PYEXPERT_REPORT=... nvim --headless --clean -c "luafile neovim.lua"
local binary = os.getenv("PYEXPERT_BIN")
local file = os.getenv("PYEXPERT_FILE")
local report_path = os.getenv("PYEXPERT_REPORT")
local lines = {}

local function finish(code)
  local out = io.open(report_path, "w")
  out:write(table.concat(lines, "\n") .. "\n")
  out:close()
  vim.cmd((code == 0) and "qall!" or "cquit " .. code)
end

local function say(text)
  table.insert(lines, text)
end

vim.cmd("edit " .. file)
local buffer = vim.api.nvim_get_current_buf()
-- Neovim 0.7 has no vim.lsp.start (0.8+): start the client and attach it by hand.
local client_id = vim.lsp.start_client({
  name = "pyexpert",
  cmd = { binary, "server" },
  root_dir = vim.fn.fnamemodify(file, ":p:h"),
})
vim.lsp.buf_attach_client(buffer, client_id)

local arrived = vim.wait(30000, function()
  return #vim.diagnostic.get(buffer) > 0
end, 50)
if not arrived then
  say("no diagnostics")
  finish(1)
  return
end
for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
  say(string.format("diagnostic %s %d:%d %s", diagnostic.code or diagnostic.user_data.lsp.code,
    diagnostic.lnum, diagnostic.col, diagnostic.source or ""))
end

-- The code actions for the first finding's line, as `vim.lsp.buf.code_action` asks.
local first = vim.diagnostic.get(buffer)[1]
vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buffer) }
local responses = vim.lsp.buf_request_sync(buffer, "textDocument/codeAction", params, 20000)
local client = vim.lsp.get_client_by_id(client_id)
local chosen
for _, response in pairs(responses or {}) do
  for _, action in ipairs(response.result or {}) do
    say("action " .. action.title)
    if action.kind == "quickfix" and not chosen and not action.title:match("^Disable") then
      chosen = action
    end
  end
end
if not chosen then
  say("no quick fix")
  finish(1)
  return
end
if not chosen.edit then
  local resolved = client.request_sync("codeAction/resolve", chosen, 20000, buffer)
  chosen = resolved.result
end
vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
say("applied " .. chosen.title)
for number, line in ipairs(vim.api.nvim_buf_get_lines(buffer, 0, -1, false)) do
  say(string.format("line %d %s", number, line))
end
-- After the edit, the finding goes.
local cleared = vim.wait(30000, function()
  for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
    if diagnostic.lnum == first.lnum then
      return false
    end
  end
  return true
end, 50)
say(cleared and "cleared" or "not cleared")
vim.lsp.stop_client(client_id)
finish(cleared and 0 or 1)
