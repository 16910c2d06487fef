/**
 * Local stand-ins for what the host preflight reaches, so the rendered script runs here for real:
 * an HTTPS server with a certificate of a throw-away CA (the AWS endpoints it is pointed at with
 * `--connect-to`), which also answers STS GetCallerIdentity and S3 object calls as the aws CLI makes
 * them; a NameNode that answers as Hadoop's IPC server does when an HTTP request reaches it; a KDC
 * that answers over TCP and UDP. Nothing here stands in for a check: the script's own tools (getent,
 * curl, ss, the aws CLI, bash) talk to these servers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A CA and a server certificate for the names the stand-ins answer as, made with openssl. */
export interface TestCertificates {
  readonly caFile: string;
  readonly key: Buffer;
  readonly cert: Buffer;
}

export function testCertificates(names: readonly string[]): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'ldm-preflight-tls-'));
  const openssl = (...args: string[]) => {
    const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (run.error || run.status !== 0) {
      throw new Error(
        `openssl ${args[0]} failed (${run.error?.message ?? run.stderr}); the preflight tests need the openssl command`,
      );
    }
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    'req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
    '-subj', '/CN=ldm preflight test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign',
  ); // prettier-ignore
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=stand-in');
  writeFileSync(
    join(dir, 'ext.cnf'),
    [
      `subjectAltName=${[...names.map((n) => `DNS:${n}`), 'IP:127.0.0.1'].join(',')}`,
      'basicConstraints=CA:FALSE',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  openssl(
    'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf',
  ); // prettier-ignore
  return {
    caFile: join(dir, 'ca.pem'),
    key: readFileSync(join(dir, 'server.key')),
    cert: readFileSync(join(dir, 'server.pem')),
  };
}

/** One request the HTTPS stand-in received. */
export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface EndpointStandIn {
  readonly port: number;
  readonly received: Received[];
  /** The objects S3 holds now, by path (`/<bucket>/<key>`). */
  readonly objects: Map<string, { body: string; headers: Record<string, string> }>;
  close(): Promise<void>;
}

/** The payload of an `aws-chunked` upload (what the aws CLI sends with a checksum trailer). */
function dechunk(raw: Buffer): string {
  let rest = raw.toString('latin1');
  let out = '';
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol).split(';')[0]!, 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

/**
 * An HTTPS server on 127.0.0.1: every answer carries a `Date` header `skewSeconds` off the clock;
 * STS GetCallerIdentity answers `callerArn`; path-style S3 PUT, GET, HEAD and DELETE keep objects
 * and their encryption headers; anything else is a 404, as AWS answers `GET /`.
 */
export async function endpointStandIn(options: {
  readonly tls: TestCertificates;
  readonly skewSeconds?: number;
  readonly callerArn?: string;
}): Promise<EndpointStandIn> {
  const received: Received[] = [];
  const objects: EndpointStandIn['objects'] = new Map();
  const server: HttpsServer = createHttpsServer(
    { key: options.tls.key, cert: options.tls.cert },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const path = (req.url ?? '/').split('?')[0]!;
        const body = String(req.headers['content-encoding']).includes('aws-chunked')
          ? dechunk(raw)
          : raw.toString();
        received.push({ method: req.method ?? '', path, headers: req.headers, body });
        res.sendDate = false;
        res.setHeader(
          'Date',
          new Date(Date.now() + (options.skewSeconds ?? 0) * 1000).toUTCString(),
        );
        if (req.method === 'POST' && body.includes('Action=GetCallerIdentity')) {
          res.setHeader('Content-Type', 'text/xml');
          res.end(
            `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${options.callerArn ?? ''}</Arn><UserId>AROAEXAMPLE:preflight</UserId><Account>111111111111</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
          );
          return;
        }
        if (req.method === 'PUT' && path.split('/').length > 2) {
          const headers: Record<string, string> = {};
          for (const h of [
            'x-amz-server-side-encryption',
            'x-amz-server-side-encryption-aws-kms-key-id',
          ]) {
            const v = req.headers[h];
            if (typeof v === 'string') headers[h] = v;
          }
          objects.set(path, { body, headers });
          res.setHeader('ETag', '"1"');
          res.end();
          return;
        }
        const object = objects.get(path);
        if (object && (req.method === 'GET' || req.method === 'HEAD')) {
          res.setHeader('Content-Length', Buffer.byteLength(object.body));
          res.setHeader('ETag', '"1"');
          res.setHeader('Last-Modified', new Date().toUTCString());
          for (const [h, v] of Object.entries(object.headers)) res.setHeader(h, v);
          res.end(req.method === 'GET' ? object.body : undefined);
          return;
        }
        if (req.method === 'DELETE') {
          objects.delete(path);
          res.statusCode = 204;
          res.end();
          return;
        }
        res.statusCode = 404;
        res.end();
      });
    },
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    objects,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** A TCP server on 127.0.0.1 (`port`, or any free one) that `onConnect` handles. */
export async function tcpStandIn(
  onConnect: (socket: import('node:net').Socket) => void,
  port = 0,
  host = '127.0.0.1',
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createNetServer(onConnect);
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, done);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** What Hadoop's IPC server answers to an HTTP request on its port, before it closes. */
export const HADOOP_IPC_HTTP_ANSWER =
  'HTTP/1.1 404 Not Found\r\nContent-type: text/plain\r\n\r\nIt looks like you are making an HTTP request to a Hadoop IPC port. This is not the correct port for the web interface on this daemon.\r\n';

/** A NameNode's RPC port, as far as a client's connection goes. */
export function namenodeStandIn(): ReturnType<typeof tcpStandIn> {
  return tcpStandIn((socket) => {
    socket.once('data', () => socket.end(HADOOP_IPC_HTTP_ANSWER));
    socket.on('error', () => {});
  });
}

export interface KdcStandIn {
  readonly port: number;
  /** The datagrams it received over UDP. */
  readonly datagrams: Buffer[];
  close(): Promise<void>;
}

/**
 * A KDC on one port over TCP and UDP: TCP closes a request it cannot read (what a KDC does with a
 * length prefix it refuses), UDP answers every datagram with a KRB-ERROR-shaped reply.
 */
export async function kdcStandIn(options: { readonly udp?: boolean } = {}): Promise<KdcStandIn> {
  const tcp = await tcpStandIn((socket) => {
    socket.once('data', () => socket.destroy());
    socket.on('error', () => {});
  });
  const datagrams: Buffer[] = [];
  let udp: Socket | undefined;
  if (options.udp !== false) {
    udp = createSocket('udp4');
    const socket = udp;
    socket.on('message', (message, from) => {
      datagrams.push(message);
      // [APPLICATION 30] KRB-ERROR: enough for "an answer came back".
      socket.send(Buffer.from([0x7e, 0x03, 0x02, 0x01, 0x06]), from.port, from.address);
    });
    await new Promise<void>((done) => socket.bind(tcp.port, '127.0.0.1', done));
  }
  return {
    port: tcp.port,
    datagrams,
    close: async () => {
      await tcp.close();
      await new Promise<void>((done) => (udp ? udp.close(() => done()) : done()));
    },
  };
}

export interface PreflightRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout's result lines (PASS, WARN, FAIL). */
  readonly lines: string[];
}

/**
 * Runs a rendered preflight with `sh`, as a user would, in a folder of its own with HOME and
 * TMPDIR empty (so a test can see it wrote nothing). Asynchronous: the stand-ins answer from this
 * process meanwhile.
 */
export function runPreflight(
  script: string,
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {},
): Promise<PreflightRun> {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'ldm-preflight-run-'));
  const file = join(mkdtempSync(join(tmpdir(), 'ldm-preflight-script-')), 'preflight.sh');
  writeFileSync(file, script);
  return new Promise((done, fail) => {
    const child = spawn('sh', [file, ...args], {
      cwd,
      env: { ...process.env, HOME: cwd, TMPDIR: cwd, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) =>
      done({
        code,
        stdout,
        stderr,
        lines: stdout.split('\n').filter((l) => /^(PASS|WARN|FAIL) /.test(l)),
      }),
    );
  });
}

/**
 * A folder of links to the given commands only, for PATH: a host without some tool (the aws CLI,
 * curl) as far as the preflight can tell.
 */
export function pathWith(commands: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ldm-preflight-path-'));
  for (const command of commands) {
    const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
    const path = found.stdout.trim();
    if (found.status === 0 && path.startsWith('/')) {
      spawnSync('ln', ['-s', path, join(dir, command)]);
    }
  }
  return dir;
}
