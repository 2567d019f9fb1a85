import { Settings } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { Button } from '@/components/ui/button';
import { ItemSearch } from '@/features/items/item-search';
import { ItemsBoard } from '@/features/items/items-board';
import { loadItems } from '@/features/items/load-items';
import { MembershipGuard } from '@/features/orgs/membership-guard';
import { canManage, loadMyOrg } from '@/lib/load-my-org';
import { type PageProps, searchParam } from '@/lib/page-props';
import { requireSession } from '@/lib/supabase/server';

export async function generateMetadata(props: PageProps<{ orgId: string }>): Promise<Metadata> {
  const org = await loadMyOrg((await props.params).orgId);
  return { title: org.name };
}

export default async function OrgItemsPage(props: PageProps<{ orgId: string }>) {
  const { orgId } = await props.params;
  const q = searchParam(await props.searchParams, 'q')?.trim() || undefined;
  const [session, org, firstPage] = await Promise.all([
    requireSession(),
    loadMyOrg(orgId),
    loadItems({ orgId, q }),
  ]);
  const path = `/orgs/${org.id}`;
  return (
    <>
      <MembershipGuard orgId={org.id} orgName={org.name} role={org.role} />
      <PageHeader
        title={org.name}
        description="Everyone in this organization sees these items."
        actions={
          <div className="flex items-center gap-2">
            <ItemSearch q={q} path={path} />
            <Button asChild variant="outline" size="icon" aria-label="Organization settings">
              <Link href={`${path}/settings`}>
                <Settings aria-hidden />
              </Link>
            </Button>
          </div>
        }
      />
      <ItemsBoard
        key={`${org.id}:${q ?? ''}`}
        view={{
          scope: {
            kind: 'org',
            orgId: org.id,
            userId: session.userId,
            canManageAll: canManage(org),
          },
          q,
        }}
        firstPage={firstPage}
      />
    </>
  );
}
