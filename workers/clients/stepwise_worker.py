"""Stepwise worker client for Python (standard library only; Python 3.8+). Copy this one file
into your service.

    from stepwise_worker import Worker, TaskFailure

    def charge(task_input, task):
        if task_input["amount"] > 100:
            raise TaskFailure("Payment.Declined", "over the limit")
        return {"chargeId": "c-1"}

    Worker({"charge-payment": charge}, server="http://127.0.0.1:8083").run()

The worker long-polls the server's queues of the functions it serves (POST /v1/workers/poll),
runs the handler, reports the result (POST /v1/tasks/TOKEN/success|failure) and, while the handler
runs, sends a heartbeat every `heartbeat_seconds` (so a Task with HeartbeatSeconds notices when
this process dies). A handler's return value is the task's output (JSON-serialisable). Raising
TaskFailure(error, cause) fails the task with that error name; any other exception fails it with
the exception's class name as the error and its message as the cause (as Lambda reports errors).

run() stops on SIGINT/SIGTERM (or stop() from another thread): no new task is taken, the tasks
being handled are finished and reported, then run() returns.
"""
import http.client
import json
import os
import signal
import socket
import sys
import threading
import time
import urllib.parse

__all__ = ["Worker", "TaskFailure", "Task"]


class TaskFailure(Exception):
    """Raise from a handler to fail the task with this error name and cause."""

    def __init__(self, error, cause=""):
        super().__init__(cause or error)
        self.error = error
        self.cause = cause


class Task:
    """What a handler gets besides its input."""

    def __init__(self, token, function):
        self.token = token
        self.function = function
        self.cancelled = threading.Event()  # set when the server no longer wants the result


class _ServerError(Exception):
    def __init__(self, status, code, message):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code = status, code


class Worker:
    def __init__(self, handlers, server=None, token=None, name=None, concurrency=1,
                 wait_seconds=10, heartbeat_seconds=5, log=None):
        if not handlers:
            raise ValueError("a worker needs at least one handler")
        self.handlers = dict(handlers)
        self.server = (server or os.environ.get("STEPWISE_SERVER") or "http://127.0.0.1:8083").rstrip("/")
        if "://" not in self.server:
            self.server = "http://" + self.server
        self.token = token if token is not None else os.environ.get("STEPWISE_TOKEN", "")
        self.name = name or f"{socket.gethostname()}-{os.getpid()}"
        self.concurrency = max(1, int(concurrency))
        self.wait_seconds = max(1, min(60, int(wait_seconds)))
        self.heartbeat_seconds = heartbeat_seconds
        self.log = log or (lambda message: print(f"[{self.name}] {message}", file=sys.stderr, flush=True))
        self._stopping = threading.Event()
        self._running = {}  # token -> Task
        self._lock = threading.Lock()
        url = urllib.parse.urlsplit(self.server)
        self._https = url.scheme == "https"
        self._host, self._port, self._base = url.hostname or "127.0.0.1", url.port, url.path.rstrip("/")
        self._local = threading.local()  # one kept-alive connection per thread (pollers, heartbeats)

    # -- HTTP --------------------------------------------------------------------------------
    def _connection(self, timeout):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            conn = self._local.conn = cls(self._host, self._port, timeout=timeout)
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        return conn

    def _drop_connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
        self._local.conn = None

    def _call(self, path, body, timeout):
        """POSTs body as JSON on this thread's kept-alive connection; returns the JSON answer.
        Raises _ServerError for an error answer and OSError when the server cannot be reached."""
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        for attempt in range(2):
            conn = self._connection(timeout)
            reused = conn.sock is not None
            try:
                conn.request("POST", self._base + path, body=data, headers=headers)
                response = conn.getresponse()
                text = response.read()
            except (http.client.HTTPException, OSError) as e:
                self._drop_connection()
                # A kept-alive connection the server closed while idle: once more on a new one.
                if reused and attempt == 0 and not isinstance(e, socket.timeout):
                    continue
                if isinstance(e, OSError):
                    raise
                raise ConnectionError(f"{type(e).__name__}: {e}") from None
            if response.will_close:
                self._drop_connection()
            if response.status >= 400:
                try:
                    error = json.loads(text).get("error", {})
                except Exception:
                    error = {}
                raise _ServerError(response.status, error.get("code", "HTTP"),
                                   error.get("message", f"HTTP {response.status}"))
            return json.loads(text) if text else None

    def _report(self, task, path, body):
        """Sends a result, retrying while the server cannot be reached (it may be restarting)."""
        delay = 0.2
        for attempt in range(8):
            try:
                self._call(path, body, timeout=30)
                return
            except _ServerError as e:
                if e.status in (400, 404, 410):  # spent, unknown or malformed: retrying will not help
                    self.log(f"{task.function}: the server refused the result ({e})")
                    return
                error = e
            except OSError as e:
                error = e
            time.sleep(delay)
            delay = min(delay * 2, 5)
        self.log(f"{task.function}: could not report the result ({error}); the task will time out and be retried")

    # -- the loop ----------------------------------------------------------------------------
    def _handle(self, token, function, task_input):
        task = Task(token, function)
        with self._lock:
            self._running[token] = task
        try:
            try:
                output = self.handlers[function](task_input, task)
                path, body = f"/v1/tasks/{token}/success", {"output": output}
                json.dumps(output)  # fail here, not on the wire, when the output is not JSON
            except TaskFailure as e:
                path, body = f"/v1/tasks/{token}/failure", {"error": e.error, "cause": e.cause}
            except Exception as e:  # the handler's own error, reported as Lambda does
                path, body = f"/v1/tasks/{token}/failure", {"error": type(e).__name__, "cause": str(e)}
            if not task.cancelled.is_set():
                self._report(task, path, body)
        finally:
            with self._lock:
                self._running.pop(token, None)

    def _poll_loop(self):
        delay = 0.5
        while not self._stopping.is_set():
            try:
                got = self._call("/v1/workers/poll", {"functions": list(self.handlers), "worker": self.name,
                                                      "waitSeconds": self.wait_seconds},
                                 timeout=self.wait_seconds + 30)
                delay = 0.5
            except (_ServerError, OSError) as e:
                self.log(f"poll failed ({e}); retrying in {delay:.1f} s")
                self._stopping.wait(delay)
                delay = min(delay * 2, 10)
                continue
            if got:  # a task taken is always handled, even while stopping
                self._handle(got["taskToken"], got["function"], got.get("input"))

    def _heartbeat_loop(self):
        while not self._stopping.wait(self.heartbeat_seconds) or self._running:
            with self._lock:
                tasks = list(self._running.values())
            for task in tasks:
                try:
                    self._call(f"/v1/tasks/{task.token}/heartbeat", {}, timeout=10)
                except _ServerError as e:
                    if e.status in (404, 410):  # timed out, stopped or done: stop caring
                        task.cancelled.set()
                except OSError:
                    pass
            if self._stopping.is_set():
                time.sleep(min(self.heartbeat_seconds, 0.5))

    def stop(self):
        self._stopping.set()

    def run(self):
        """Serves until SIGINT/SIGTERM or stop(); returns once every taken task is reported."""
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_: self.stop())
        self.log(f"serving {', '.join(self.handlers)} from {self.server} ({self.concurrency} at a time)")
        pollers = [threading.Thread(target=self._poll_loop, daemon=True) for _ in range(self.concurrency)]
        heartbeat = threading.Thread(target=self._heartbeat_loop, daemon=True)
        for t in pollers + [heartbeat]:
            t.start()
        while any(t.is_alive() for t in pollers):
            for t in pollers:
                t.join(0.2)
        self.log("stopped")
