// Preloaded with `node --import` by the memory benchmark: when the process exits, records its
// peak resident set size (process.resourceUsage().maxRSS, KiB) in the file BENCH_RSS_FILE names.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
  });
}
