-- kube-hardener for Neovim without plugins (the README's snippet; the editor tests load this file).
-- Neovim 0.8+ uses vim.lsp.start (one client per root, reused); 0.7 falls back to start_client.
local legacy_client_id
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'yaml',
  callback = function(args)
    local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':p:h')
    local git = vim.fn.finddir('.git', dir .. ';')
    local config = {
      name = 'kube-hardener',
      cmd = { 'kube-hardener-server', '--stdio' },
      root_dir = git ~= '' and vim.fn.fnamemodify(git, ':p:h:h') or dir,
      settings = { kubeHardener = {} }, -- e.g. { profile = 'baseline', rules = { ['host-port'] = 'off' } }
    }
    if vim.lsp.start then
      vim.lsp.start(config, { bufnr = args.buf })
    else
      legacy_client_id = legacy_client_id or vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(args.buf, legacy_client_id)
    end
  end,
})
