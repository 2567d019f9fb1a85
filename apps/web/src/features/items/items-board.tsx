'use client';

import { ListTodo, SearchX } from 'lucide-react';
import { useMemo, useOptimistic, useReducer, useTransition } from 'react';
import { ListRowsSkeleton } from '@/components/list-rows-skeleton';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { type ActionResult, callAction } from '@/lib/action-result';
import { notify } from '@/lib/notify';
import { requestOrgAccessCheck } from '@/lib/org-access';
import { createItem, deleteItem, loadMoreItems, updateItem } from './actions';
import { ItemRow } from './item-row';
import { itemsReducer } from './items-state';
import { LiveBadge } from './live-badge';
import { NewItemForm } from './new-item-form';
import { applyOptimistic, type OptimisticChange, PENDING_ID_PREFIX } from './optimistic';
import type { Item, ItemPage, ItemView } from './types';
import { useLiveItems } from './use-live-items';

/**
 * One list of items: server-rendered first page, live changes from Realtime, and optimistic
 * mutations through Server Actions that roll back (with a toast) when the API refuses.
 */
export function ItemsBoard(props: { view: ItemView; firstPage: ItemPage }) {
  const { view } = props;
  const reducer = useMemo(() => itemsReducer(view), [view]);
  const [state, dispatch] = useReducer(reducer, props.firstPage);
  const [items, showOptimistic] = useOptimistic(state.items, applyOptimistic);
  const [loadingMore, startLoadMore] = useTransition();
  const [, startMutation] = useTransition();
  const orgId = view.scope.kind === 'org' ? view.scope.orgId : null;
  const live = useLiveItems(view.scope, dispatch, catchUp);

  /** Shows `change` at once; keeps the server's answer, or drops the change and says why. */
  function mutate<T>(
    change: OptimisticChange,
    run: () => Promise<ActionResult<T>>,
    onDone: (data: T) => void,
  ) {
    startMutation(async () => {
      showOptimistic(change);
      const result = await callAction(run);
      if (result.ok) return onDone(result.data);
      notify.error(result.error);
      // Refused in an org: perhaps the user was removed meanwhile; the org page checks.
      if (orgId && (result.code === 'forbidden' || result.code === 'not_found')) {
        requestOrgAccessCheck();
      }
    });
  }

  const canChange = (item: Item) =>
    !item.id.startsWith(PENDING_ID_PREFIX) &&
    (item.ownerId === view.scope.userId || (view.scope.kind === 'org' && view.scope.canManageAll));

  function create(title: string) {
    const now = new Date().toISOString();
    const pending: Item = {
      id: `${PENDING_ID_PREFIX}${crypto.randomUUID()}`,
      ownerId: view.scope.userId,
      orgId,
      title,
      body: '',
      done: false,
      createdAt: now,
      updatedAt: now,
    };
    const knownIds = new Set(state.items.map((item) => item.id));
    mutate(
      { type: 'create', item: pending, knownIds },
      () => createItem({ title, orgId }),
      (item) => dispatch({ type: 'upsert', item }),
    );
  }

  function update(item: Item, patch: { title?: string; done?: boolean }) {
    mutate(
      { type: 'update', id: item.id, patch },
      () => updateItem(item.id, patch),
      (saved) => dispatch({ type: 'upsert', item: saved }),
    );
  }

  function remove(item: Item) {
    mutate(
      { type: 'delete', id: item.id },
      () => deleteItem(item.id),
      () => dispatch({ type: 'remove', id: item.id }),
    );
  }

  /** Changes between the server render and the subscription going live: fetch the first page again. */
  async function catchUp() {
    const result = await callAction(() => loadMoreItems({ orgId: orgId ?? undefined, q: view.q }));
    if (result.ok) dispatch({ type: 'refresh', page: result.data });
  }

  function loadMore() {
    const cursor = state.nextCursor;
    if (!cursor) return;
    startLoadMore(async () => {
      const result = await callAction(() =>
        loadMoreItems({ orgId: orgId ?? undefined, q: view.q, cursor }),
      );
      if (result.ok) dispatch({ type: 'page', page: result.data });
      else notify.error(result.error);
    });
  }

  return (
    <div className="grid gap-4">
      <div className="flex items-center gap-3">
        <NewItemForm onCreate={create} />
        <LiveBadge live={live} />
      </div>
      {items.length === 0 ? (
        view.q ? (
          <EmptyState
            icon={SearchX}
            title={`Nothing matches “${view.q}”`}
            description="Try another word, or clear the search."
          />
        ) : (
          <EmptyState
            icon={ListTodo}
            title="No items yet"
            description="Add the first one above. Changes from teammates and other tabs show up here live."
          />
        )
      ) : (
        <ul className="divide-y rounded-lg border bg-card" aria-label="Items">
          {items.map((item) => (
            <ItemRow
              key={item.id}
              item={item}
              editable={canChange(item)}
              readOnlyReason={
                item.id.startsWith(PENDING_ID_PREFIX)
                  ? 'Saving…'
                  : 'Only the owner, or an admin of its organization, can change this item.'
              }
              onToggle={(done) => update(item, { done })}
              onRename={(title) => update(item, { title })}
              onDelete={() => remove(item)}
            />
          ))}
        </ul>
      )}
      {loadingMore && (
        // The next page's rows are on their way: their shape, until the API answers.
        <div role="status" aria-label="Loading more items" className="divide-y rounded-lg border">
          <ListRowsSkeleton rows={3} />
        </div>
      )}
      {state.nextCursor && (
        <Button
          variant="outline"
          className="justify-self-center"
          onClick={loadMore}
          disabled={loadingMore}
          aria-busy={loadingMore}
        >
          {loadingMore ? 'Loading…' : 'Load more'}
        </Button>
      )}
    </div>
  );
}
