import type { Vsn } from '../serializer';
import type { SubscriptionSpec } from './bindings';
import type { ApiRole } from './database';
import type { Change } from './pgoutput';

/** A joined channel as postgres_changes sees it. */
export interface ChangeSubscriber {
  readonly topic: string;
  readonly vsn: Vsn;
  /** The role of the current claims; the subscription is refused unless it is an ApiRole. */
  readonly role: string;
  /** The current claims as JSON text (they change when the client refreshes its token). */
  readonly claimsJson: string;
  send(frame: string): void;
}

/** One accepted binding, with the claims it was accepted under (RLS checks use these). */
export interface Subscription {
  subscriber: ChangeSubscriber;
  /** The binding id the client matches events by. */
  id: number;
  spec: SubscriptionSpec;
  role: ApiRole;
  claimsJson: string;
}

/** The accepted postgres_changes subscriptions, found per change by table and event. */
export class Subscriptions {
  private readonly bySubscriber = new Map<ChangeSubscriber, Subscription[]>();

  /** Replaces the subscriber's subscriptions (a token refresh re-subscribes with new claims). */
  set(subscriber: ChangeSubscriber, subscriptions: Subscription[]): void {
    this.bySubscriber.set(subscriber, subscriptions);
  }

  delete(subscriber: ChangeSubscriber): void {
    this.bySubscriber.delete(subscriber);
  }

  matching(change: Change): Subscription[] {
    const matches: Subscription[] = [];
    for (const subscriptions of this.bySubscriber.values()) {
      for (const subscription of subscriptions) {
        const { schema, table, event } = subscription.spec;
        if (
          (schema === '*' || schema === change.schema) &&
          (table === '*' || table === change.table) &&
          (event === '*' || event === change.action)
        ) {
          matches.push(subscription);
        }
      }
    }
    return matches;
  }
}
