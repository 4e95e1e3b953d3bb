/** How long each step of a request took, for the debug log: where a slow delivery spends its time. */
export function stepTimer() {
	let last = performance.now();
	const steps: string[] = [];
	return {
		mark(step: string) {
			const now = performance.now();
			steps.push(`${step} ${(now - last).toFixed(1)}`);
			last = now;
		},
		toString: () => `ms: ${steps.join(', ')}`,
	};
}
