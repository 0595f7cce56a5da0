import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { commitPrepared } from '../commit.js';
import { conditionKey, findConditionalMatches, parseCondition, resolveIfNoneExist } from '../conditional-match.js';
import { prepareCreate } from '../create.js';
import { prepareDelete } from '../delete.js';
import { conditionalDeleteTargets } from '../conditional-delete.js';
import { conditionalPatchTarget, preparePatch } from '../patch.js';
import type { EngineContext } from '../engine-context.js';
import type { FhirRequest, FhirResult, InteractionName } from '../fhir-request.js';
import type { PreparedWrite } from '../prepared-write.js';
import { versionResult } from '../record-result.js';
import { assertKnownType } from '../resource-body.js';
import { conditionalUpdateTarget, prepareUpdate, withId } from '../update.js';
import { entryRequest, errorEntry, responseEntry } from './bundle-entries.js';
import { isWrite } from '../write-interactions.js';
import type { StaleKeyHolders } from '../unique-key-claims.js';
import { ReferenceResolver } from './reference-resolver.js';
import { assertReadCanSucceed } from './transaction-reads.js';
import { EventLoopPacer } from '../../concurrency/event-loop-pacer.js';

type Dispatch = (request: FhirRequest) => Promise<FhirResult>;

/** What an entry will touch, decided before anything is written. */
interface EntryPlan {
  index: number;
  request: FhirRequest;
  /** `Type/id` the entry writes, when it writes. */
  target?: string;
  /** A conditional create that matched: answered without a write. */
  matched?: PreparedWrite;
  uniqueKey?: string;
  /** The holder of `uniqueKey` this transaction deletes: the create takes the key over from it. */
  deletedHolder?: string;
}

/**
 * A transaction (http.html#transaction, bundle.html#transaction): all entries succeed or
 * nothing is stored. Identities are resolved first (new ids, If-None-Exist, conditional
 * updates) and the reads shown able to succeed, then every reference to an entry's fullUrl
 * and every conditional reference is rewritten, then each write is prepared by the same code
 * as a single request, and all writes are committed as one journalled unit. Reads run after.
 */
export async function transaction(
  bundle: Bundle,
  prefer: string | undefined,
  context: EngineContext,
  dispatch: Dispatch,
  staleHolders: StaleKeyHolders,
): Promise<FhirResult> {
  const pacer = new EventLoopPacer();
  const { plans, fullUrls } = await planEntries(bundle, context, pacer);
  const writePlans = plans.filter(isWritePlan).sort(inProcessingOrder);
  const readPlans = plans.filter((plan) => !isWritePlan(plan));
  const written = new Map(
    writePlans.flatMap((p) => (p.target && !p.matched ? [[p.target, p.request.interaction] as const] : [])),
  );
  await pacer.forEach(readPlans, (plan) => assertReadCanSucceed(plan.request, plan.index, written, context));
  const resolver = new ReferenceResolver(context, fullUrls);
  await pacer.forEach(plans, (plan) => resolver.rewrite(plan.request.body, `Bundle.entry[${plan.index}].resource`));
  const prepared: PreparedWrite[] = [];
  await pacer.forEach(writePlans, async (plan) => prepared.push(await preparePlan(plan, context, staleHolders)));
  const writeEntries = (results: FhirResult[]): BundleEntry[] =>
    writePlans.map((plan, i) => responseEntry(results[i] as FhirResult, context, plan.request, prefer));
  // The transaction's AuditEvent joins its unit and records its writes; each read entry is audited on its own.
  const committed = await commitPrepared(context, prepared, (results) => transactionResponse(writeEntries(results)));
  const answers = new Map<number, BundleEntry>();
  await pacer.forEach(writePlans, (plan, i) =>
    answers.set(plan.index, responseEntry(committed[i] as FhirResult, context, plan.request, prefer)),
  );
  await pacer.forEach(readPlans, async (plan) =>
    answers.set(plan.index, await readAfterCommit(plan, prefer, context, dispatch)),
  );
  return transactionResponse(plans.map((plan) => answers.get(plan.index) as BundleEntry));
}

function transactionResponse(entry: BundleEntry[]): FhirResult {
  return { status: 200, resource: { resourceType: 'Bundle', type: 'transaction-response', entry } };
}

/**
 * Every entry's plan, in request order, and the `Type/id` each entry's fullUrl stands for.
 * Entries are planned in processing order, so that a POST's If-None-Exist is judged after the
 * DELETEs (http.html#trules): the outcome must not depend on the order of the entries.
 */
async function planEntries(
  bundle: Bundle,
  context: EngineContext,
  pacer: EventLoopPacer,
): Promise<{ plans: EntryPlan[]; fullUrls: Map<string, string> }> {
  const requests: Array<{ entry: BundleEntry; plan: EntryPlan }> = [];
  await pacer.forEach(bundle.entry ?? [], (entry, index) =>
    requests.push({ entry, plan: { index, request: entryRequest(entry, index, context) } }),
  );
  requests.sort((a, b) => inProcessingOrder(a.plan, b.plan));
  const plans: EntryPlan[] = [];
  const fullUrls = new Map<string, string>();
  await pacer.forEach(requests, async ({ entry, plan: pending }) => {
    const plan = await planEntry(pending.request, pending.index, context, plans);
    registerTarget(plan, entry, fullUrls, plans);
    plans.push(plan);
  });
  return { plans: plans.sort((a, b) => a.index - b.index), fullUrls };
}

function isWritePlan(plan: EntryPlan): boolean {
  return isWrite(plan.request.interaction);
}

/**
 * A read was shown able to succeed before the commit; if a concurrent writer changed that in
 * between, the writes stand, so the entry reports the read's failure instead of the whole
 * response denying a commit that happened.
 */
async function readAfterCommit(
  plan: EntryPlan,
  prefer: string | undefined,
  context: EngineContext,
  dispatch: Dispatch,
): Promise<BundleEntry> {
  try {
    return responseEntry(await dispatch(plan.request), context, plan.request, prefer);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return errorEntry(error);
    throw error;
  }
}

/** bundle.html#transaction: DELETE, then POST, then PUT/PATCH; reads (GET/HEAD) after all writes. */
const PROCESSING_ORDER: Partial<Record<InteractionName, number>> = {
  delete: 0,
  'conditional-delete': 0,
  create: 1,
  update: 2,
  'conditional-update': 2,
  patch: 2,
  'conditional-patch': 2,
};
const READS = 3;

function inProcessingOrder(a: Pick<EntryPlan, 'index' | 'request'>, b: Pick<EntryPlan, 'index' | 'request'>): number {
  return rank(a.request) - rank(b.request) || a.index - b.index;
}

function rank(request: FhirRequest): number {
  const order = PROCESSING_ORDER[request.interaction];
  if (order !== undefined) return order;
  // A write without a place in the order would run with the reads: a programming error.
  if (isWrite(request.interaction)) throw new Error(`no transaction processing order for ${request.interaction}`);
  return READS;
}

async function planEntry(
  request: FhirRequest,
  index: number,
  context: EngineContext,
  earlier: EntryPlan[],
): Promise<EntryPlan> {
  const plan: EntryPlan = { index, request };
  const at = `Bundle.entry[${index}].request`;
  switch (request.interaction) {
    case 'create': {
      const type = assertKnownType(request.resourceType, context);
      const { ifNoneExist } = request.headers;
      if (ifNoneExist !== undefined) {
        const found = await resolveIfNoneExist(context, type, ifNoneExist, `${at}.ifNoneExist`);
        if ('uniqueKey' in found) plan.uniqueKey = found.uniqueKey;
        else if (isDeletedBy(earlier, `${type}/${found.match.id}`)) {
          // The DELETEs run first, so the match is gone by the time this POST is processed.
          plan.uniqueKey = conditionKey(type, parseCondition(ifNoneExist));
          plan.deletedHolder = found.match.id;
        } else {
          plan.matched = { result: versionResult(200, found.match) };
          plan.target = `${type}/${found.match.id}`;
          return plan;
        }
      }
      plan.target = `${type}/${context.newId()}`;
      return plan;
    }
    case 'conditional-update': {
      const type = assertKnownType(request.resourceType, context);
      const matches = await findConditionalMatches(context, type, request.query, `${at}.url`);
      plan.target = `${type}/${conditionalUpdateTarget(matches, request.body, context, `${at}.url`)}`;
      if (matches.length === 0) plan.uniqueKey = conditionKey(type, request.query);
      return plan;
    }
    case 'conditional-delete': {
      // One unit of work holds one write per resource the plan can name: at most one match here.
      const [match] = await conditionalDeleteTargets(request, context, `${at}.url`, 1);
      if (match) plan.target = `${match.resourceType}/${match.id}`;
      else plan.matched = { result: { status: 204 } };
      return plan;
    }
    case 'conditional-patch':
      plan.target = `${assertKnownType(request.resourceType, context)}/${await conditionalPatchTarget(request, context, `${at}.url`)}`;
      return plan;
    case 'update':
    case 'patch':
    case 'delete':
      plan.target = `${assertKnownType(request.resourceType, context)}/${request.id ?? ''}`;
      return plan;
    case 'read':
    case 'vread':
    case 'search-type':
    case 'history-instance':
    case 'history-type':
      return plan;
    default:
      throw OperationOutcomeError.of('not-supported', `${request.interaction} is not allowed in a transaction`, at);
  }
}

function isDeletedBy(plans: EntryPlan[], target: string): boolean {
  return plans.some((plan) => plan.request.interaction === 'delete' && plan.target === target);
}

function registerTarget(
  plan: EntryPlan,
  entry: BundleEntry,
  fullUrls: Map<string, string>,
  earlier: EntryPlan[],
): void {
  if (entry.fullUrl && fullUrls.has(entry.fullUrl)) {
    // bundle.html#bundle-unique: a fullUrl names one entry, or references to it are ambiguous.
    throw OperationOutcomeError.of(
      'invalid',
      'Two entries have the same fullUrl',
      `Bundle.entry[${plan.index}].fullUrl`,
    );
  }
  if (plan.uniqueKey !== undefined && earlier.some((other) => other.uniqueKey === plan.uniqueKey)) {
    // Both would create (conditions are evaluated before the transaction): a duplicate.
    const at = `Bundle.entry[${plan.index}].request`;
    throw OperationOutcomeError.of('invalid', 'Two entries create under the same condition', at);
  }
  if (!plan.target) return;
  if (!plan.matched && earlier.some((other) => other.target === plan.target && !other.matched)) {
    throw OperationOutcomeError.of('invalid', `Two entries change ${plan.target}`, `Bundle.entry[${plan.index}]`);
  }
  if (entry.fullUrl) fullUrls.set(entry.fullUrl, plan.target);
}

async function preparePlan(
  plan: EntryPlan,
  context: EngineContext,
  staleHolders: StaleKeyHolders,
): Promise<PreparedWrite> {
  if (plan.matched) return plan.matched;
  const prepared = await prepareWrite(plan, context);
  // A create under a condition (ifNoneExist, or a conditional update with no match) claims it.
  if (prepared.write && plan.uniqueKey) {
    const claim = plan.deletedHolder
      ? { uniqueKey: plan.uniqueKey, staleUniqueKeyHolder: plan.deletedHolder }
      : staleHolders.claim(plan.uniqueKey);
    Object.assign(prepared.write, claim);
  }
  return prepared;
}

function prepareWrite(plan: EntryPlan, context: EngineContext): Promise<PreparedWrite> {
  const id = plan.target?.split('/')[1] ?? '';
  const pathPrefix = `Bundle.entry[${plan.index}].resource`;
  const request = { ...plan.request, id, headers: { ...plan.request.headers } };
  delete request.headers.ifNoneExist;
  if (plan.request.interaction === 'create') return prepareCreate(request, context, { id, pathPrefix });
  if (plan.request.interaction === 'delete' || plan.request.interaction === 'conditional-delete') {
    return prepareDelete(request, context);
  }
  if (plan.request.interaction === 'patch' || plan.request.interaction === 'conditional-patch') {
    return preparePatch(request, context, pathPrefix);
  }
  // Only a conditional update takes its id from the server; a plain PUT keeps the rules of PUT.
  const body = plan.request.interaction === 'conditional-update' ? withId(request.body, id) : request.body;
  return prepareUpdate({ ...request, body }, context, pathPrefix);
}
