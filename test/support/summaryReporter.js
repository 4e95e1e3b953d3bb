/**
 * Ends jest's output with the plain line CI reads: "N passed, N failed" (", N skipped" when any).
 */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		const line = `${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
		// Jest prints "Ran all test suites." after the reporters: print once it is done.
		process.once('exit', () => process.stdout.write(`\n${line}\n`));
	}
}

module.exports = SummaryReporter;
