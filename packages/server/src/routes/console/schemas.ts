/**
 * Schemas of the console's own API (`/console/api`): what the session routes take and answer.
 * @module
 */
import { Type } from 'typebox';
import { ROLES } from '@vigil/store';
import { StringEnum } from '../../http/schemas.js';

/** The tag of every console route in the OpenAPI document. */
export const CONSOLE_TAG = 'Console';
/** The console routes' security: the session cookie (and `X-CSRF-Token`). */
export const SESSION_SECURITY = [{ consoleSession: [] }];

export const SignInBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const SwitchOrganizationBody = Type.Object(
  { organizationId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

const Role = StringEnum(ROLES);

export const ConsoleSession = Type.Object(
  {
    user: Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String() }),
    organizations: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: Role }), {
      description: "every organization the user is a member of (the organization switcher's choices)",
    }),
    organizationId: Type.String({ description: 'the organization the session works in' }),
    role: Role,
    csrfToken: Type.String({ description: 'send as `X-CSRF-Token` on every session-authenticated request' }),
    expiresAt: Type.String({ description: 'ISO-8601: the absolute end of the session, whatever the activity' }),
    idleMinutes: Type.Integer({ description: 'the session ends after this many minutes without a request' }),
  },
  { title: 'ConsoleSession' },
);
