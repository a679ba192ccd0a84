// Starts the slowest files first, so that the two workers finish together. Jest orders by the
// durations of the last run, which a clean clone (CI) has none of: it then orders by file size,
// and the slowest file, test/hostile-requests.e2e-spec.ts (74 lines, ~600 s in CI), ran last,
// alone on one worker after the other had finished.
const Sequencer = require('@jest/test-sequencer').default;
const { relative } = require('node:path');
const SLOWEST = require('./slowest-files.json');

class SlowFirstSequencer extends Sequencer {
  /** The last run's duration if jest kept one, else the committed figure of a known-slow file. */
  time(test) {
    const seconds = SLOWEST.seconds[relative(test.context.config.rootDir, test.path)];
    return super.time(test) ?? (seconds === undefined ? undefined : seconds * 1000);
  }

  /** Longest first; files with no figure after them, largest first (jest's own order for them). */
  sort(tests) {
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    for (const test of tests) test.duration = this.time(test);
    return tests.sort((a, b) => {
      if (this.hasFailed(a) !== this.hasFailed(b)) return this.hasFailed(a) ? -1 : 1;
      return (b.duration ?? -1) - (a.duration ?? -1) || size(b) - size(a);
    });
  }
}

module.exports = SlowFirstSequencer;
