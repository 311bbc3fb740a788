"""Test helper for the preview proxy, stdlib only: listens on argv[1] inside the workspace and
relays every connection byte for byte (half-closes included) to 127.0.0.1:argv[2], where the test
drives a raw upstream. The proxy can only reach ports a workspace process listens on."""
import socket
import sys
import threading


def pipe(source, target):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    try:
        target.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def serve(client, port):
    try:
        upstream = socket.create_connection(("127.0.0.1", port))
    except OSError:
        client.close()
        return
    threads = [threading.Thread(target=pipe, args=(client, upstream), daemon=True),
               threading.Thread(target=pipe, args=(upstream, client), daemon=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    client.close()
    upstream.close()


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", int(sys.argv[1])))
listener.listen(64)
while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn, int(sys.argv[2])), daemon=True).start()
