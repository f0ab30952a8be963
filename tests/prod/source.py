"""A measuring system's HTTP endpoint on 127.0.0.1, serving what a test tells it to."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    body: bytes = b"[]"
    status: int = 200
    # Seconds to wait between chunks of the body (a slow source).
    pause: float = 0.0
    chunks: int = 1


@dataclass
class Source:
    server: ThreadingHTTPServer
    answer: Answer = field(default_factory=Answer)
    authorizations: list[str | None] = field(default_factory=list)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/measurements.json"

    def serve(self, document, **options) -> None:
        body = document if isinstance(document, bytes) else json.dumps(document).encode()
        self.answer = Answer(body=body, **options)


def start_source() -> Source:
    source: Source

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            source.authorizations.append(self.headers.get("Authorization"))
            answer = source.answer
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            size = -(-len(answer.body) // answer.chunks)
            for start in range(0, len(answer.body), size):
                time.sleep(answer.pause)
                self.wfile.write(answer.body[start : start + size])
                self.wfile.flush()

        def log_message(self, *args):
            pass

    source = Source(ThreadingHTTPServer(("127.0.0.1", 0), Handler))
    threading.Thread(target=source.server.serve_forever, daemon=True).start()
    return source
