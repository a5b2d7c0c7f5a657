// Language server entry point: replaced by the LSP wiring of issue 3.
process.stderr.write('kube-hardener language server: not wired yet\n');
