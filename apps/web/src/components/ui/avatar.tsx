'use client';

import { useState } from 'react';
import { cn } from '@/lib/utils';

/** A person's picture, or their initials when there is none (or it fails to load). */
export function Avatar(props: { name: string; url?: string | null; className?: string }) {
  // The URL that failed, so a new URL (profile edited) gets its own try.
  const [failed, setFailed] = useState<string | null>(null);
  const initials = props.name
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
  const showImage = Boolean(props.url) && failed !== props.url;
  return (
    <span
      className={cn(
        'relative inline-flex size-8 shrink-0 items-center justify-center overflow-hidden rounded-full bg-accent text-xs font-semibold text-accent-foreground',
        props.className,
      )}
      aria-hidden
      data-avatar={showImage ? 'image' : 'initials'}
      data-initials={initials}
    >
      {/* Drawn by CSS, not text: inside a labelled button (the account menu) the initials must
          not read as visible text missing from its name (WCAG 2.5.3, label in name). */}
      <span className="before:content-[attr(data-initials)]" data-initials={initials} />
      {showImage && (
        // biome-ignore lint/performance/noImgElement: avatars are arbitrary remote URLs the user picks
        <img
          src={props.url!}
          alt=""
          className="absolute inset-0 size-full object-cover"
          referrerPolicy="no-referrer"
          onError={() => setFailed(props.url ?? null)}
          // A server-rendered image can fail before React attaches onError: check on mount too.
          ref={(img) => {
            if (img?.complete && img.naturalWidth === 0) setFailed(props.url ?? null);
          }}
        />
      )}
    </span>
  );
}
