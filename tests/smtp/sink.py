#!/usr/bin/env python3
"""A real SMTP server for tests/mail.rs: Debian's aiosmtpd on loopback.

Usage: sink.py PORT DIR [--auth USER PASSWORD]
               [--tls implicit|starttls CERT_PEM KEY_PEM]

Every delivered message is written to DIR/<n>.json with the envelope and
the decoded headers and body, so the Rust test reads plain JSON. With
--auth the server requires AUTH (also without TLS: loopback only) and
refuses other credentials. With --tls it speaks TLS from the first byte
(implicit) or requires STARTTLS. Prints "READY" once it listens; stops on
SIGTERM or when stdin closes.
"""

import asyncio
import email
import email.policy
import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "reply_to": str(msg["Reply-To"]) if msg["Reply-To"] else None,
            "subject": str(msg["Subject"]),
            "content_type": msg.get_content_type(),
            "body": body.get_content() if body is not None else "",
        }
        with self.lock:
            self.count += 1
            n = self.count
        tmp = os.path.join(self.directory, f".{n}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(self.directory, f"{n}.json"))
        return "250 OK"


def main():
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("dir")
    parser.add_argument("--auth", nargs=2, metavar=("USER", "PASSWORD"))
    parser.add_argument("--tls", nargs=3, metavar=("MODE", "CERT", "KEY"))
    args = parser.parse_args()
    kwargs = {}
    if args.auth:
        creds = args.auth

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                auth_data is not None
                and auth_data.login.decode() == creds[0]
                and auth_data.password.decode() == creds[1]
            )
            return AuthResult(success=ok)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    if args.tls:
        mode, cert, key = args.tls
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        if mode == "implicit":
            kwargs["ssl_context"] = context
        else:
            kwargs.update(tls_context=context, require_starttls=True)
    controller = Controller(Sink(args.dir), hostname="127.0.0.1", port=args.port, **kwargs)
    controller.start()
    print("READY", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
