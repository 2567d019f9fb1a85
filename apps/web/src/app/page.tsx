import { FeaturesGrid } from '@/features/landing/features-grid';
import { Hero } from '@/features/landing/hero';
import { LandingFooter } from '@/features/landing/landing-footer';
import { LandingHeader } from '@/features/landing/landing-header';
import { Pricing } from '@/features/landing/pricing';

/**
 * The public landing page: a starting point a team replaces. Server components only, so it adds
 * no JavaScript to any page. Signed-in visitors never see it (proxy.ts sends them to the dashboard).
 */
export default function Home() {
  return (
    <div className="flex min-h-dvh flex-col">
      <LandingHeader />
      <main className="flex-1">
        <Hero />
        <FeaturesGrid />
        <Pricing />
      </main>
      <LandingFooter />
    </div>
  );
}
