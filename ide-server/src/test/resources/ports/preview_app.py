"""Test server for the preview proxy, stdlib only: GET serves the folder (directory listing),
POST answers with what arrived (length, sha256, headers), and a WebSocket upgrade echoes frames."""
import base64
import hashlib
import json
import struct
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.headers.get("Upgrade", "").lower() == "websocket":
            return self.websocket()
        return super().do_GET()

    def do_POST(self):
        digest = hashlib.sha256()
        length = 0
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    break
                data = self.rfile.read(size)
                digest.update(data)
                length += len(data)
                self.rfile.readline()
        else:
            remaining = int(self.headers.get("Content-Length", "0"))
            while remaining > 0:
                data = self.rfile.read(min(65536, remaining))
                if not data:
                    break
                digest.update(data)
                length += len(data)
                remaining -= len(data)
        body = json.dumps({
            "path": self.path,
            "length": length,
            "sha256": digest.hexdigest(),
            "headers": {k.lower(): v for k, v in self.headers.items()},
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "JSESSIONID=planted; Path=/")
        self.send_header("Set-Cookie", "atelier_preview=planted; Path=/")
        self.send_header("Set-Cookie", "app=1; Path=/; Domain=localhost")
        self.end_headers()
        self.wfile.write(body)

    def websocket(self):
        key = self.headers["Sec-WebSocket-Key"]
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        self.send_response(101, "Switching Protocols")
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        protocol = self.headers.get("Sec-WebSocket-Protocol")
        if protocol:
            self.send_header("Sec-WebSocket-Protocol", protocol.split(",")[0].strip())
        self.end_headers()
        self.wfile.flush()
        host = self.headers.get("X-Forwarded-Host", "")
        self.frame(1, ("host " + host).encode())
        while True:
            head = self.rfile.read(2)
            if len(head) < 2:
                return
            opcode = head[0] & 0x0F
            masked = head[1] & 0x80
            length = head[1] & 0x7F
            if length == 126:
                length = struct.unpack(">H", self.rfile.read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self.rfile.read(8))[0]
            mask = self.rfile.read(4) if masked else b"\0\0\0\0"
            payload = bytearray(self.rfile.read(length))
            for i in range(length):
                payload[i] ^= mask[i % 4]
            if opcode == 8:
                self.frame(8, bytes(payload[:2]))
                self.close_connection = True
                return
            if opcode == 9:
                self.frame(10, bytes(payload))
            elif opcode in (1, 2):
                self.frame(opcode, bytes(payload))

    def frame(self, opcode, payload):
        n = len(payload)
        if n < 126:
            header = bytes([0x80 | opcode, n])
        elif n < 65536:
            header = bytes([0x80 | opcode, 126]) + struct.pack(">H", n)
        else:
            header = bytes([0x80 | opcode, 127]) + struct.pack(">Q", n)
        self.wfile.write(header + payload)
        self.wfile.flush()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", int(sys.argv[1])), Handler).serve_forever()
