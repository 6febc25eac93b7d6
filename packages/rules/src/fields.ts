/**
 * The host and file event field vocabulary: every name a filter, a title template or an aggregate field
 * may use, with its type. `EVENTS.md` documents the same table with examples; a test keeps them in step.
 * @module
 */

/** How a field's value is compared; see `README.md` for the coercions of each type. */
export type FieldType = 'string' | 'number' | 'ip' | 'boolean' | 'string[]';

/** One filterable event field. */
export interface FieldSpec {
  type: FieldType;
  description: string;
}

const f = (type: FieldType, description: string): FieldSpec => Object.freeze({ type, description });

/**
 * The fields of host (`audit`, `connect`, `accept`, `login`, `logout`, `sudo`, `su`, `user`, `group`,
 * `kernel_module`, `host`) and `file` events. Names follow Threat Stack's filter vocabulary.
 *
 * ```ts
 * EVENT_FIELDS.dst_port; // { type: 'number', description: 'destination port …' }
 * compileFilter('dst_port = 4444', { fields: { ...EVENT_FIELDS, team: { type: 'string', description: 'owner' } } });
 * ```
 */
export const EVENT_FIELDS: Readonly<Record<string, FieldSpec>> = Object.freeze({
  // every event
  event_type: f('string', 'Kind of event: audit, connect, accept, login, logout, sudo, su, user, group, kernel_module, file or host.'),
  timestamp: f('number', 'When the event happened, milliseconds since the Unix epoch.'),
  agentId: f('string', 'Id of the agent that reported the event.'),
  hostname: f('string', 'Hostname of the agent.'),
  type: f('string', 'Sub-kind within event_type: start or syscall (audit), add, modify or delete (user, group), load or unload (kernel_module), open, modify, delete or attrib (file).'),
  syscall: f('string', 'System call that produced the event, e.g. execve, connect, finit_module, ptrace, write, unlink.'),
  success: f('boolean', 'Whether the call, login or authentication succeeded.'),

  // the acting process
  user: f('string', 'User name the process runs as; for login, sudo and su the user who authenticated.'),
  uid: f('number', 'User id matching user.'),
  gid: f('number', 'Group id of the process.'),
  group: f('string', 'Group name: the group created or changed (group events) or joined or left (user events).'),
  tty: f('string', 'Controlling terminal, e.g. pts/0; "(none)" or missing for processes without one.'),
  session: f('number', 'Audit login session id; 4294967295 for processes outside any login session.'),
  pid: f('number', 'Process id.'),
  ppid: f('number', 'Parent process id.'),
  exe: f('string', 'Absolute path of the executable.'),
  command: f('string', 'Process name (comm): the executable basename (the script name for #! scripts), at most 15 characters.'),
  args: f('string[]', 'Command line as an array, argv[0] first. Comparisons match when any element matches.'),
  arguments: f('string', 'Command line as one string: args joined by single spaces when the event has no arguments field.'),
  cwd: f('string', 'Working directory of the process.'),
  parent_exe: f('string', 'Executable of the parent process.'),
  parent_command: f('string', 'Process name (comm) of the parent process.'),
  parent_args: f('string[]', 'Command line of the parent process as an array.'),
  parent_arguments: f('string', 'Command line of the parent process: parent_args joined by single spaces when absent.'),
  container_id: f('string', 'Container id when the process runs in a container; missing on the host.'),

  // network (connect, accept; login carries the client address)
  src_ip: f('ip', 'Source address (IPv4 or IPv6); for logins the client address.'),
  src_port: f('number', 'Source port.'),
  dst_ip: f('ip', 'Destination address (IPv4 or IPv6).'),
  dst_port: f('number', 'Destination port.'),
  protocol: f('string', 'Transport protocol: tcp or udp.'),
  connect_type: f('string', 'Direction of a connection: outbound (connect) or inbound (accept).'),
  ip: f('ip', 'Remote address: derived as dst_ip for connect and src_ip (else dst_ip) for every other event when missing.'),
  port: f('number', 'Service port: derived as dst_port when missing (the remote port of a connect, the listening port of an accept).'),

  // identity changes and authentication
  src_user: f('string', 'User who ran su or sudo (same as user).'),
  dst_user: f('string', 'Target user of su or sudo; the account created, changed or deleted by user events.'),
  auth_method: f('string', 'How a login authenticated, e.g. publickey, password, keyboard-interactive.'),

  // kernel modules
  module: f('string', 'Kernel module name, e.g. overlay or diamorphine.'),

  // files
  filename: f('string', 'Absolute path of the file (file events and path-based audit syscalls such as chmod or mount).'),
  mode: f('string', 'Permission bits as an octal string, e.g. 0644 or 4755 (attrib events and chmod syscalls).'),
  md5: f('string', 'MD5 of the file content after the change, lowercase hex.'),
  sha1: f('string', 'SHA-1 of the file content after the change, lowercase hex.'),
  sha256: f('string', 'SHA-256 of the file content after the change, lowercase hex.'),
  size: f('number', 'Size of the file in bytes after the change (file events).'),
  owner: f('string', 'User name owning the file after the change (file events); not who changed it, which is user.'),
  owner_uid: f('number', 'User id owning the file after the change (file events).'),
  owner_gid: f('number', 'Group id owning the file after the change (file events).'),

  // log-based host events
  sigid: f('string', 'Signature id of a log-based host event (event_type host), e.g. 5902.'),
  message: f('string', 'Log line a host event was decoded from.'),

  // cloud metadata of the agent
  cloudProvider: f('string', 'Cloud provider of the agent, e.g. aws, gcp, azure.'),
  accountId: f('string', 'Cloud account id of the agent.'),
  availabilityZone: f('string', 'Cloud availability zone of the agent.'),
});
