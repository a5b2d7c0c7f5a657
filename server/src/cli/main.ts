// CLI entry point.
process.stderr.write('kube-hardener CLI: not wired yet\n');
process.exit(2);
