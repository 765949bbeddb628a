// A real SMTP server on 127.0.0.1 (smtp-server) for tests and benches: it keeps what it received — the
// envelope, the session (TLS, login) and, when asked, the message parsed by mailparser — and can answer a
// recipient with an SMTP error code.
import net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The parsed message (null when the peer was started with parse: false). */
  mail: ParsedMail | null;
  raw: Buffer;
  secure: boolean;
  user: string | null;
  at: number;
}

export interface SmtpPeerOptions {
  /** Listen here (e.g. a port that was closed before: "the relay comes back"); default a random free port. */
  port?: number;
  /** Offer STARTTLS (with smtp-server's built-in self-signed certificate). */
  starttls?: boolean;
  /** Implicit TLS from the first byte (port 465 style), same certificate. */
  implicitTls?: boolean;
  /** Require this login. */
  auth?: { user: string; pass: string };
  /** An SMTP error for a recipient, e.g. { code: 550, message: 'No such user' }; null = accept. */
  rejectRecipient?: (address: string) => { code: number; message: string } | null;
  /** Parse every message with mailparser (off in the bench: it only counts). */
  parse?: boolean;
}

export interface SmtpPeer {
  port: number;
  received: ReceivedMail[];
  /** Resolves when `n` messages in total have arrived. */
  waitFor(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpPeer(opts: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const parse = opts.parse ?? true;

  const server = new SMTPServer({
    logger: false,
    secure: !!opts.implicitTls,
    authOptional: !opts.auth,
    allowInsecureAuth: false,
    disabledCommands: opts.starttls ? [] : ['STARTTLS'],
    closeTimeout: 500,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) return cb(null, { user: auth.username });
      return cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      const reject = opts.rejectRecipient?.(address.address);
      if (reject) return cb(Object.assign(new Error(reject.message), { responseCode: reject.code }));
      return cb();
    },
    onData(stream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const done = (mail: ParsedMail | null) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            mail, raw, secure: session.secure, user: (session.user as string | undefined) ?? null, at: performance.now(),
          });
          for (const w of waiters.filter((x) => received.length >= x.n)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
          cb();
        };
        if (!parse) return done(null);
        simpleParser(raw).then(done, (err: Error) => cb(err));
      });
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.on('error', reject);
    const s = server.listen(opts.port ?? 0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port));
  });

  return {
    port,
    received,
    waitFor: (n) => (received.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (bound, then released): "the SMTP server is down". */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  const port = await new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)));
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
