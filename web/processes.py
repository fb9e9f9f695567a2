"""Several web processes on one port, each with its own listening socket (SO_REUSEPORT).

uvicorn's own --workers shares one socket: a burst of keep-alive connections (a browser's, or a
proxy's pool) is accepted by whichever process wakes first, and under 32 such connections one
process took them all while the other sat idle (ops/bench/requests.py: 150 req/s with two
processes, as with one). With a socket per process the kernel spreads the connections among them
(340-361 req/s).
"""

import multiprocessing
import signal
import socket
import threading

import uvicorn

# Python's own event loop, not uvloop (which uvicorn takes when installed): under 32 concurrent
# connections uvloop served a few connections a whole round late, every time (Mis tareas: p99 85 ms
# against 45-51 ms, at the same requests per second; ops/bench/inbox.py runs every server on it).
SERVER_LOOP = "asyncio"


def supports_several() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def _serve_one(host: str, port: int) -> None:
    listening = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listening.bind((host, port))
    listening.listen(2048)
    # Each process builds its app from the environment (the settings), without the scheduler. The
    # access log is nginx's (ops/deploy/nginx.conf): written here too it costs every request.
    config = uvicorn.Config("web.app:create_app", factory=True, proxy_headers=True, loop=SERVER_LOOP,
                            access_log=False)
    uvicorn.Server(config).run(sockets=[listening])


def serve(host: str, port: int, workers: int) -> int:
    """Run `workers` processes until a signal stops them; 1 if one of them died on its own (systemd
    then restarts the whole service)."""
    stopping = threading.Event()
    # Before the children start: a stop that comes meanwhile must not leave them orphaned.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    context = multiprocessing.get_context("spawn")
    children = [context.Process(target=_serve_one, args=(host, port)) for _ in range(workers)]
    for child in children:
        child.start()
    while not stopping.is_set() and all(child.is_alive() for child in children):
        stopping.wait(0.5)
    for child in children:
        child.terminate()  # SIGTERM: uvicorn finishes the requests in course
    for child in children:
        child.join(30)
    return 0 if stopping.is_set() else 1
