import 'server-only';
import { parseResponse } from 'hono/client';
import { cache } from 'react';
import { api, pageData } from './api';

/** The signed-in user, their profile and organizations; one API call per request. */
export const loadMe = cache(async () => pageData(parseResponse((await api()).v1.me.$get())));

export type Me = Awaited<ReturnType<typeof loadMe>>;
export type MyOrganization = Me['organizations'][number];
