// The email rung of the ladder: nodemailer over SMTP to the school's relay, one pooled transport built from
// the admin's stored settings (rebuilt when they change). Timeouts are seconds, not nodemailer's minutes, so
// a dead relay fails fast into the dispatcher's back-off instead of holding the lane. Errors are sorted into
// "try again later" (down, timeouts, 4xx) and "this address will never work" (5xx for the recipient).
import net from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Sqlite } from '../../../db/client.js';
import { ChannelError, type Channel, type OutboundMessage, type SendOutcome } from '../gateway.channels.js';
import type { SmtpConfig } from '../gateway.dto.js';
import { renderEmail } from './email-templates.js';

export interface EmailTimeouts {
  /** From opening the connection (name lookup, TCP, implicit TLS) to the server's 220 greeting. */
  greeting: number;
  /** Silence on an open connection. */
  socket: number;
}

export interface EmailChannelDeps {
  sqlite: Sqlite;
  smtp(): SmtpConfig;
  schoolName(): string;
  /** Absolute base URL of the box: its host names the Message-ID and the EHLO. */
  baseUrl(): string;
  timeouts?: Partial<EmailTimeouts>;
}

const CONCURRENCY = 4;
const CHUNK = 500;
const DEFAULT_TIMEOUTS: EmailTimeouts = { greeting: 10_000, socket: 30_000 };
/** One plain address: no lists, no display-name syntax (nodemailer would parse "a@x, b@y" into two recipients). */
const ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;
/** 5xx answers to these commands are about this recipient or this message; elsewhere they are about our setup. */
const RECIPIENT_COMMANDS = new Set(['RCPT TO', 'DATA']);

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
}

/** Transient (retry with back-off) or final for this address (fail now, next rung). */
export function classifySmtpError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  const e = (err instanceof Error ? err : new Error(String(err))) as SmtpError;
  const code = e.responseCode;
  const where = e.command ? ` (${e.command}${code ? ` ${code}` : ''})` : '';
  const message = `${e.message}${where}`.slice(0, 500);
  // 5xx on MAIL FROM / AUTH / the greeting means the relay refuses *us* (wrong password, sender not allowed):
  // the admin can fix that, and the same mail should go once they do.
  if (code && code >= 500 && code < 600 && e.command && RECIPIENT_COMMANDS.has(e.command)) return new ChannelError(message, 'permanent');
  return new ChannelError(message, 'retry');
}

export function createEmailChannel(d: EmailChannelDeps): Channel & { reset(): void; close(): void } {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...d.timeouts };
  let transport: { key: string; t: Transporter<SMTPPool.SentMessageInfo> } | null = null;
  let addressStmt: ReturnType<Sqlite['prepare']> | null = null;
  const addressOf = (userId: string) =>
    (addressStmt ??= d.sqlite.prepare(`SELECT email, display_name AS name FROM users WHERE id = ? AND active = 1`)).get(userId) as { email: string | null; name: string } | undefined;

  const boxHost = () => {
    try {
      return new URL(d.baseUrl()).hostname || 'localhost';
    } catch {
      return 'localhost';
    }
  };

  function transporter(): Transporter<SMTPPool.SentMessageInfo> {
    const s = d.smtp();
    const key = JSON.stringify(s);
    if (transport?.key === key) return transport.t;
    transport?.t.close();
    const options: SMTPPool.Options & { maxRequeues: number } = {
      pool: true,
      maxConnections: CONCURRENCY,
      maxMessages: 100,
      // A pooled connection the relay dropped while idle gets one more go; more could send a mail twice.
      maxRequeues: 1,
      host: s.host,
      port: s.port,
      secure: s.security === 'tls',
      requireTLS: s.security === 'starttls',
      ignoreTLS: s.security === 'none',
      ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
      tls: { rejectUnauthorized: !s.allowSelfSigned },
      name: boxHost(),
      connectionTimeout: timeouts.greeting,
      greetingTimeout: timeouts.greeting,
      socketTimeout: timeouts.socket,
      dnsTimeout: timeouts.greeting,
      logger: false,
      disableFileAccess: true,
      disableUrlAccess: true,
      // Our own TCP socket, to switch Nagle off: nodemailer writes the end of DATA as a separate small packet,
      // which otherwise waits for the relay's delayed ACK (~40 ms a mail: a third of the throughput). It is
      // handed over still connecting, so a refused connection fails through nodemailer's own error path (an
      // error given to this callback would leak one of the pool's slots: after four the pool stops), and the
      // greeting timeout, which starts at once, bounds the lookup and the TCP connect too.
      getSocket: (_options, done) => done(null, { connection: net.connect({ host: s.host, port: s.port, noDelay: true }) }),
    };
    transport = { key, t: nodemailer.createTransport(options) };
    return transport.t;
  }

  function reset(): void {
    transport?.t.close();
    transport = null;
  }

  return {
    name: 'email',
    concurrency: CONCURRENCY,

    enabled() {
      const s = d.smtp();
      return s.enabled && !!s.host && !!s.fromAddress;
    },

    reachable(userIds: string[]): Set<string> {
      const out = new Set<string>();
      for (let i = 0; i < userIds.length; i += CHUNK) {
        const chunk = userIds.slice(i, i + CHUNK);
        const rows = d.sqlite
          .prepare(`SELECT id FROM users WHERE id IN (${chunk.map(() => '?').join(',')}) AND active = 1 AND trim(coalesce(email, '')) != ''`)
          .all(...chunk) as { id: string }[];
        for (const r of rows) out.add(r.id);
      }
      return out;
    },

    async send(msg: OutboundMessage): Promise<SendOutcome> {
      const s = d.smtp();
      const person = msg.address ? null : addressOf(msg.userId);
      const to = (msg.address ?? person?.email ?? '').trim();
      if (!to) throw new ChannelError('no email address', 'gone');
      if (!ADDRESS.test(to)) throw new ChannelError('not a valid email address', 'permanent');

      const schoolName = d.schoolName();
      const content = renderEmail({
        locale: msg.locale, urgency: msg.urgency, category: msg.category, title: msg.title, body: msg.body,
        url: msg.url, unsubscribeUrl: msg.unsubscribeUrl, schoolName,
      });
      const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated' };
      if (msg.urgency === 'urgent') {
        headers['Importance'] = 'high';
        headers['X-Priority'] = '1';
      } else if (msg.unsubscribeUrl) {
        // RFC 2369 + RFC 8058: mail apps show an "unsubscribe" button that POSTs here without a login.
        headers['List-Unsubscribe'] = `<${msg.unsubscribeUrl}>`;
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      const messageId = `<${msg.attemptId}@${boxHost()}>`;
      try {
        const info = await transporter().sendMail({
          from: { name: s.fromName || schoolName || '校办', address: s.fromAddress },
          to: person?.name ? { name: person.name, address: to } : to,
          subject: content.subject,
          text: content.text,
          html: content.html,
          messageId,
          headers,
        });
        return { status: 'sent', ref: info.messageId || messageId };
      } catch (err) {
        throw classifySmtpError(err);
      }
    },

    reset,
    close: reset,
  };
}
