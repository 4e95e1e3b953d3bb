import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { isRecord } from './normalize';

/** The HTTP status of a failed request, from n8n's request helpers or a plain HTTP error. */
export function httpStatusOf(error: unknown): number | undefined {
	const candidate = error as {
		httpCode?: string | number;
		statusCode?: number;
		status?: number;
		response?: { status?: number; statusCode?: number };
		cause?: unknown;
	};
	const status =
		candidate?.httpCode ??
		candidate?.response?.status ??
		candidate?.response?.statusCode ??
		candidate?.statusCode ??
		candidate?.status;
	if (status !== undefined && Number.isFinite(Number(status))) return Number(status);
	return candidate?.cause && candidate.cause !== error ? httpStatusOf(candidate.cause) : undefined;
}

/** The response of a failed request (headers and body), wherever n8n's helpers put it. */
export function failedResponseOf(error: unknown): { headers: Record<string, unknown>; data: unknown } | undefined {
	for (let candidate = error as { response?: unknown; cause?: unknown } | undefined, depth = 0; candidate && depth < 4; depth++) {
		if (isRecord(candidate.response)) {
			const { headers, data, body } = candidate.response as { headers?: unknown; data?: unknown; body?: unknown };
			return { headers: isRecord(headers) ? headers : {}, data: data ?? body };
		}
		candidate = candidate.cause as typeof candidate;
	}
	return undefined;
}

const NETWORK_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	ESOCKETTIMEDOUT: 'timed out',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name could not be resolved',
	EHOSTUNREACH: 'host unreachable',
	CERT_HAS_EXPIRED: 'TLS certificate expired',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

/**
 * Why a request got no answer at all (connection refused, timeout), from the error's code:
 * n8n's NodeApiError keeps it as `httpCode`, with the request's error as `errorResponse`.
 */
export function networkFailureOf(error: unknown): string | undefined {
	type Candidate = { code?: unknown; httpCode?: unknown; cause?: unknown; errorResponse?: unknown };
	for (let candidate = error as Candidate | undefined, depth = 0; candidate && depth < 4; depth++) {
		for (const code of [candidate.code, candidate.httpCode]) {
			if (typeof code === 'string' && Object.hasOwn(NETWORK_FAILURES, code)) return NETWORK_FAILURES[code];
		}
		candidate = (candidate.cause ?? candidate.errorResponse) as Candidate | undefined;
	}
	return undefined;
}

const MAX_PROVIDER_MESSAGE = 400;

/** The provider's own explanation of a failure: Phaxio `message`, Fax.Plus `description`, Sinch `fieldViolations`. */
export function providerMessageOf(error: unknown): string | undefined {
	let data = failedResponseOf(error)?.data ?? (error as { context?: { data?: unknown } })?.context?.data;
	if (Buffer.isBuffer(data) || data instanceof ArrayBuffer) data = Buffer.from(data as Buffer).toString('utf8');
	if (typeof data === 'string') {
		const text: string = data;
		try {
			data = JSON.parse(text) as unknown;
		} catch {
			return text.trim() === '' || text.trimStart().startsWith('<') ? undefined : text.trim();
		}
	}
	if (!isRecord(data)) return undefined;
	const parts: string[] = [];
	const add = (value: unknown) => {
		if (typeof value === 'string' && value.trim() !== '' && !parts.includes(value.trim())) parts.push(value.trim());
	};
	const nested = isRecord(data.error) ? data.error : {};
	add(data.message);
	add(data.description);
	add(data.error_description);
	add(typeof data.error === 'string' ? data.error : nested.message);
	for (const detail of Array.isArray(data.details) ? data.details : []) {
		const violations = isRecord(detail) && Array.isArray(detail.fieldViolations) ? detail.fieldViolations : [];
		for (const violation of violations) {
			if (isRecord(violation)) add(`${String(violation.field ?? '?')}: ${String(violation.description ?? '')}`);
		}
	}
	return parts.length > 0 ? parts.join('; ') : undefined;
}

/**
 * Removes what must never reach an error message: the credential's own values, bearer tokens,
 * `user:password@` in URLs and token-looking JSON fields a provider may echo back.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
	let redacted = text;
	for (const secret of secrets) {
		if (secret.length >= 4) redacted = redacted.split(secret).join('[redacted]');
	}
	return redacted
		.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
		.replace(/(\/\/)[^/\s:@]+:[^/\s@]*@/g, '$1[redacted]@')
		.replace(/("?(?:access_?token|refresh_?token|token|secret|password|api_?key)"?\s*[:=]\s*"?)[^"\s,&}]+/gi, '$1[redacted]')
		.slice(0, MAX_PROVIDER_MESSAGE);
}

/**
 * A provider API failure as an error a person can act on: what failed, the provider's own
 * reason (redacted: bodies may echo credentials), and which setting to check.
 */
export function providerApiError(
	node: INode,
	error: unknown,
	action: string,
	hints: Partial<Record<number | 'other', string>>,
	secrets: readonly string[] = [],
): NodeApiError {
	const status = httpStatusOf(error);
	const hint = (status !== undefined ? hints[status] : undefined) ?? hints.other ?? '';
	const providerMessage = providerMessageOf(error);
	const reason = providerMessage ? redactSecrets(providerMessage, secrets) : undefined;
	const outcome = status ? `HTTP ${status}` : networkFailureOf(error);
	return new NodeApiError(node, { status } as JsonObject, {
		message: `${action} failed${outcome ? ` (${outcome})` : ''}${reason ? `: ${reason}` : ''}`,
		description: hint,
		httpCode: status ? String(status) : undefined,
	});
}

/**
 * For errors shown where n8n displays the message only (the "could not be published"
 * notification, a parameter's option list): what to check, kept in the description, joins it.
 */
export async function withHintInMessage<T>(node: INode, action: () => Promise<T>): Promise<T> {
	try {
		return await action();
	} catch (error) {
		const nodeError =
			error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(node, error as Error);
		const hint = nodeError.description?.trim();
		if (hint && !nodeError.message.includes(hint)) nodeError.message = `${nodeError.message.replace(/\.?$/, '.')} ${hint}`;
		throw nodeError;
	}
}
