#!/usr/bin/env python3
"""A faulty HTTP proxy on loopback, for tests: forwards requests to an upstream
(moto's S3) unchanged, Host header included, so SigV4 signatures still verify,
but answers some of them with faults first.

  faulty_proxy.py --upstream http://127.0.0.1:PORT [--every-503 N] [--every-drop N]
                  [--every-truncate N] [--delay-ms MS]

Request number k (1-based, counted over all requests) gets, in this order of
precedence: a 503 SlowDown (k % every_503 == 0), a dropped connection without
any response (k % every_drop == 0), or the upstream's response with its body
cut in half while Content-Length still announces the whole (k % every_truncate
== 0). Every other request is forwarded as is. With --delay-ms, every request
(faulted or not) is first held that long, like a distant S3. When ready it
prints one JSON line {"endpoint": "http://127.0.0.1:PORT"} and serves until
stdin closes.
A count of each fault is written to stderr when it stops.
"""

import argparse
import http.client
import http.server
import json
import socketserver
import sys
import threading
import time
import urllib.parse

SLOW_DOWN = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code>'
             b'<Message>Please reduce your request rate.</Message></Error>')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--every-503", type=int, default=0)
    parser.add_argument("--every-drop", type=int, default=0)
    parser.add_argument("--every-truncate", type=int, default=0)
    parser.add_argument("--delay-ms", type=float, default=0.0,
                        help="hold every request this long before answering it (latency)")
    args = parser.parse_args()
    upstream = urllib.parse.urlsplit(args.upstream)
    lock = threading.Lock()
    counts = {"requests": 0, "503": 0, "drop": 0, "truncate": 0}

    def hits(k: int, every: int) -> bool:
        return every > 0 and k % every == 0

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes: without TCP_NODELAY,
        # Nagle's algorithm and the client's delayed ACK add ~40 ms to each answer.
        disable_nagle_algorithm = True

        def log_message(self, *_):  # quiet
            pass

        def handle_any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with lock:
                counts["requests"] += 1
                k = counts["requests"]
            if args.delay_ms > 0:
                time.sleep(args.delay_ms / 1000.0)
            if hits(k, args.every_503):
                with lock:
                    counts["503"] += 1
                self.send_response(503)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(SLOW_DOWN)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(SLOW_DOWN)
                return
            if hits(k, args.every_drop):
                with lock:
                    counts["drop"] += 1
                self.close_connection = True
                return
            conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
            headers = {name: value for name, value in self.headers.items()}
            conn.request(self.command, self.path, body=body if body else None, headers=headers)
            response = conn.getresponse()
            data = response.read()
            truncate = hits(k, args.every_truncate) and self.command != "HEAD" and len(data) > 1
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(name, value)
            # A HEAD answer announces the object's size, not the (empty) body's.
            self.send_header("Content-Length", response.getheader("Content-Length", "0")
                             if self.command == "HEAD" else str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                if truncate:
                    with lock:
                        counts["truncate"] += 1
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    self.wfile.write(data)
            conn.close()

        do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = handle_any

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        # The default backlog (5) drops the SYNs of a client opening dozens of
        # connections at once, which then wait a second to retry.
        request_queue_size = 128

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"endpoint": f"http://127.0.0.1:{server.server_address[1]}"}), flush=True)
    sys.stdin.read()  # until the test closes our stdin
    server.shutdown()
    print(json.dumps(counts), file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
