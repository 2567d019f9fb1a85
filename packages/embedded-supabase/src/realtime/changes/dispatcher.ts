import { textFrame } from '../serializer';
import type { ClaimsCheck, Evaluation } from './database';
import type { Filter } from './filters';
import { CHANGE_ERRORS, changeData, errorData } from './payload';
import type { Change } from './pgoutput';
import type { ChangeSubscriber, Subscription, Subscriptions } from './subscriptions';

export type Evaluate = (
  change: Change,
  filters: Filter[],
  checks: ClaimsCheck[],
) => Promise<Evaluation>;

/** One reached subscription with its place in the batched evaluation. */
interface Target {
  subscription: Subscription;
  filterIndexes: number[];
  checkIndex: number;
}

interface Plan {
  filters: Filter[];
  checks: ClaimsCheck[];
  targets: Target[];
}

/**
 * Turns replicated changes into postgres_changes events. Each change costs one database round
 * trip whatever the number of subscribers; round trips of consecutive changes overlap
 * (postgres.js pipelines them) while delivery keeps commit order.
 */
export class ChangeDispatcher {
  private delivered: Promise<void> = Promise.resolve();

  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly evaluate: Evaluate,
    private readonly log: (message: string) => void,
  ) {}

  dispatch(change: Change): void {
    const reached = this.subscriptions.matching(change);
    if (reached.length === 0) return;
    const plan = planEvaluation(reached);
    const evaluation = this.evaluate(change, plan.filters, plan.checks).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    this.delivered = this.delivered.then(async () => {
      const result = await evaluation;
      if ('value' in result) deliver(change, plan, result.value);
      else {
        const table = `${change.schema}.${change.table}`;
        this.log(`realtime: could not evaluate a change on ${table}: ${String(result.error)}`);
      }
    });
  }

  /** Resolves once every dispatched change is delivered. */
  drain(): Promise<void> {
    return this.delivered;
  }
}

/** Distinct filters and distinct claims: the database evaluates each once per change. */
function planEvaluation(reached: Subscription[]): Plan {
  const plan: Plan = { filters: [], checks: [], targets: [] };
  const filterIndex = new Map<string, number>();
  const checkIndex = new Map<string, number>();
  for (const subscription of reached) {
    const filterIndexes = subscription.spec.filters.map((filter) =>
      indexOf(filterIndex, plan.filters, JSON.stringify(filter), () => filter),
    );
    const { role, claimsJson } = subscription;
    const index = indexOf(checkIndex, plan.checks, `${role}\n${claimsJson}`, () => ({
      role,
      claims: claimsJson,
      filter_sets: [],
    }));
    plan.checks[index]!.filter_sets.push(filterIndexes);
    plan.targets.push({ subscription, filterIndexes, checkIndex: index });
  }
  return plan;
}

function indexOf<T>(index: Map<string, number>, list: T[], key: string, make: () => T): number {
  let position = index.get(key);
  if (position === undefined) {
    position = list.push(make()) - 1;
    index.set(key, position);
  }
  return position;
}

/** 'deliver', an error to report instead of the row, or null when the target sees nothing. */
function outcome(change: Change, evaluation: Evaluation, target: Target): string | null {
  const { role } = target.subscription;
  const { primary_key: primaryKey, selectable } = evaluation;
  if (change.action !== 'DELETE') {
    if (primaryKey.length === 0) return CHANGE_ERRORS.noPrimaryKey;
    const readable = selectable[role] ?? [];
    if (!primaryKey.every((column) => readable.includes(column))) return CHANGE_ERRORS.unauthorized;
  }
  if (!target.filterIndexes.every((index) => evaluation.filters_passed[index])) return null;
  if (!evaluation.rls_enabled || change.action === 'DELETE') return 'deliver';
  const visible = evaluation.visible?.[target.checkIndex];
  if (visible === null) return CHANGE_ERRORS.policyFailed;
  return visible ? 'deliver' : null;
}

/** One `data` per (outcome, role, selection); one frame per channel, listing its binding ids. */
function deliver(change: Change, plan: Plan, evaluation: Evaluation): void {
  const groups = new Map<string, { data: () => string; ids: Map<ChangeSubscriber, number[]> }>();
  for (const target of plan.targets) {
    const result = outcome(change, evaluation, target);
    if (result === null) continue;
    const { role, spec, subscriber, id } = target.subscription;
    const key = result === 'deliver' ? `${role}\n${spec.select?.join(',') ?? '*'}` : result;
    let group = groups.get(key);
    if (!group) {
      group = {
        data:
          result === 'deliver'
            ? () => changeData(change, evaluation, role, spec.select)
            : () => errorData(change, result),
        ids: new Map(),
      };
      groups.set(key, group);
    }
    group.ids.set(subscriber, [...(group.ids.get(subscriber) ?? []), id]);
  }
  for (const { data, ids } of groups.values()) {
    const json = data();
    for (const [subscriber, bindingIds] of ids) {
      const payload = `{"ids":${JSON.stringify(bindingIds)},"data":${json}}`;
      subscriber.send(
        textFrame(subscriber.vsn, null, null, subscriber.topic, 'postgres_changes', payload),
      );
    }
  }
}
