-- Headless Neovim (0.7: vim.lsp.start_client) as a second, independent LSP client of the gluepy server.
-- Opens the files listed in LSV_FILES, waits until each has the diagnostics count given in LSV_EXPECT
-- (-1: none expected), asks for code lenses, optionally fixes LSV_FIX_FILE by typing, and writes
-- everything it received to LSV_OUT as JSON.

local root = os.getenv("LSV_ROOT")
local out = os.getenv("LSV_OUT")
local files = vim.split(os.getenv("LSV_FILES"), ",")
local expect = vim.split(os.getenv("LSV_EXPECT"), ",")
local result = { diagnostics = {}, lenses = {}, error = vim.NIL }
-- Diagnostics as they arrive; result.diagnostics is the snapshot taken once they settled.
local live = {}

local function finish()
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qa!")
end

local function uri_of(rel)
  return vim.uri_from_fname(root .. "/" .. rel)
end

local function run()
  local client_id = vim.lsp.start_client({
    name = "gluepy",
    cmd = { os.getenv("LSV_NODE"), os.getenv("LSV_SERVER"), "--stdio" },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = "root" } },
    handlers = {
      ["textDocument/publishDiagnostics"] = function(_, params)
        live[params.uri] = params.diagnostics
      end,
    },
  })
  if not client_id then
    result.error = "start_client failed"
    return finish()
  end
  for _, rel in ipairs(files) do
    vim.cmd("edit " .. vim.fn.fnameescape(root .. "/" .. rel))
    vim.lsp.buf_attach_client(vim.api.nvim_get_current_buf(), client_id)
  end
  local settled = vim.wait(20000, function()
    for i, rel in ipairs(files) do
      local want = tonumber(expect[i])
      local got = live[uri_of(rel)]
      if want >= 0 and (got == nil or #got ~= want) then
        return false
      end
    end
    return true
  end, 20)
  result.diagnostics = vim.deepcopy(live)
  if not settled then
    result.error = "timed out waiting for diagnostics"
    return finish()
  end
  local client = vim.lsp.get_client_by_id(client_id)
  for _, rel in ipairs(files) do
    local bufnr = vim.fn.bufnr(root .. "/" .. rel)
    local resp = client.request_sync("textDocument/codeLens", { textDocument = { uri = uri_of(rel) } }, 10000, bufnr)
    if resp == nil or resp.err then
      result.error = "codeLens failed for " .. rel .. ": " .. vim.inspect(resp)
      return finish()
    end
    result.lenses[uri_of(rel)] = resp.result
  end
  -- Then type like a user: delete ", MissingTask" in the open buffer; the error must go away.
  local fix_rel = os.getenv("LSV_FIX_FILE")
  if fix_rel then
    local bufnr = vim.fn.bufnr(root .. "/" .. fix_rel)
    local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
    for i, line in ipairs(lines) do
      if line:find(", MissingTask", 1, true) then
        local fixed = line:gsub(", MissingTask", "")
        vim.api.nvim_buf_set_lines(bufnr, i - 1, i, false, { fixed })
      end
    end
    result.after_fix = vim.wait(10000, function()
      local got = live[uri_of(fix_rel)]
      return got ~= nil and #got == 0
    end, 20)
  end
  client.stop()
  finish()
end

vim.api.nvim_create_autocmd("VimEnter", { callback = function() vim.schedule(run) end })
