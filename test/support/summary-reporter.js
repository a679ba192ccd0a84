const { relative } = require('node:path');

/** How many of the slowest files the summary lists. */
const SLOWEST = 15;

// Prints the slowest files with their durations (what to look at when `npm test` grows past its
// budget), then the closing line CI reads: "N passed, N failed[, N skipped]".
class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);
    const files = results.testResults
      .map((file) => ({
        path: relative(this.rootDir, file.testFilePath),
        ms: file.perfStats.end - file.perfStats.start,
      }))
      .sort((a, b) => b.ms - a.ms);
    const wall = Date.now() - results.startTime;
    const busy = files.reduce((sum, file) => sum + file.ms, 0);
    const lines = files.slice(0, SLOWEST).map((file) => `${seconds(file.ms)} s  ${file.path}`);
    process.stdout.write(
      `\nSlowest files (${files.length} in ${seconds(wall).trim()} s, ` +
        `${seconds(busy).trim()} s of files):\n${lines.join('\n')}\n`,
    );
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const tail = skipped ? `, ${skipped} skipped` : '';
    process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed${tail}\n`);
  }
}
module.exports = SummaryReporter;
