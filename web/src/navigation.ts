import type { Me, Role } from '@/api/contracts';

export interface NavItem {
  /** Route name and path. */
  name: string;
  path: string;
  /** i18n key of the label. */
  labelKey: string;
  /** Who sees it; empty = every signed-in user. */
  roles: readonly Role[];
}

const SALES: readonly Role[] = ['rep', 'supervisor', 'admin'];

/**
 * The console's screens (PRODUCT §8 GW-5) and who sees them. The menu only spares people
 * screens they cannot use; the services enforce access (GW-3) whatever the menu shows.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { name: 'claim-board', path: '/board', labelKey: 'nav.board', roles: SALES },
  { name: 'lead-intake', path: '/leads/new', labelKey: 'nav.leadIntake', roles: SALES },
  { name: 'lead-import', path: '/leads/import', labelKey: 'nav.leadImport', roles: ['supervisor', 'admin'] },
  { name: 'customers', path: '/customers', labelKey: 'nav.customers', roles: ['rep', 'supervisor'] },
  { name: 'visit-record', path: '/visits/new', labelKey: 'nav.visitRecord', roles: ['rep', 'supervisor'] },
  { name: 'review-queue', path: '/reviews', labelKey: 'nav.reviews', roles: ['supervisor'] },
  { name: 'alerts', path: '/alerts', labelKey: 'nav.alerts', roles: ['rep', 'supervisor'] },
  { name: 'lead-stats', path: '/insights/lead-intake', labelKey: 'nav.leadStats', roles: ['supervisor', 'admin'] },
  { name: 'users', path: '/admin/users', labelKey: 'nav.users', roles: ['admin'] },
];

/** Items this user may see; nobody signed in sees none (the router sends them to sign-in). */
export function visibleNavItems(user: Me | null, items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  if (!user) return [];
  return items.filter((item) => mayOpen(user, item.roles));
}

export function mayOpen(user: Me, roles: readonly Role[] | undefined): boolean {
  return !roles || roles.length === 0 || roles.some((role) => user.roles.includes(role));
}

/** Where a user lands after sign-in: the first screen their roles open, else "who am I". */
export function homePath(user: Me | null): string {
  return visibleNavItems(user)[0]?.path ?? '/me';
}
