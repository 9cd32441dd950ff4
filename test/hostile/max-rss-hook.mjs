// Loaded with `node --import` into the CLI under test: reports the process's peak RSS (kB) on
// file descriptor 3 at exit, so the test can hold every run to the 2 GB limit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, `${process.resourceUsage().maxRSS}\n`);
  } catch (error) {
    // fd 3 is absent when the hook is loaded outside the harness; nothing to report to.
    if (error.code !== 'EBADF') throw error;
  }
});
