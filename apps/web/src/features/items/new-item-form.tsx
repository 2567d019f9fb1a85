'use client';

import { Plus } from 'lucide-react';
import { type FormEvent, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';

export function NewItemForm({ onCreate }: { onCreate: (title: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const title = input.current?.value.trim();
    if (!title || !input.current) return;
    onCreate(title);
    input.current.value = '';
  }
  return (
    <form onSubmit={submit} className="flex flex-1 gap-2">
      <label htmlFor="new-item" className="sr-only">
        New item
      </label>
      <Input
        id="new-item"
        ref={input}
        placeholder="Add an item…"
        autoComplete="off"
        maxLength={200}
      />
      <Button type="submit">
        <Plus aria-hidden />
        <span className="max-sm:sr-only">Add</span>
      </Button>
    </form>
  );
}
