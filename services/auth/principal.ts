import type { ApiRole } from '../../contract/literals.ts';

export type Role = ApiRole;

/**
 * Who is asking: the token behind the request (presented as a bearer token or through a
 * session cookie made from one), its role, and the station it acts for, if any.
 */
export interface Principal {
  tokenId: string;
  role: Role;
  station: string | null;
}

/** A judge is known by their token, never by a name they choose. */
export function judgeOf(principal: Principal): string {
  return principal.tokenId;
}
