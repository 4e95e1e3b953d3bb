import { randomUUID } from 'crypto';
import type { Logger } from 'n8n-workflow';

import type { ClaimOutcome, DeliveryLedger } from './deliveryDedupe';

/**
 * A claim store shared by every n8n process (main, webhook processes) in which each operation is
 * atomic. A claim carries its owner and a lease: the owner renews the lease while it handles the
 * delivery, so a claim whose lease ran out belongs to a process that died.
 */
export interface LeasedClaimStore {
	/**
	 * In one step: a key nobody holds is claimed for `owner` for `leaseMs` (`new`); an answered
	 * key is a `duplicate`; a key whose owner still renews its lease is `inProgress`.
	 */
	claim(key: string, owner: string, leaseMs: number): Promise<ClaimOutcome>;
	/** Extends the owner's lease; false when the key is no longer claimed by this owner. */
	renew(key: string, owner: string, leaseMs: number): Promise<boolean>;
	/** n8n answered the delivery with a 2xx: a duplicate from now on, for `keepMs`. */
	answered(key: string, keepMs: number): Promise<void>;
	/** Forgets the owner's claim; an answer, or another owner's claim, stays. */
	release(key: string, owner: string): Promise<void>;
}

export interface LeaseTiming {
	/** How long a claim outlives its owner: a retry after that runs again. */
	leaseMs: number;
	/** How long an answered delivery is remembered: the providers' retry window, with a margin. */
	answeredKeptMs: number;
	/** A claim is renewed at most this long; a run that holds a delivery longer is taken for dead. */
	maxHoldMs: number;
}

export const DEFAULT_LEASE_TIMING: LeaseTiming = {
	leaseMs: 30_000,
	// Phaxio, Fax.Plus and Sinch retry for about three days.
	answeredKeptMs: 4 * 24 * 60 * 60_000,
	maxHoldMs: 60 * 60_000,
};

interface HeldClaim {
	owner: string;
	renewal: ReturnType<typeof setInterval>;
}

/** Claims held by requests of this process, by store key: renewed until answered or released. */
const held = new Map<string, HeldClaim>();

/**
 * The delivery ledger over a store shared by processes (n8n's queue mode). Same states as the
 * single-process ledger: claimed before the run, answered once n8n wrote its 2xx, released on any
 * other answer; a claim whose process died expires with its lease, so the provider's retry runs.
 */
export function leasedDeliveryLedger(
	store: LeasedClaimStore,
	/** The trigger node the deliveries are for (workflow and node id): two workflows each run a fax. */
	scope: string,
	logger: Pick<Logger, 'warn'>,
	timing: LeaseTiming = DEFAULT_LEASE_TIMING,
): DeliveryLedger {
	const stopHolding = (key: string): HeldClaim | undefined => {
		const claim = held.get(key);
		if (claim) clearInterval(claim.renewal);
		held.delete(key);
		return claim;
	};
	const keepRenewing = (key: string, owner: string): HeldClaim => {
		const since = Date.now();
		const renewal = setInterval(() => {
			if (Date.now() - since >= timing.maxHoldMs) {
				logger.warn(`Fax webhook stopped holding a delivery after ${timing.maxHoldMs / 60_000} min without an answer; a retry of it will run again`);
				stopHolding(key);
				return;
			}
			store.renew(key, owner, timing.leaseMs).then(
				(renewed) => {
					if (renewed || held.get(key)?.owner !== owner) return;
					stopHolding(key);
					logger.warn('Fax webhook lost its claim on a delivery it is still handling (its lease ran out); a retry of it may start a second run');
				},
				(error: unknown) =>
					logger.warn(`Fax webhook could not renew its claim on a delivery: ${(error as Error).message}. It stays claimed for the rest of its lease.`),
			);
		}, Math.max(1, Math.floor(timing.leaseMs / 3)));
		// Renewing must not keep a stopping n8n alive.
		renewal.unref?.();
		return { owner, renewal };
	};
	const scoped = (key: string) => `${scope}\n${key}`;
	return {
		async claim(deliveryKey) {
			const key = scoped(deliveryKey);
			if (held.has(key)) return 'inProgress';
			const owner = randomUUID();
			const outcome = await store.claim(key, owner, timing.leaseMs);
			if (outcome === 'new') held.set(key, keepRenewing(key, owner));
			return outcome;
		},
		async answered(deliveryKey) {
			const key = scoped(deliveryKey);
			stopHolding(key);
			await store.answered(key, timing.answeredKeptMs);
		},
		async release(deliveryKey) {
			const key = scoped(deliveryKey);
			const claim = stopHolding(key);
			if (claim) await store.release(key, claim.owner);
		},
	};
}
