'use client';

import { Trash2 } from 'lucide-react';
import { type KeyboardEvent, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/utils';
import type { Item } from './types';

export function ItemRow(props: {
  item: Item;
  editable: boolean;
  /** Why a read-only row cannot be changed (tooltip and screen readers). */
  readOnlyReason?: string;
  onToggle: (done: boolean) => void;
  onRename: (title: string) => void;
  onDelete: () => void;
}) {
  const { item, editable } = props;
  const [editing, setEditing] = useState(false);
  const checkboxId = `done-${item.id}`;
  const reasonId = `read-only-${item.id}`;
  const reason = editable ? undefined : props.readOnlyReason;

  function finish(value: string) {
    setEditing(false);
    const title = value.trim();
    if (title && title !== item.title) props.onRename(title);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') finish(event.currentTarget.value);
    if (event.key === 'Escape') setEditing(false);
  }

  return (
    <li className="group flex min-h-12 items-center gap-3 px-3 py-2 sm:px-4" data-item-id={item.id}>
      {/* A disabled input gets no pointer events: the tooltip sits on its wrapper. */}
      <span className="inline-flex" title={reason}>
        <Checkbox
          id={checkboxId}
          checked={item.done}
          disabled={!editable}
          onChange={(event) => props.onToggle(event.currentTarget.checked)}
          aria-label={`Mark “${item.title}” ${item.done ? 'not done' : 'done'}`}
          aria-describedby={reason ? reasonId : undefined}
        />
        {reason && (
          <span id={reasonId} className="sr-only">
            {reason}
          </span>
        )}
      </span>
      {editing ? (
        <Input
          aria-label={`Rename “${item.title}”`}
          defaultValue={item.title}
          maxLength={200}
          autoFocus
          onBlur={(event) => finish(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          className="h-8"
        />
      ) : (
        <button
          type="button"
          disabled={!editable}
          onClick={() => setEditing(true)}
          className={cn(
            // Long unbroken titles (URLs) wrap anywhere: the whole title stays readable at 320 px.
            'min-w-0 flex-1 rounded-sm text-left text-sm [overflow-wrap:anywhere] focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring enabled:cursor-text',
            item.done && 'text-muted-foreground line-through',
          )}
          title={editable ? 'Rename' : reason}
        >
          {item.title}
        </button>
      )}
      {editable && !editing && (
        <Button
          variant="ghost"
          size="icon-sm"
          onClick={props.onDelete}
          aria-label={`Delete “${item.title}”`}
          className="text-muted-foreground opacity-100 hover:text-destructive sm:opacity-0 sm:group-focus-within:opacity-100 sm:group-hover:opacity-100"
        >
          <Trash2 aria-hidden />
        </Button>
      )}
    </li>
  );
}
