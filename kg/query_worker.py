"""Run queries in killable worker processes, so a runaway query can be stopped at its time limit.

pyoxigraph evaluates a query inside one native call that a Python thread cannot interrupt,
so the endpoint sends each query to a worker process holding its own read-only store; if
no answer arrives before the deadline the worker is killed (SIGKILL) and replaced, and the
client gets an error instead of a hung connection. Workers also cap the result size.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import queries as q
from .results import Result, serialize_result
from .store import GraphNotFound, current_generation


class QueryTimeout(Exception):
    """The query ran past the time limit and its worker was killed."""


class EndpointBusy(Exception):
    """Every worker stayed busy longer than the wait limit."""


@dataclass(frozen=True)
class Job:
    sparql: str
    result_format: str  # json|xml|csv|tsv for SELECT/ASK
    graph_format: str  # ttl|nt|jsonld|rdfxml for CONSTRUCT/DESCRIBE
    max_rows: int


@dataclass(frozen=True)
class Reply:
    ok: bool
    body: bytes = b""
    kind: str = ""  # select|ask|graph
    fmt: str = ""
    truncated: bool = False
    error: str = ""


def answer(store, job: Job) -> Reply:
    """Run one job on a store (in the worker process)."""
    try:
        result = Result.from_pyoxigraph(q.execute(store, job.sparql), job.max_rows)
    except q.QueryError as exc:
        return Reply(False, error=str(exc))
    fmt = job.graph_format if result.kind == "graph" else job.result_format
    return Reply(True, serialize_result(result, fmt), result.kind, fmt, result.truncated)


def _worker_main(conn, store_path: str) -> None:
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    conn.send("ready")  # the time limit only starts once a worker is ready
    while True:
        try:
            job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            reply = answer(store, job)
        except Exception as exc:  # never let one bad query kill the worker silently
            reply = Reply(False, error=f"internal error: {type(exc).__name__}: {exc}")
        conn.send(reply)


class _Worker:
    def __init__(self, ctx, store_path: str):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, store_path), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout_s: float = 120.0) -> "_Worker":
        if not self.conn.poll(timeout_s) or self.conn.recv() != "ready":
            self.kill()
            raise RuntimeError("a query worker failed to start")
        return self

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """A fixed number of worker processes over one store, each answering one query at a time."""

    def __init__(self, store_path: Path, size: int = 2, timeout_s: float = 10.0, wait_s: float = 30.0):
        self.store_path = str(store_path)
        self.timeout_s = timeout_s
        self.wait_s = wait_s
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        starting = [_Worker(self._ctx, self.store_path) for _ in range(size)]
        for worker in starting:
            self._idle.put(worker.wait_ready())
        self.killed = 0  # workers killed for running past the time limit

    def run(self, job: Job) -> Reply:
        try:
            worker = self._idle.get(timeout=self.wait_s)
        except queue.Empty:
            raise EndpointBusy(f"all query workers busy for {self.wait_s:g}s") from None
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout_s):
                reply = worker.conn.recv()
                if self._closed:  # retired while this query ran: the worker goes with its pool
                    worker.kill()
                else:
                    self._idle.put(worker)
                return reply
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            return Reply(False, error="internal error: query worker died")
        self.killed += 1
        self._replace(worker)
        raise QueryTimeout(f"query stopped at the time limit of {self.timeout_s:g}s")

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start a new one in the background (the client is not kept waiting)."""
        worker.kill()

        def respawn() -> None:
            if not self._closed:
                self._idle.put(_Worker(self._ctx, self.store_path).wait_ready())

        threading.Thread(target=respawn, daemon=True).start()

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                break


class LivePool:
    """The worker pool of a graph folder's *current* generation: when a build switches
    ``CURRENT``, the next query starts workers on the new store and the old pool retires
    (its running queries finish first), so ``peelkg serve`` needs no restart after a build.
    ``CURRENT`` is read at most once per ``check_every_s`` (a stat and a small read)."""

    def __init__(self, graph_dir: Path, start_pool, check_every_s: float = 1.0):
        self.graph_dir = Path(graph_dir)
        self.generation = current_generation(self.graph_dir)
        self._start_pool = start_pool  # generation folder -> WorkerPool
        self.pool: WorkerPool = start_pool(self.generation)
        self.check_every_s = check_every_s
        self._checked = time.monotonic()
        self._lock = threading.Lock()
        self.switches = 0

    def current(self) -> WorkerPool:
        now = time.monotonic()
        if now - self._checked >= self.check_every_s:
            self._checked = now
            try:
                latest = current_generation(self.graph_dir)
            except (OSError, GraphNotFound):  # a removed folder or a bad pointer: keep serving
                latest = self.generation
            if latest != self.generation:
                with self._lock:
                    if latest != self.generation:
                        new = self._start_pool(latest)
                        old, self.pool, self.generation = self.pool, new, latest
                        old.close()
                        self.switches += 1
        return self.pool

    def run(self, job: Job) -> Reply:
        return self.current().run(job)

    @property
    def killed(self) -> int:
        return self.pool.killed

    def close(self) -> None:
        self.pool.close()
