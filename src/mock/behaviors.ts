// What the service does beyond storing what it is sent, as the spec's prose describes it.
// Everything structural (routes, attributes, read-only fields, relationships, queries) comes
// from the spec through the generic engine; these hooks only add the documented behaviour:
//   - a FlowRun is created `queued`, becomes `running` (sending its `initialMessage` as a
//     Message) and then `finished`, accruing `cost`; `state` cannot change while it runs;
//   - a FlowGeneration goes `queued` → `processing` → `finished` and creates its Flow; a
//     VacancyAnalysis fills `analyzeResult`; with `?sync=true` both finish before the answer;
//   - a MessageThread gets its Conversation; a Message is `outbound`/`accepted`; a
//     MessageTemplate starts `PENDING`; a User's `fullName` is its names; an Organization
//     created by a partner gets its `token`;
//   - the checks the descriptions say "the server checks": an `ask` NodeAction needs a
//     `variableName`, an end Node an `endFlowType`, a Webhook a known resource type.
import { errorObject, MockHttpError, type MockErrorObject } from './errors';
import type { MockEngine, TypeBehavior, WriteOptions } from './engine';
import type { Json, StoredResource } from './store';

/** How long the background work takes, in mock-clock milliseconds. */
export interface MockTiming {
  /** A FlowRun's wait in `queued` before it starts `running`. Default 1000. */
  flowRunStartMs: number;
  /** How long a FlowRun is `running` before it is `finished`. Default 3000. */
  flowRunRunMs: number;
  /** A FlowGeneration's time from `queued` to `finished` (`processing` halfway). Default 2000. */
  flowGenerationMs: number;
  /** A VacancyAnalysis's time until `analyzeResult` is filled. Default 1500. */
  vacancyAnalysisMs: number;
}

export const DEFAULT_TIMING: MockTiming = { flowRunStartMs: 1000, flowRunRunMs: 3000, flowGenerationMs: 2000, vacancyAnalysisMs: 1500 };

const TERMINAL_RUN_STATUSES = new Set(['finished', 'timeout', 'exception', 'cancelled']);
/** Credits of a FlowGeneration (only a finished one is billed). */
const FLOW_GENERATION_COST = 10;

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function pointerError(pointer: string, detail: string): MockErrorObject {
  return errorObject(422, detail, { pointer });
}

function flowRunBehavior(timing: MockTiming): TypeBehavior {
  const finish = (run: StoredResource, engine: MockEngine): void => {
    if (run.attributes.status !== 'running') return;
    const flowId = run.attributes.flowId;
    const nodes = engine.store.all('nodes').filter((node) => engine.linkage(node, 'flow') !== null && (engine.linkage(node, 'flow') as { id: string }).id === flowId).length;
    // A credit per step of the flow (at least one), on top of the initial message.
    engine.change(run, { status: 'finished', cost: Number(run.attributes.cost ?? 0) + Math.max(1, nodes) });
  };
  const start = (run: StoredResource, engine: MockEngine): void => {
    if (run.attributes.status !== 'queued') return;
    const initialMessage = run.attributes.initialMessage;
    let cost = Number(run.attributes.cost ?? 0);
    if (!isEmptyObject(initialMessage) && typeof run.attributes.messageThreadId === 'string' && engine.store.has('messageThreads', run.attributes.messageThreadId)) {
      engine.create('messages', { attributes: { sendBy: 'Recrubo', messageThreadId: run.attributes.messageThreadId, payload: initialMessage } });
      cost += 1;
    }
    engine.change(run, { status: 'running', cost });
    engine.schedule(run, timing.flowRunRunMs, () => finish(run, engine));
  };
  return {
    afterCreate(run, engine, options) {
      if (options.seeding) return;
      engine.schedule(run, timing.flowRunStartMs, () => start(run, engine));
    },
    checkUpdate(run, attributes) {
      if ('state' in attributes && run.attributes.status === 'running') {
        return [pointerError('/data/attributes/state', '`state` can be changed only once the run is no longer running.')];
      }
      return [];
    },
    afterUpdate(run, _changed, engine) {
      if (TERMINAL_RUN_STATUSES.has(String(run.attributes.status))) engine.cancelTimers(run);
    },
  };
}

function flowGenerationBehavior(timing: MockTiming): TypeBehavior {
  const finish = (generation: StoredResource, engine: MockEngine, options: WriteOptions): void => {
    const parameters = (generation.attributes.parameters ?? {}) as Json;
    const context = (generation.attributes.context ?? {}) as Json;
    const title = typeof context.title === 'string' ? context.title : typeof context.vacancyTitle === 'string' ? context.vacancyTitle : undefined;
    const requirements = Array.isArray(parameters.knockoutRequirements) ? parameters.knockoutRequirements.length : 0;
    const flow = engine.create(
      'flows',
      {
        attributes: {
          name: title ? `${title} application flow` : `Vacancy application flow (${requirements} knockout requirements)`,
          reminderInterval: 60,
          reminderMessage: 'Are you still there? There are still a few questions left to finish your application.',
          sessionTimeout: 1440,
          flowGenerationId: generation.id,
        },
      },
      { seeding: options.seeding },
    );
    const done = { status: 'finished', flowId: flow.id, cost: FLOW_GENERATION_COST };
    if (options.seeding) Object.assign(generation.attributes, done);
    else engine.change(generation, done);
  };
  return {
    afterCreate(generation, engine, options) {
      if (options.sync || options.seeding) {
        if (!options.seeding) engine.change(generation, { status: 'processing' });
        finish(generation, engine, options);
        return;
      }
      engine.schedule(generation, timing.flowGenerationMs / 2, () => engine.change(generation, { status: 'processing' }));
      engine.schedule(generation, timing.flowGenerationMs, () => finish(generation, engine, options));
    },
  };
}

/** A plausible analysis: the longest words of the text as hard skills. */
function analyze(inputText: string): Json {
  const words = [...new Set((inputText.match(/[A-Za-z][A-Za-z+#.-]*[A-Za-z+#]/g) ?? []).filter((w) => w.length >= 5))].sort((a, b) => b.length - a.length || a.localeCompare(b)).slice(0, 3);
  return {
    hardSkills: words.map((skill, index) => ({
      skill,
      rating: Math.round((0.9 - index * 0.2) * 10) / 10,
      reasoning: `"${skill}" is mentioned in the vacancy text.`,
      writtenAsRequirement: `Has experience with ${skill}.`,
    })),
    softSkills: [],
    certifications: [],
  };
}

function vacancyAnalysisBehavior(timing: MockTiming): TypeBehavior {
  return {
    onCreate(analysis) {
      analysis.attributes.analyzeResult = null;
    },
    afterCreate(analysis, engine, options) {
      const result = (): Json => analyze(String(analysis.attributes.inputText ?? ''));
      if (options.seeding) analysis.attributes.analyzeResult = result();
      else if (options.sync) engine.change(analysis, { analyzeResult: result() });
      else engine.schedule(analysis, timing.vacancyAnalysisMs, () => engine.change(analysis, { analyzeResult: result() }));
    },
  };
}

const messageThreadBehavior: TypeBehavior = {
  afterCreate(thread, engine, options) {
    // Every thread shows in the Inbox as a conversation.
    engine.create(
      'conversations',
      { attributes: { status: 'open', unreadMessages: false, unreadMessagesCount: 0, messageThreadId: thread.id, candidateId: thread.attributes.candidateId ?? null } },
      { seeding: options.seeding },
    );
  },
  afterUpdate(thread, changed, engine) {
    if (!changed.includes('candidateId')) return;
    for (const conversation of engine.store.all('conversations')) {
      if (conversation.attributes.messageThreadId === thread.id) engine.change(conversation, { candidateId: thread.attributes.candidateId ?? null });
    }
  },
  afterDelete(thread, engine) {
    for (const conversation of engine.store.all('conversations')) {
      if (conversation.attributes.messageThreadId === thread.id) engine.delete(conversation);
    }
  },
};

const messageBehavior: TypeBehavior = {
  onCreate(message) {
    message.attributes.origin ??= 'outbound';
    message.attributes.deliveryStatus ??= 'accepted';
    message.attributes.errorMessages ??= [];
  },
};

const messageTemplateBehavior: TypeBehavior = {
  onCreate(template) {
    // Meta reviews every new template.
    template.attributes.status ??= 'PENDING';
  },
};

const userBehavior: TypeBehavior = {
  derive(user) {
    const names = [user.attributes.firstName, user.attributes.lastName].filter((n) => typeof n === 'string' && n !== '');
    user.attributes.fullName = names.join(' ');
  },
};

const organizationBehavior: TypeBehavior = {
  onCreate(organization, engine) {
    organization.attributes.token ??= engine.ids.token('org_');
  },
};

function endNodeCheck(attributes: Json, current: Json = {}): MockErrorObject[] {
  const merged = { ...current, ...attributes };
  if (merged.isEndFlow === true && (merged.endFlowType === undefined || merged.endFlowType === null)) {
    return [pointerError('/data/attributes/endFlowType', 'An end node (`isEndFlow: true`) needs an `endFlowType`.')];
  }
  return [];
}

function askActionCheck(attributes: Json, current: Json = {}): MockErrorObject[] {
  const merged = { ...current, ...attributes };
  if (merged.actionType === 'ask' && (typeof merged.variableName !== 'string' || merged.variableName === '')) {
    return [pointerError('/data/attributes/variableName', 'An `ask` action needs a `variableName` to store the answer in.')];
  }
  return [];
}

/** Checks on a create request, before anything is stored (422 errors). */
export type CreateCheck = (attributes: Json, engine: MockEngine) => MockErrorObject[];

export const CREATE_CHECKS: Readonly<Record<string, CreateCheck>> = {
  nodes: (attributes) => endNodeCheck(attributes),
  nodeActions: (attributes) => askActionCheck(attributes),
  webhooks: (attributes, engine) => {
    const errors: MockErrorObject[] = [];
    const resource = String(attributes.resource);
    const known = [...engine.model.resources.values()].some((model) => model.type === resource && model.itemPath !== undefined);
    if (!known) errors.push(pointerError('/data/attributes/resource', `"${resource}" is not a resource type of the API (e.g. flowRuns, candidates).`));
    if (attributes.fields !== undefined && attributes.event !== 'update') {
      errors.push(pointerError('/data/attributes/fields', '`fields` only narrows `update` webhooks.'));
    }
    return errors;
  },
};

export function createBehaviors(timing: MockTiming): Readonly<Record<string, TypeBehavior>> {
  return {
    flowRuns: flowRunBehavior(timing),
    flowGenerations: flowGenerationBehavior(timing),
    vacancyAnalyses: vacancyAnalysisBehavior(timing),
    messageThreads: messageThreadBehavior,
    messages: messageBehavior,
    messageTemplates: messageTemplateBehavior,
    users: userBehavior,
    organizations: organizationBehavior,
    nodes: { checkUpdate: (node, attributes) => endNodeCheck(attributes, node.attributes) },
    nodeActions: { checkUpdate: (action, attributes) => askActionCheck(attributes, action.attributes) },
  };
}

// ---- operations that are not create/retrieve/update/delete/list ----

export interface ActionRequest {
  params: Record<string, string>;
  body: unknown;
}

export interface ActionResponse {
  status: number;
  /** A stored resource, answered as its JSON:API document; or a plain JSON body. */
  resource?: StoredResource;
  json?: Json;
}

export type ActionHandler = (engine: MockEngine, request: ActionRequest) => ActionResponse;

export const ACTIONS: Readonly<Record<string, ActionHandler>> = {
  /** A new organization key; the old one stops working. */
  refreshManagementOrganizationToken(engine, { params }) {
    const organization = engine.store.get('organizations', params.organizationId ?? '');
    if (!organization) throw new MockHttpError(404, `No organization has the id "${params.organizationId ?? ''}".`);
    engine.change(organization, { token: engine.ids.token('org_') });
    return { status: 200, resource: organization };
  },
  /** An embed token for one of the organization's users. */
  authenticateEmbed(engine, { body }) {
    const { userId, originUrl } = body as { userId: string; originUrl: string };
    if (!engine.store.has('users', userId)) throw new MockHttpError(422, [pointerError('/userId', `No user has the id "${userId}".`)]);
    return { status: 200, json: { token: engine.ids.token('embed_'), userId, originUrl } };
  },
};
