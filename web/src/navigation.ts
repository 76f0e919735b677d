import type { Me, Role } from '@/api/contracts';

export interface NavItem {
  /** Route name and path. */
  name: string;
  path: string;
  /** i18n key of the label. */
  labelKey: string;
  /** Who may see it once sign-in exists; empty = everyone. */
  roles: readonly Role[];
}

/** The console's screens (PRODUCT §8 GW-5); later issues add the claim board, reviews, etc. */
export const NAV_ITEMS: readonly NavItem[] = [
  { name: 'lead-intake', path: '/leads/new', labelKey: 'nav.leadIntake', roles: ['rep', 'supervisor', 'admin'] },
  { name: 'lead-stats', path: '/insights/lead-intake', labelKey: 'nav.leadStats', roles: ['supervisor', 'admin'] },
  { name: 'visit-record', path: '/visits/new', labelKey: 'nav.visitRecord', roles: ['rep', 'supervisor'] },
];

/**
 * Items this user may see. With nobody signed in — which today means the gateway has no
 * authentication yet — every screen is shown; the gateway, not this menu, enforces access (GW-3).
 */
export function visibleNavItems(user: Me | null, items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  if (!user) return [...items];
  return items.filter((item) => item.roles.length === 0 || item.roles.some((role) => user.roles.includes(role)));
}
