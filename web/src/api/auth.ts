import type { ApiClient } from './http';
import type { Me, Role } from './contracts';

/**
 * Sign-in endpoints of the gateway (GW-2). They are the gateway's own (gateway/Auth), not
 * transcoded gRPC, so they are mirrored here by hand.
 */
export const AUTH_PATHS = {
  signIn: '/api/v1/auth/sign-in',
  refresh: '/api/v1/auth/refresh',
  signOut: '/api/v1/auth/sign-out',
  me: '/api/v1/me',
  users: '/api/v1/admin/users',
} as const;

/** The gateway's token answer (sign-in and refresh). */
export interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token in seconds. */
  expiresIn?: number;
  /** The signed-in user (saves a `me` round trip). */
  user?: MeResponse;
}

export interface SignInRequest {
  userName: string;
  password: string;
}

export function signInRequest(client: ApiClient, request: SignInRequest): Promise<TokenResponse> {
  return client.post<TokenResponse>(AUTH_PATHS.signIn, request);
}

export function refreshRequest(client: ApiClient, refreshToken: string): Promise<TokenResponse> {
  return client.post<TokenResponse>(AUTH_PATHS.refresh, { refreshToken });
}

export function signOutRequest(client: ApiClient, refreshToken: string | null): Promise<void> {
  return client.post<void>(AUTH_PATHS.signOut, refreshToken ? { refreshToken } : {});
}

/** Raw `me` answer; roles may come in any case from the identity store. */
export interface MeResponse {
  userId?: string;
  id?: string;
  userName?: string;
  displayName?: string;
  roles?: string[];
  teamId?: string;
}

const KNOWN_ROLES: readonly Role[] = ['rep', 'supervisor', 'presales', 'delivery', 'finance', 'admin'];

/** Maps the gateway's `me` to the console's Me: unknown roles are dropped (never guessed). */
export function toMe(response: MeResponse): Me {
  const roles = (response.roles ?? [])
    .map((role) => role.toLowerCase())
    .filter((role): role is Role => (KNOWN_ROLES as readonly string[]).includes(role));
  const userId = response.userId ?? response.id ?? '';
  return {
    userId,
    displayName: response.displayName || response.userName || userId,
    roles: [...new Set(roles)],
    ...(response.teamId ? { teamId: response.teamId } : {}),
  };
}

export async function fetchMe(client: ApiClient): Promise<Me> {
  return toMe(await client.get<MeResponse>(AUTH_PATHS.me));
}

/** POST /api/v1/admin/users (admin only): a password may be given, else the gateway makes one. */
export interface CreateUserRequest {
  userName: string;
  displayName: string;
  password?: string;
  roles: Role[];
  teamId?: string;
  supervisorId?: string;
}

export interface CreateUserResponse {
  user: MeResponse;
  /** Set when the gateway generated the password: shown once. */
  initialPassword?: string | null;
}

export function createUser(client: ApiClient, request: CreateUserRequest): Promise<CreateUserResponse> {
  return client.post<CreateUserResponse>(AUTH_PATHS.users, request);
}

export function listUsers(client: ApiClient): Promise<MeResponse[]> {
  return client.get<MeResponse[]>(AUTH_PATHS.users);
}
