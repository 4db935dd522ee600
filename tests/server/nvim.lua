-- The language server's scenario in Neovim, a client nobody here wrote: start amolint server
-- with vim.lsp.start_client, edit the manifest (a misspelt location), read the diagnostics
-- through vim.diagnostic.get, apply the quick fix with Neovim's own vim.lsp.util, see the
-- finding go; edit en.json and see the missing key reported on es.json, which is not open.
-- Run by tests/server.rs: nvim --headless -u NONE -i NONE -c "luafile tests/server/nvim.lua",
-- with AMOLINT_BIN and WIDGET_ROOT set. Exits 0 when every step holds, 1 with a message if not.

local bin = os.getenv('AMOLINT_BIN')
local root = os.getenv('WIDGET_ROOT')
local WAIT = 30000

local function fail(message)
  io.stderr:write('nvim.lua: FAIL: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local function say(message)
  io.stderr:write('nvim.lua: ' .. message .. '\n')
end

local function has_code(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then
      return d
    end
  end
  return nil
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/manifest.json'))
  local manifest = vim.api.nvim_get_current_buf()
  local lines = vim.api.nvim_buf_get_lines(manifest, 0, -1, false)
  local typo_line
  for i, line in ipairs(lines) do
    if line:find('"lcard-1"', 1, true) then
      lines[i] = line:gsub('"lcard%-1"', '"lcard_1"')
      typo_line = i - 1
    end
  end
  if not typo_line then
    return fail('the manifest has no "lcard-1"')
  end
  vim.api.nvim_buf_set_lines(manifest, 0, -1, false, lines)

  local client_id = vim.lsp.start_client({
    name = 'amolint',
    cmd = { bin, 'server' },
    root_dir = root,
  })
  if not client_id then
    return fail('vim.lsp.start_client did not start amolint server')
  end
  vim.lsp.buf_attach_client(manifest, client_id)

  -- LOC001 at the misspelt entry, quotes included.
  if not vim.wait(WAIT, function() return has_code(manifest, 'LOC001') ~= nil end, 20) then
    return fail('no LOC001 diagnostic on the manifest: ' .. vim.inspect(vim.diagnostic.get(manifest)))
  end
  local d = has_code(manifest, 'LOC001')
  local col = lines[typo_line + 1]:find('"lcard_1"', 1, true) - 1
  if d.lnum ~= typo_line or d.col ~= col or d.end_col ~= col + #'"lcard_1"' then
    return fail(string.format('LOC001 at %d:%d-%d, expected %d:%d-%d', d.lnum, d.col, d.end_col,
      typo_line, col, col + #'"lcard_1"'))
  end
  if d.severity ~= vim.diagnostic.severity.ERROR then
    return fail('LOC001 is not an error: ' .. vim.inspect(d))
  end
  say('LOC001 at ' .. d.lnum .. ':' .. d.col .. '-' .. d.end_col)

  -- The quick fix, asked for and applied through Neovim's LSP client.
  local client = vim.lsp.get_client_by_id(client_id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(manifest) },
    range = {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum, character = d.end_col },
    },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(manifest, d.lnum) },
  }
  local response = client.request_sync('textDocument/codeAction', params, WAIT, manifest)
  if not response or response.err then
    return fail('codeAction failed: ' .. vim.inspect(response))
  end
  local fix
  for _, action in ipairs(response.result or {}) do
    if action.kind == 'quickfix' and action.title:find('^LOC001') then
      fix = action
    end
  end
  if not fix then
    return fail('no LOC001 quick fix among ' .. vim.inspect(response.result))
  end
  say('applying "' .. fix.title .. '"')
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  local fixed = vim.api.nvim_buf_get_lines(manifest, typo_line, typo_line + 1, false)[1]
  if not fixed:find('"lcard-1"', 1, true) then
    return fail('the quick fix did not write "lcard-1": ' .. fixed)
  end
  if not vim.wait(WAIT, function() return has_code(manifest, 'LOC001') == nil end, 20) then
    return fail('LOC001 is still reported after the fix')
  end
  say('LOC001 gone after the fix')

  -- A key only in the en.json buffer: es.json, not open, is told it lacks it.
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/i18n/en.json'))
  local en = vim.api.nvim_get_current_buf()
  local en_lines = vim.api.nvim_buf_get_lines(en, 0, -1, false)
  for i, line in ipairs(en_lines) do
    if line:find('"settings": {', 1, true) then
      table.insert(en_lines, i + 1, '    "extra": "Extra",')
      break
    end
  end
  vim.api.nvim_buf_set_lines(en, 0, -1, false, en_lines)
  vim.lsp.buf_attach_client(en, client_id)
  local es_uri = vim.uri_from_fname(root .. '/i18n/es.json')
  local es = vim.uri_to_bufnr(es_uri)
  if vim.api.nvim_buf_is_loaded(es) then
    return fail('es.json should not be open')
  end
  if not vim.wait(WAIT, function() return has_code(es, 'I18N005') ~= nil end, 20) then
    return fail('no I18N005 on the unopened es.json: ' .. vim.inspect(vim.diagnostic.get()))
  end
  local missing = has_code(es, 'I18N005')
  if not missing.message:find('settings.extra', 1, true) then
    return fail('I18N005 does not name the key: ' .. missing.message)
  end
  say('I18N005 on the unopened es.json: ' .. missing.message:gsub('\n.*', ''))

  vim.lsp.stop_client(client_id)
  vim.wait(WAIT, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
  say('ok')
  vim.cmd('qall!')
end

local ok, err = pcall(run)
if not ok then
  fail(tostring(err))
end
