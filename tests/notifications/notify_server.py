"""A small GOV.UK Notify look-alike on loopback, for the real client to talk to.

It checks the client's JWT (HS256, issuer = service id), records every request, answers
with Notify's JSON shapes, and can be told to answer the next requests with errors.
"""

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"test_key-{SERVICE_ID}-{SECRET}"


@dataclass
class Recorded:
    method: str
    path: str
    body: dict
    issuer: str


@dataclass
class NotifyServer:
    requests: list[Recorded] = field(default_factory=list)
    # Status codes to answer the next sends with, in order (then 201 again).
    errors: list[int] = field(default_factory=list)
    sent: dict[str, dict] = field(default_factory=dict)
    base_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def sends(self, kind: str | None = None) -> list[Recorded]:
        return [
            r
            for r in self.requests
            if r.method == "POST" and (kind is None or r.path.endswith(f"/{kind}"))
        ]


def _handler(state: NotifyServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - BaseHTTPRequestHandler's name
            pass

        def _answer(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _issuer(self) -> str | None:
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            try:
                claims = jwt.decode(token, SECRET, algorithms=["HS256"])
            except jwt.PyJWTError:
                return None
            return claims.get("iss")

        def do_GET(self):  # noqa: N802 - BaseHTTPRequestHandler's name
            issuer = self._issuer()
            url = urlparse(self.path)
            with state.lock:
                state.requests.append(Recorded("GET", url.path, {}, issuer or ""))
            if issuer != SERVICE_ID:
                return self._answer(403, {"errors": [{"error": "AuthError"}], "status_code": 403})
            reference = parse_qs(url.query).get("reference", [""])[0]
            found = [n for n in state.sent.values() if n["reference"] == reference]
            return self._answer(200, {"notifications": found, "links": {}})

        def do_POST(self):  # noqa: N802 - BaseHTTPRequestHandler's name
            issuer = self._issuer()
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            with state.lock:
                state.requests.append(Recorded("POST", self.path, body, issuer or ""))
                error = state.errors.pop(0) if state.errors else None
            if issuer != SERVICE_ID:
                return self._answer(403, {"errors": [{"error": "AuthError"}], "status_code": 403})
            if error is not None:
                return self._answer(
                    error,
                    {
                        "errors": [{"error": "Error", "message": f"answered {error}"}],
                        "status_code": error,
                    },
                )
            notification_id = str(uuid.uuid4())
            text = " ".join(f"{k}={v}" for k, v in sorted(body.get("personalisation", {}).items()))
            with state.lock:
                state.sent[notification_id] = {
                    "id": notification_id,
                    "reference": body.get("reference"),
                    "body": text,
                }
            return self._answer(
                201,
                {
                    "id": notification_id,
                    "reference": body.get("reference"),
                    "content": {"body": text, "subject": "Carers Support Service"},
                    "uri": f"{state.base_url}/v2/notifications/{notification_id}",
                    "template": {"id": body.get("template_id"), "version": 1, "uri": ""},
                },
            )

    return Handler


def start() -> tuple[NotifyServer, ThreadingHTTPServer]:
    state = NotifyServer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return state, server
