import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

// History-mode URLs: the gateway must answer unknown non-/api paths with index.html.
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/leads/new' },
  { path: '/leads/new', name: 'lead-intake', component: () => import('@/pages/LeadIntakePage.vue') },
  { path: '/insights/lead-intake', name: 'lead-stats', component: () => import('@/pages/LeadStatsPage.vue') },
  { path: '/visits/new', name: 'visit-record', component: () => import('@/pages/VisitRecordPage.vue') },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue') },
];

export function createAppRouter() {
  return createRouter({ history: createWebHistory(), routes });
}
