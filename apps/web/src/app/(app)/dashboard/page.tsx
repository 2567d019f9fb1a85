import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { PasswordUpdatedToast } from '@/features/auth/password-updated-toast';
import { ItemSearch } from '@/features/items/item-search';
import { ItemsBoard } from '@/features/items/items-board';
import { loadItems } from '@/features/items/load-items';
import { type PageProps, searchParam } from '@/lib/page-props';
import { requireSession } from '@/lib/supabase/server';

export const metadata: Metadata = { title: 'Personal items' };

export default async function DashboardPage(props: PageProps) {
  const params = await props.searchParams;
  const q = searchParam(params, 'q')?.trim() || undefined;
  const [session, firstPage] = await Promise.all([requireSession(), loadItems({ q })]);
  return (
    <>
      <PageHeader
        title="Personal"
        description="Only you can see these."
        actions={<ItemSearch q={q} path="/dashboard" />}
      />
      <ItemsBoard
        key={q ?? ''}
        view={{ scope: { kind: 'personal', userId: session.userId }, q }}
        firstPage={firstPage}
      />
      {searchParam(params, 'password') === 'updated' && <PasswordUpdatedToast />}
    </>
  );
}
