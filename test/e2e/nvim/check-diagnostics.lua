-- Headless Neovim check of the kube-hardener server over stdio. init.lua (the README's snippet,
-- loaded with --cmd) starts the client on the yaml FileType; this script waits for kube-hardener
-- diagnostics on the current buffer, prints them, applies the quick fix of the privileged-container
-- finding, waits for that finding to go, then quits: exit 0 only if everything arrived.
-- Environment: KH_WAIT_MS  max wait per step (default 20000)
local out = function(s) io.stdout:write(s .. "\n") end
local wait_ms = tonumber(os.getenv("KH_WAIT_MS") or "20000")
local bufnr = vim.api.nvim_get_current_buf()
local fname = vim.api.nvim_buf_get_name(bufnr)
local t0 = vim.loop.hrtime()
local elapsed = function() return (vim.loop.hrtime() - t0) / 1e6 end

local function fail(message)
  out("FAIL: " .. message)
  vim.cmd("cquit 1")
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function ours(rule)
  return vim.tbl_filter(function(d)
    return d.source == "kube-hardener" and (rule == nil or code_of(d) == rule)
  end, vim.diagnostic.get(bufnr))
end

if vim.bo.filetype ~= "yaml" then fail("the buffer's filetype is " .. vim.bo.filetype) end
if not vim.wait(wait_ms, function() return #vim.lsp.buf_get_clients(bufnr) > 0 end, 20) then
  fail("no LSP client attached to the buffer (init.lua)")
end

if not vim.wait(wait_ms, function() return #ours("privileged-container") > 0 end, 50) then
  fail(("no privileged-container diagnostic within %d ms"):format(wait_ms))
end
local v = vim.version()
out(("nvim %d.%d.%d: %d kube-hardener diagnostics after %.0f ms"):format(v.major, v.minor, v.patch, #ours(), elapsed()))
for _, d in ipairs(ours()) do
  out(("DIAG %s:%d:%d %s [%s] %s"):format(vim.fn.fnamemodify(fname, ":t"), d.lnum + 1, d.col + 1,
    vim.diagnostic.severity[d.severity], tostring(code_of(d)), (d.message:gsub("\n", " "))))
end

-- Quick fix: ask for the code actions on the privileged-container finding and apply its fix. Removing an
-- explicit `privileged: true` is an unsafe fix (it may stop a node agent), so it is offered but never
-- preferred: the test takes the first action with an edit that is not a suppression.
local target = ours("privileged-container")[1]
local range = { start = { line = target.lnum, character = target.col }, ["end"] = { line = target.end_lnum, character = target.end_col } }
-- The diagnostic as vim.lsp.buf.code_action() sends it back (Neovim's diagnostic_vim_to_lsp): what
-- Neovim keeps of it plus the fields the server sent that it has no place for (code, data...).
local lsp_diagnostic = vim.tbl_extend("keep", {
  range = range,
  severity = target.severity,
  message = target.message,
  source = target.source,
  code = code_of(target),
}, target.user_data and target.user_data.lsp or {})
local params = {
  textDocument = vim.lsp.util.make_text_document_params(bufnr),
  range = range,
  context = { diagnostics = { lsp_diagnostic }, only = { "quickfix" } },
}
local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, wait_ms) or {}
local fix
for _, response in pairs(responses) do
  for _, action in ipairs(response.result or {}) do
    if not fix and action.edit and not action.title:find("^Disable") then fix = action end
  end
end
if not fix then fail("no quick fix with an edit for privileged-container") end
out("APPLY " .. fix.title)
vim.lsp.util.apply_workspace_edit(fix.edit, "utf-16")
if not vim.wait(wait_ms, function() return #ours() > 0 and #ours("privileged-container") == 0 end, 50) then
  fail("the privileged-container diagnostic is still there after the fix")
end
local fixed_line = vim.fn.getline(target.lnum + 1)
out(("FIXED line %d: %s (after %.0f ms); %d diagnostics left"):format(target.lnum + 1, fixed_line, elapsed(), #ours()))

vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
out("PASS")
vim.cmd("qall!")
