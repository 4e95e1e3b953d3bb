import { createHash } from 'crypto';

import type { ClaimOutcome } from './deliveryDedupe';
import type { LeasedClaimStore } from './leasedDeliveryLedger';

/** The one Redis command the store needs (ioredis' `eval`). */
export interface RedisScripting {
	eval(script: string, numberOfKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

const ANSWERED = 'answered';
const claimedBy = (owner: string) => `claimed:${owner}`;

// Each script runs atomically in Redis: no other command sees a half-done step.
const CLAIM = `
local state = redis.call('GET', KEYS[1])
if not state then
	redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
	return 'new'
end
if state == '${ANSWERED}' then return 'duplicate' end
return 'inProgress'`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const ANSWER = `redis.call('SET', KEYS[1], '${ANSWERED}', 'PX', ARGV[1]) return 1`;

/**
 * Delivery claims in Redis, one key per delivery that expires by itself: a claim with its
 * owner's lease, an answer with the retry window. Nothing else is stored, nothing grows.
 */
export function redisClaimStore(redis: RedisScripting, prefix: string): LeasedClaimStore {
	const redisKey = (key: string) => `${prefix}:n8n-nodes-fax:delivery:${createHash('sha256').update(key).digest('hex')}`;
	return {
		async claim(key, owner, leaseMs) {
			const outcome = await redis.eval(CLAIM, 1, redisKey(key), claimedBy(owner), leaseMs);
			if (outcome === 'new' || outcome === 'duplicate' || outcome === 'inProgress') return outcome as ClaimOutcome;
			throw new Error(`Redis answered the delivery claim with ${String(outcome)}`);
		},
		async renew(key, owner, leaseMs) {
			return (await redis.eval(RENEW, 1, redisKey(key), claimedBy(owner), leaseMs)) === 1;
		},
		async answered(key, keepMs) {
			await redis.eval(ANSWER, 1, redisKey(key), keepMs);
		},
		async release(key, owner) {
			await redis.eval(RELEASE, 1, redisKey(key), claimedBy(owner));
		},
	};
}
