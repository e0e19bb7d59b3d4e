#!/usr/bin/env python3
"""End-to-end tests of the runnable samples (samples/saga, approval, etl, flaky: a real server,
real worker processes in Python and Node, the operator CLI) and of worker liveness: a worker
killed mid-task is noticed by its heartbeat timeout, the task is retried on another worker, and
exactly one result is taken. STEPWISE_BIN is the stepwise binary."""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("STEPWISE_BIN", os.path.join(ROOT, "build", "stepwise"))


def run_sample(name):
    env = dict(os.environ, STEPWISE_BIN=BIN)
    done = subprocess.run([os.path.join(ROOT, "samples", name)], env=env, capture_output=True, text=True,
                          timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"samples/{name} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Samples(unittest.TestCase):
    maxDiff = None

    def test_order_saga_compensates_in_reverse_order_each_retried(self):
        out = run_sample("saga")
        self.assertEqual(out.split("== ")[1:], [
            "order o-none (failAt: none)\n  ReserveInventory: ok\n  ChargePayment: ok\n  ShipOrder: ok\n"
            'SUCCEEDED {"orderId":"o-none","amount":25,"failAt":"none","glitchyCompensations":true,'
            '"reservation":{"reservationId":"r-o-none"},"payment":{"chargeId":"c-o-none","amount":25},'
            '"shipment":{"trackingNumber":"t-o-none"}}\n',
            "order o-reserve-inventory (failAt: reserve-inventory)\n"
            "  ReserveInventory: TaskFailed Sample.Injected\nFAILED Sample.Injected\n",
            "order o-charge-payment (failAt: charge-payment)\n  ReserveInventory: ok\n"
            "  ChargePayment: TaskFailed Sample.Injected\n"
            "  ReleaseInventory: TaskFailed Compensation.Unavailable\n  ReleaseInventory: ok\n"
            "FAILED Sample.Injected\n",
            "order o-ship-order (failAt: ship-order)\n  ReserveInventory: ok\n  ChargePayment: ok\n"
            "  ShipOrder: TaskFailed Sample.Injected\n"
            "  RefundPayment: TaskFailed Compensation.Unavailable\n  RefundPayment: ok\n"
            "  ReleaseInventory: TaskFailed Compensation.Unavailable\n  ReleaseInventory: ok\n"
            "FAILED Sample.Injected\n",
        ])

    def test_human_approval_by_the_cli(self):
        out = run_sample("approval")
        self.assertIn("  RequestApproval: ok\n  PayRefund: ok\n"
                      'SUCCEEDED {"refundId":"rf-1","paid":40,"approvedBy":"ada"}\n', out)
        self.assertIn("  RequestApproval: ok\nFAILED Refund.Rejected\n", out)

    def test_fan_out_etl_with_command_workers(self):
        out = run_sample("etl")
        self.assertEqual(out.count("  TransformRecord: ok\n"), 12)
        self.assertTrue(out.endswith('  Load: ok\nSUCCEEDED {"loaded":12,'
                                     '"totalsByCountry":{"DE":85.0,"FR":95.0,"US":105.0}}\n'), out)

    def test_retry_and_catch_against_a_flaky_worker(self):
        out = run_sample("flaky")
        unavailable = "  CallService: ActivityFailed Service.Unavailable\n"
        self.assertIn("== recovers\n" + unavailable * 2 + "  CallService: ok\n"
                      'SUCCEEDED {"requestId":"a","failures":2,"result":{"requestId":"a","answeredOnAttempt":3}}\n',
                      out)
        self.assertIn("== exhausted\n" + unavailable * 4 +
                      'SUCCEEDED {"status":"degraded","cause":"attempt 4: try again later",'
                      '"error":"Service.Unavailable"}\n', out)
        self.assertIn("== broken\n  CallService: ActivityFailed TypeError\n"
                      'SUCCEEDED {"status":"degraded","cause":"cannot read the ledger of c","error":"TypeError"}\n',
                      out)


class Server:
    """A real `stepwise serve` on a free loopback port with a fresh database."""

    def __init__(self, folder):
        self.out = open(os.path.join(folder, "server.out"), "w+")
        self.process = subprocess.Popen([BIN, "serve", "--db", os.path.join(folder, "db"), "--listen",
                                         "127.0.0.1:0"], stdout=self.out, stderr=subprocess.DEVNULL)
        for _ in range(100):
            self.out.seek(0)
            found = re.search(r"http://[0-9.:]+", self.out.read())
            if found:
                self.url = found.group(0)
                return
            time.sleep(0.1)
        raise AssertionError("the server did not start")

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.url + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def history(self, execution):
        return self.call("GET", f"/v1/executions/{execution}/history?limit=1000")["events"]

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        self.out.close()


class WorkerLiveness(unittest.TestCase):
    def test_a_killed_worker_is_noticed_by_heartbeat_and_its_task_runs_once_elsewhere(self):
        with tempfile.TemporaryDirectory() as folder:
            server = Server(folder)
            workers = {}
            try:
                server.call("POST", "/v1/state-machines", {"name": "liveness", "definition": {
                    "StartAt": "Job", "States": {"Job": {
                        "Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:slow-job",
                        "HeartbeatSeconds": 2, "TimeoutSeconds": 60,
                        "Retry": [{"ErrorEquals": ["States.HeartbeatTimeout"], "IntervalSeconds": 1,
                                   "MaxAttempts": 2}],
                        "End": True}}}})
                env = dict(os.environ, STEPWISE_SERVER=server.url, LIVENESS_DIR=folder)
                for name in ("worker-a", "worker-b"):
                    workers[name] = subprocess.Popen(
                        [sys.executable, os.path.join(os.path.dirname(__file__), "liveness_worker.py"), name],
                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                server.call("POST", "/v1/state-machines/liveness/executions", {"name": "j1", "input": {"jobId": "j1"}})
                busy = None
                for _ in range(200):
                    busy = next((n for n in workers if os.path.exists(os.path.join(folder, n + ".busy"))), None)
                    if busy:
                        break
                    time.sleep(0.05)
                self.assertIsNotNone(busy, "no worker took the task")
                time.sleep(1.5)  # its heartbeats (every 0.5 s) keep the task alive past HeartbeatSeconds
                self.assertEqual(server.call("GET", "/v1/executions/liveness:j1")["status"], "RUNNING")
                workers[busy].send_signal(signal.SIGKILL)
                workers[busy].wait()
                other = next(n for n in workers if n != busy)
                for _ in range(200):
                    if server.call("GET", "/v1/executions/liveness:j1")["status"] != "RUNNING":
                        break
                    time.sleep(0.05)
                execution = server.call("GET", "/v1/executions/liveness:j1")
                self.assertEqual(execution["status"], "SUCCEEDED")
                self.assertEqual(execution["output"], {"jobId": "j1", "doneBy": other})
                events = server.history("liveness:j1")
                types = [e["type"] for e in events]
                started = [e["activityStartedEventDetails"]["workerName"] for e in events
                           if e["type"] == "ActivityStarted"]
                self.assertEqual(started, [busy, other])
                timed_out = [e["activityTimedOutEventDetails"] for e in events if e["type"] == "ActivityTimedOut"]
                self.assertEqual([t["error"] for t in timed_out], ["States.HeartbeatTimeout"])
                self.assertEqual(types.count("ActivitySucceeded"), 1)
                self.assertEqual(types.count("ActivityScheduled"), 2)
                self.assertEqual(types[-1], "ExecutionSucceeded")
            finally:
                for p in workers.values():
                    p.kill()
                    p.wait()
                server.stop()


class WorkerLibraries(unittest.TestCase):
    """The Python and Node worker libraries stop gracefully: on SIGTERM the task being handled
    is finished and reported, then the process exits 0."""

    def graceful_stop(self, command, by):
        with tempfile.TemporaryDirectory() as folder:
            server = Server(folder)
            worker = None
            try:
                server.call("POST", "/v1/state-machines", {"name": "echo", "definition": {
                    "StartAt": "Echo", "States": {"Echo": {"Type": "Task", "Resource": "local:slow-echo",
                                                            "End": True}}}})
                env = dict(os.environ, STEPWISE_SERVER=server.url, GRACEFUL_DIR=folder)
                worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                          text=True)
                server.call("POST", "/v1/state-machines/echo/executions", {"name": "e1", "input": {"n": 7}})
                for _ in range(200):
                    if os.path.exists(os.path.join(folder, "busy")):
                        break
                    time.sleep(0.025)
                self.assertTrue(os.path.exists(os.path.join(folder, "busy")), "the worker never took the task")
                worker.send_signal(signal.SIGTERM)
                _, err = worker.communicate(timeout=10)
                self.assertEqual(worker.returncode, 0, err)
                self.assertIn("stopped", err)
                execution = server.call("GET", "/v1/executions/echo:e1")
                self.assertEqual(execution["status"], "SUCCEEDED")
                self.assertEqual(execution["output"], {"echo": {"n": 7}, "by": by})
            finally:
                if worker and worker.poll() is None:
                    worker.kill()
                server.stop()

    def test_python_worker_finishes_its_task_on_sigterm(self):
        self.graceful_stop([sys.executable, os.path.join(os.path.dirname(__file__), "graceful_worker.py")], "python")

    def test_node_worker_finishes_its_task_on_sigterm(self):
        self.graceful_stop(["node", os.path.join(os.path.dirname(__file__), "graceful_worker.mjs")], "node")


if __name__ == "__main__":
    unittest.main(verbosity=2)
