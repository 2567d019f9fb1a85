import { Building2, Radio, ShieldCheck, Smartphone, UserRound, WifiOff } from 'lucide-react';

const FEATURES = [
  {
    icon: ShieldCheck,
    title: 'Row Level Security, proven',
    text: 'Every query runs as the signed-in user, so the database decides who sees what. Tests try to get around every rule.',
  },
  {
    icon: Building2,
    title: 'Organizations and roles',
    text: 'Owners, admins and members, email invitations, and one rule for who may change what.',
  },
  {
    icon: Radio,
    title: 'Live updates',
    text: 'Changes from teammates and other tabs appear at once, filtered by the same access rules.',
  },
  {
    icon: UserRound,
    title: 'Accounts done properly',
    text: 'Password, magic link, password reset and confirmation emails, on Supabase Auth.',
  },
  {
    icon: Smartphone,
    title: 'Every screen, every theme',
    text: 'Readable from a 320 px phone to a desktop, light or dark, by keyboard or screen reader.',
  },
  {
    icon: WifiOff,
    title: 'Works on a plane',
    text: 'The whole stack runs locally without Docker, and nothing the app needs comes from the internet.',
  },
] as const;

export function FeaturesGrid() {
  return (
    <section
      id="features"
      aria-labelledby="features-title"
      className="scroll-mt-16 border-y bg-muted/40"
    >
      <div className="mx-auto grid max-w-6xl gap-8 px-4 py-16 sm:px-6">
        <div className="grid gap-2 text-center">
          <h2 id="features-title" className="text-2xl font-semibold tracking-tight sm:text-3xl">
            What is already done
          </h2>
          <p className="text-muted-foreground">The parts every team product needs on day one.</p>
        </div>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {FEATURES.map(({ icon: Icon, title, text }) => (
            <li key={title} className="grid gap-2 rounded-xl border bg-card p-5">
              <Icon className="size-5 text-primary" aria-hidden />
              <h3 className="font-semibold">{title}</h3>
              <p className="text-sm text-muted-foreground">{text}</p>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
