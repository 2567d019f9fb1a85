'use client';

import { Building2, Check, ChevronsUpDown, Plus, UserRound } from 'lucide-react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';

// Loaded when first opened: most visits never create an organization.
const CreateOrgDialog = dynamic(() => import('./create-org-dialog').then((m) => m.CreateOrgDialog));

interface OrgOption {
  id: string;
  name: string;
  role: string;
}

/** Switches between the personal list and each organization's list. */
export function OrgSwitcher({ organizations }: { organizations: OrgOption[] }) {
  const pathname = usePathname();
  const [creating, setCreating] = useState(false);
  const currentOrgId = /^\/orgs\/([^/]+)/.exec(pathname)?.[1];
  const current = organizations.find((org) => org.id === currentOrgId);

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            variant="ghost"
            // Shrinks (and truncates the name) before anything else in the header moves.
            className="min-w-0 shrink gap-1.5 px-2"
            aria-label={`Workspace: ${current?.name ?? 'Personal'}. Switch workspace`}
            title={current?.name}
          >
            {current ? <Building2 aria-hidden /> : <UserRound aria-hidden />}
            <span className="truncate">{current?.name ?? 'Personal'}</span>
            <ChevronsUpDown className="text-muted-foreground" aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-64">
          <DropdownMenuItem asChild>
            <Link href="/dashboard">
              <UserRound aria-hidden />
              <span className="flex-1">Personal</span>
              {!current && <Check aria-label="current" />}
            </Link>
          </DropdownMenuItem>
          {organizations.length > 0 && (
            <DropdownMenuGroup>
              <DropdownMenuLabel>Organizations</DropdownMenuLabel>
              {organizations.map((org) => (
                <DropdownMenuItem key={org.id} asChild>
                  <Link href={`/orgs/${org.id}`}>
                    <Building2 aria-hidden />
                    <span className="flex-1 truncate">{org.name}</span>
                    {org.id === current?.id && <Check aria-label="current" />}
                  </Link>
                </DropdownMenuItem>
              ))}
            </DropdownMenuGroup>
          )}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreating(true)}>
            <Plus aria-hidden />
            New organization
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {creating && <CreateOrgDialog open onOpenChange={setCreating} />}
    </>
  );
}
