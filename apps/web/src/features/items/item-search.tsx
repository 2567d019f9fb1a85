'use client';

import { Search } from 'lucide-react';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { Input } from '@/components/ui/input';

/** The search lives in the URL (?q=), so the server renders the filtered first page. */
export function ItemSearch({ q, path }: { q: string | undefined; path: string }) {
  const router = useRouter();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const query = new FormData(event.currentTarget).get('q')?.toString().trim();
    router.push(query ? `${path}?q=${encodeURIComponent(query)}` : path);
  }
  return (
    <search className="relative w-full sm:w-64">
      <form action={path} onSubmit={submit}>
        <Search
          className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
          aria-hidden
        />
        <label htmlFor="item-search" className="sr-only">
          Search items
        </label>
        <Input
          id="item-search"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="Search items"
          className="pl-8"
        />
      </form>
    </search>
  );
}
