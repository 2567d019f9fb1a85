import { Check } from 'lucide-react';
import Link from 'next/link';
import { buttonVariants } from '@/components/ui/button';
import { cn } from '@/lib/utils';

/** A placeholder: replace the plans with yours. */
const PLANS = [
  { name: 'Free', price: '$0', note: 'for trying it out', perks: ['1 organization', '3 members'] },
  {
    name: 'Team',
    price: '$—',
    note: 'per member a month',
    perks: ['Unlimited organizations', 'Unlimited members', 'Priority support'],
    featured: true,
  },
  {
    name: 'Enterprise',
    price: 'Talk to us',
    note: 'for larger teams',
    perks: ['SSO', 'Audit log'],
  },
] as const;

export function Pricing() {
  return (
    <section id="pricing" aria-labelledby="pricing-title" className="scroll-mt-16">
      <div className="mx-auto grid max-w-6xl gap-8 px-4 py-16 sm:px-6">
        <div className="grid gap-2 text-center">
          <h2 id="pricing-title" className="text-2xl font-semibold tracking-tight sm:text-3xl">
            Pricing
          </h2>
          <p className="text-muted-foreground">Placeholder plans: make them yours.</p>
        </div>
        <ul className="grid gap-4 md:grid-cols-3">
          {PLANS.map((plan) => {
            const featured = 'featured' in plan && plan.featured;
            return (
              <li
                key={plan.name}
                className={cn(
                  'grid content-start gap-4 rounded-xl border bg-card p-6',
                  featured && 'border-primary ring-1 ring-primary',
                )}
              >
                <h3 className="font-semibold">{plan.name}</h3>
                <p>
                  <span className="text-3xl font-semibold tracking-tight">{plan.price}</span>{' '}
                  <span className="text-sm text-muted-foreground">{plan.note}</span>
                </p>
                <ul className="grid gap-2 text-sm">
                  {plan.perks.map((perk) => (
                    <li key={perk} className="flex items-center gap-2">
                      <Check className="size-4 text-primary" aria-hidden />
                      {perk}
                    </li>
                  ))}
                </ul>
                <Link
                  href="/sign-up"
                  className={buttonVariants({ variant: featured ? 'default' : 'outline' })}
                  aria-label={`Get started with ${plan.name}`}
                >
                  Get started
                </Link>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
