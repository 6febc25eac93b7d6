/**
 * Names of the system calls the agent audits, by architecture (the `arch` field of a SYSCALL record). auditd's
 * enriched `SYSCALL=` field names them too, but records read from a dispatcher in raw format carry numbers only.
 * @module
 */

/** `arch` values: AUDIT_ARCH_X86_64 and AUDIT_ARCH_AARCH64. */
const SYSCALLS_BY_ARCH: Record<string, Record<number, string>> = {
  c000003e: {
    42: 'connect',
    43: 'accept',
    59: 'execve',
    105: 'setuid',
    106: 'setgid',
    113: 'setreuid',
    114: 'setregid',
    117: 'setresuid',
    119: 'setresgid',
    126: 'capset',
    175: 'init_module',
    176: 'delete_module',
    288: 'accept4',
    313: 'finit_module',
    322: 'execveat',
  },
  c00000b7: {
    91: 'capset',
    105: 'init_module',
    106: 'delete_module',
    143: 'setregid',
    144: 'setgid',
    145: 'setreuid',
    146: 'setuid',
    147: 'setresuid',
    149: 'setresgid',
    202: 'accept',
    203: 'connect',
    221: 'execve',
    242: 'accept4',
    273: 'finit_module',
    281: 'execveat',
  },
};

/** The architectures whose syscalls are named here, as auditctl's `-F arch=` spells them. */
export const AUDITED_ARCHES = { c000003e: 'b64', c00000b7: 'b64' } as const;

/**
 * The syscall's name: auditd's own interpretation when present, else the table, else the number as text.
 *
 * ```ts
 * syscallName('c000003e', '59'); // 'execve'
 * ```
 */
export function syscallName(arch: string | undefined, number: string | undefined, enriched?: string): string | undefined {
  if (enriched) return enriched;
  if (number === undefined) return undefined;
  return SYSCALLS_BY_ARCH[arch ?? '']?.[Number(number)] ?? number;
}
