#!/usr/bin/python3
"""An SMTP receiver for Vigil's email tests (Debian's python3-aiosmtpd).

Requires STARTTLS (with CERT and KEY) and AUTH (USER/PASSWORD) before mail is taken;
appends one JSON line per message to LOG: envelope sender, recipients, whether the
session was encrypted and authenticated, and the message text.

usage: smtp-sink.py PORT LOG CERT KEY USER PASSWORD
"""
import json, os, ssl, sys, threading, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, log, cert, key, user, password = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]


class Handler:
    async def handle_DATA(self, server, session, envelope):
        with open(log, "a") as out:
            out.write(json.dumps({
                "from": envelope.mail_from, "to": envelope.rcpt_tos,
                "tls": session.ssl is not None, "authenticated": bool(session.authenticated),
                "message": envelope.content.decode("utf-8", "replace"),
            }) + "\n")
        return "250 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    # handled=False: let aiosmtpd answer 535 itself
    return AuthResult(success=ok, handled=False)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(Handler(), hostname="127.0.0.1", port=int(port), tls_context=context, require_starttls=True,
                        authenticator=authenticate, auth_required=True, auth_require_tls=True)
controller.start()
print("listening", flush=True)
parent = os.getppid()
while os.getppid() == parent:   # leave with the test that started it
    time.sleep(0.5)
controller.stop()
