/**
 * One message of the host's authentication log, whichever way it was read: a line of /var/log/auth.log (or
 * /var/log/secure) or an entry of the systemd journal. Both say which program wrote it, its pid and the text;
 * the journal also says what the kernel knows about the sender.
 * @module
 */

export interface AuthEntry {
  /** milliseconds since the Unix epoch */
  timestamp: number;
  /** the syslog tag: `sshd`, `sudo`, `su`, `login`, … */
  program: string;
  pid?: number;
  message: string;
  /** the sender's audit session id (journal only; left out for 4294967295, "no session") */
  session?: number;
  /** the sender's executable (journal only) */
  exe?: string;
}
