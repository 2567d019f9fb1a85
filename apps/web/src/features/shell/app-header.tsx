import { Logo } from '@/components/logo';
import { ThemeToggle } from '@/components/theme-toggle';
import { OrgSwitcher } from '@/features/orgs/org-switcher';
import type { Me } from '@/lib/load-me';
import { UserMenu } from './user-menu';

export function AppHeader({ me }: { me: Me }) {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/85 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-4xl items-center gap-2 px-4 sm:gap-4 sm:px-6">
        <Logo href="/dashboard" compact />
        <span className="text-border max-sm:hidden" aria-hidden>
          /
        </span>
        <OrgSwitcher
          organizations={me.organizations.map(({ id, name, role }) => ({ id, name, role }))}
        />
        <div className="ml-auto flex shrink-0 items-center gap-1">
          <ThemeToggle />
          <UserMenu
            name={me.profile.displayName || me.user.email || 'You'}
            email={me.user.email ?? ''}
            avatarUrl={me.profile.avatarUrl}
          />
        </div>
      </div>
    </header>
  );
}
