import { redirect } from 'next/navigation';

/** Signed-in visitors never get here (proxy.ts sends them to the dashboard). */
export default function Home() {
  redirect('/sign-in');
}
