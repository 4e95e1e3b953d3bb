/**
 * Ends jest's output with the plain line CI reads: "N passed, N failed" (", N skipped" when any).
 */

/** The line for one run's results, or for several added up (jest's AggregatedResult counts). */
function summaryLine(results) {
	const skipped = results.numPendingTests + results.numTodoTests;
	const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
	return `${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

class SummaryReporter {
	onRunComplete(_contexts, results) {
		const line = summaryLine(results);
		// Jest prints "Ran all test suites." after the reporters: print once it is done.
		process.once('exit', () => process.stdout.write(`\n${line}\n`));
	}
}

module.exports = SummaryReporter;
module.exports.summaryLine = summaryLine;
