// Preloaded (node --require) into a process the benchmark measures: prints its peak RSS on exit.
process.on('exit', () => {
  require('node:fs').writeSync(2, `\nkube-hardener-bench peak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
