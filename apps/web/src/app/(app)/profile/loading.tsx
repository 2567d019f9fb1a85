// Below the layouts (which check the session and membership), so a 404 is still a 404.
export { PageSkeleton as default } from '@/components/page-skeleton';
