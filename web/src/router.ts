import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router';
import type { Role } from '@/api/contracts';
import { NAV_ITEMS, homePath, mayOpen } from '@/navigation';
import { me } from '@/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in (only the sign-in page). */
    public?: boolean;
    /** Roles that may open it; absent = any signed-in user. */
    roles?: readonly Role[];
  }
}

const rolesOf = (name: string): readonly Role[] | undefined => NAV_ITEMS.find((item) => item.name === name)?.roles;

// History-mode URLs: the gateway must answer unknown non-/api paths with index.html.
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', redirect: () => homePath(me.value) },
  { path: '/sign-in', name: 'sign-in', meta: { public: true }, component: () => import('@/pages/SignInPage.vue') },
  { path: '/me', name: 'me', component: () => import('@/pages/MePage.vue') },
  { path: '/board', name: 'claim-board', meta: { roles: rolesOf('claim-board') }, component: () => import('@/pages/ClaimBoardPage.vue') },
  { path: '/leads/new', name: 'lead-intake', meta: { roles: rolesOf('lead-intake') }, component: () => import('@/pages/LeadIntakePage.vue') },
  { path: '/leads/import', name: 'lead-import', meta: { roles: rolesOf('lead-import') }, component: () => import('@/pages/LeadImportPage.vue') },
  { path: '/leads/:leadId', name: 'lead-detail', meta: { roles: rolesOf('claim-board') }, component: () => import('@/pages/LeadDetailPage.vue'), props: true },
  { path: '/insights/lead-intake', name: 'lead-stats', meta: { roles: rolesOf('lead-stats') }, component: () => import('@/pages/LeadStatsPage.vue') },
  { path: '/visits/new', name: 'visit-record', meta: { roles: rolesOf('visit-record') }, component: () => import('@/pages/VisitRecordPage.vue') },
  { path: '/reviews', name: 'review-queue', meta: { roles: rolesOf('review-queue') }, component: () => import('@/pages/ReviewQueuePage.vue') },
  { path: '/alerts', name: 'alerts', meta: { roles: rolesOf('alerts') }, component: () => import('@/pages/AlertInboxPage.vue') },
  { path: '/customers', name: 'customers', meta: { roles: rolesOf('customers') }, component: () => import('@/pages/CustomersPage.vue') },
  { path: '/admin/users', name: 'users', meta: { roles: rolesOf('users') }, component: () => import('@/pages/UsersPage.vue') },
  { path: '/:pathMatch(.*)*', name: 'not-found', meta: { public: true }, component: () => import('@/pages/NotFoundPage.vue') },
];

/**
 * Signed-out users go to sign-in (and come back afterwards); a screen the user's roles do not
 * open sends them home instead of showing a page whose every call would answer 403.
 */
export function installGuards(router: Router): Router {
  router.beforeEach((to) => {
    if (to.meta.public) return true;
    if (!me.value) return { name: 'sign-in', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
    if (!mayOpen(me.value, to.meta.roles)) return homePath(me.value) === to.path ? { name: 'me' } : homePath(me.value);
    return true;
  });
  return router;
}

export function createAppRouter() {
  return installGuards(createRouter({ history: createWebHistory(), routes }));
}
