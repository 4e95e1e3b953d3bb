import {
	NodeConnectionTypes,
	type Icon,
	type IHookFunctions,
	type INodeCredentialDescription,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import type { FaxProviderAdapter } from './FaxProviderAdapter';
import { handleFaxWebhook } from './handleFaxWebhook';
import { withHintInMessage } from './providerApi';
import { eventsParameter, faxWebhook, rawRequestSwitch, settingsCollection } from './triggerProperties';
import { assertVerificationConfigured } from './verificationGuard';

/** What a provider's trigger node says about itself; the core adds the rest. */
export interface FaxTriggerShape<Methods extends INodeType['methods'] = undefined> {
	displayName: string;
	name: string;
	icon: Icon;
	description: string;
	credentials: INodeCredentialDescription[];
	/** The last segment of the webhook URL. */
	webhookPath: string;
	/** Parameters shown above the events (authentication, the provider's resource). */
	properties?: INodeProperties[];
	/** Parameters shown below the events (notices that depend on them). */
	propertiesAfterEvents?: INodeProperties[];
	/** The provider's own options, added to the shared ones in the Options collection. */
	settings?: INodeProperties[];
	/** How to make a test event reach the Test URL, for the trigger panel ("…, then …"). */
	testEvent: string;
	methods?: Methods;
}

/** The canvas subtitle: the names of the chosen events, as the user picked them. */
function eventNamesSubtitle(adapter: FaxProviderAdapter): string {
	const names = JSON.stringify(Object.fromEntries(adapter.events.map((event) => [event.value, event.name])));
	return `={{$parameter["events"].map(event => (${names})[event] || event).join(", ")}}`;
}

/**
 * Version 1 reads the untouched request itself (busboy, a stream). Version 2, the default for new
 * nodes, lets n8n parse the body and reads what n8n made of it: n8n then has no expression to
 * evaluate for the trigger (it reads version 1's raw-request switch through one), which spares an
 * expression isolate per request under lazy isolate acquisition (docs/performance.md). A
 * provider that signs the raw body stays on version 1: n8n's multipart parsing keeps no bytes.
 */
function triggerVersions(adapter: FaxProviderAdapter): Pick<INodeTypeDescription, 'version' | 'defaultVersion'> {
	return adapter.keepRawBody ? { version: 1 } : { version: [1, 2], defaultVersion: 2 };
}

/**
 * A fax trigger node for one provider: its description, the `events` and `settings`
 * parameters, activation guarded by the adapter's verification decision and followed by its
 * registration, and every request handed to the shared road. Use as
 * `export class XTrigger extends defineFaxTrigger(xAdapter, { … }) {}`.
 */
export function defineFaxTrigger<Methods extends INodeType['methods'] = undefined>(
	adapter: FaxProviderAdapter,
	shape: FaxTriggerShape<Methods>,
) {
	const { registration } = adapter;
	return class FaxTrigger implements INodeType {
		description: INodeTypeDescription = {
			displayName: shape.displayName,
			name: shape.name,
			icon: shape.icon,
			group: ['trigger'],
			...triggerVersions(adapter),
			subtitle: eventNamesSubtitle(adapter),
			description: shape.description,
			defaults: { name: shape.displayName },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			credentials: shape.credentials,
			webhooks: faxWebhook(shape.webhookPath),
			triggerPanel: {
				header: '',
				executionsHelp: {
					inactive: `<b>While building your workflow</b>, click "Execute step" above, then ${shape.testEvent}. The event shows up in this editor.<br /><br /><b>Once you're happy with your workflow</b>, publish it (n8n 1.x: activate it). Then every event reaching the Production URL starts a run, listed under Executions but not shown here.`,
					active: `<b>While building your workflow</b>, click "Execute step" above, then ${shape.testEvent}.<br /><br /><b>Your workflow is live</b>: every event reaching the Production URL starts a run, listed under Executions.`,
				},
				activationHint: 'Once you have finished building your workflow, publish it (n8n 1.x: activate it) to have it listen to the Production URL.',
			},
			properties: [
				...(shape.properties ?? []),
				eventsParameter(adapter.events),
				...(shape.propertiesAfterEvents ?? []),
				settingsCollection(shape.settings ?? []),
				rawRequestSwitch,
			],
		};

		methods = shape.methods as Methods;

		webhookMethods = {
			default: {
				async checkExists(this: IHookFunctions): Promise<boolean> {
					return await withHintInMessage(this.getNode(), async () => {
						await assertVerificationConfigured(this, adapter);
						return registration ? await registration.checkExists(this) : false;
					});
				},
				async create(this: IHookFunctions): Promise<boolean> {
					return await withHintInMessage(this.getNode(), async () => {
						await assertVerificationConfigured(this, adapter);
						return registration ? await registration.create(this) : true;
					});
				},
				async delete(this: IHookFunctions): Promise<boolean> {
					return await withHintInMessage(this.getNode(), async () => (registration ? await registration.delete(this) : true));
				},
			},
		};

		async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
			return await handleFaxWebhook(this, adapter);
		}
	};
}
