// Stepwise worker client for Node.js 18+ (no dependencies). Copy this one file into your service.
//
//   import { Worker, TaskFailure } from "./stepwise-worker.mjs";
//   await new Worker({
//     "charge-payment": async (input, task) => {
//       if (input.amount > 100) throw new TaskFailure("Payment.Declined", "over the limit");
//       return { chargeId: "c-1" };
//     },
//   }, { server: "http://127.0.0.1:8083" }).run();
//
// The worker long-polls the server's queues of the functions it serves (POST /v1/workers/poll),
// runs the handler, reports the result (POST /v1/tasks/TOKEN/success|failure) and, while the
// handler runs, sends a heartbeat every heartbeatSeconds (so a Task with HeartbeatSeconds notices
// when this process dies). A handler's (awaited) return value is the task's output. Throwing
// TaskFailure(error, cause) fails the task with that error name; any other error fails it with the
// error's name (e.g. "TypeError") and message, as Lambda reports errors.
//
// run() stops on SIGINT/SIGTERM (or stop()): no new task is taken, the tasks being handled are
// finished and reported, then run() resolves.
import os from "node:os";

export class TaskFailure extends Error {
  constructor(error, cause = "") {
    super(cause || error);
    this.error = error;
    this.cause = cause;
  }
}

class ServerError extends Error {
  constructor(status, code, message) {
    super(`${status} ${code}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Worker {
  constructor(handlers, options = {}) {
    if (!handlers || Object.keys(handlers).length === 0) throw new Error("a worker needs at least one handler");
    this.handlers = handlers;
    let server = options.server ?? process.env.STEPWISE_SERVER ?? "http://127.0.0.1:8083";
    if (!server.includes("://")) server = "http://" + server;
    this.server = server.replace(/\/+$/, "");
    this.token = options.token ?? process.env.STEPWISE_TOKEN ?? "";
    this.name = options.name ?? `${os.hostname()}-${process.pid}`;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.waitSeconds = Math.max(1, Math.min(60, options.waitSeconds ?? 10));
    this.heartbeatSeconds = options.heartbeatSeconds ?? 5;
    this.log = options.log ?? ((message) => console.error(`[${this.name}] ${message}`));
    this.stopping = false;
    this.running = new Map(); // token -> task
    this.wake = null;
  }

  async call(path, body, timeoutSeconds) {
    const headers = { "content-type": "application/json" };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const response = await fetch(this.server + path, {
      method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutSeconds * 1000),
    });
    const text = await response.text();
    if (!response.ok) {
      let error = {};
      try { error = JSON.parse(text).error ?? {}; } catch { /* not JSON */ }
      throw new ServerError(response.status, error.code ?? "HTTP", error.message ?? text);
    }
    return text ? JSON.parse(text) : null;
  }

  // Sends a result, retrying while the server cannot be reached (it may be restarting).
  async report(task, path, body) {
    let delay = 200, last;
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        await this.call(path, body, 30);
        return;
      } catch (e) {
        if (e instanceof ServerError && [400, 404, 410].includes(e.status)) {
          this.log(`${task.function}: the server refused the result (${e.message})`);
          return;
        }
        last = e;
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
    this.log(`${task.function}: could not report the result (${last?.message}); the task will time out and be retried`);
  }

  async handle(token, fn, input) {
    const task = { token, function: fn, cancelled: false };
    this.running.set(token, task);
    try {
      let path, body;
      try {
        const output = await this.handlers[fn](input, task);
        path = `/v1/tasks/${token}/success`;
        body = { output: output === undefined ? null : output };
      } catch (e) {
        path = `/v1/tasks/${token}/failure`;
        body = e instanceof TaskFailure ? { error: e.error, cause: e.cause }
                                        : { error: e?.name ?? "Error", cause: e?.message ?? String(e) };
      }
      if (!task.cancelled) await this.report(task, path, body);
    } finally {
      this.running.delete(token);
    }
  }

  async pollLoop() {
    let delay = 500;
    while (!this.stopping) {
      let got;
      try {
        got = await this.call("/v1/workers/poll",
          { functions: Object.keys(this.handlers), worker: this.name, waitSeconds: this.waitSeconds },
          this.waitSeconds + 30);
        delay = 500;
      } catch (e) {
        this.log(`poll failed (${e.message}); retrying in ${delay / 1000} s`);
        await sleep(delay);
        delay = Math.min(delay * 2, 10000);
        continue;
      }
      if (got) await this.handle(got.taskToken, got.function, got.input); // a taken task is always handled
    }
  }

  async heartbeats() {
    const beat = async () => {
      for (const task of [...this.running.values()]) {
        try {
          await this.call(`/v1/tasks/${task.token}/heartbeat`, {}, 10);
        } catch (e) {
          if (e instanceof ServerError && [404, 410].includes(e.status)) task.cancelled = true;
        }
      }
    };
    this.heartbeatTimer = setInterval(beat, this.heartbeatSeconds * 1000);
  }

  stop() {
    this.stopping = true;
  }

  async run() {
    const onSignal = () => this.stop();
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    this.log(`serving ${Object.keys(this.handlers).join(", ")} from ${this.server} (${this.concurrency} at a time)`);
    this.heartbeats();
    try {
      await Promise.all(Array.from({ length: this.concurrency }, () => this.pollLoop()));
    } finally {
      clearInterval(this.heartbeatTimer);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      this.log("stopped");
    }
  }
}
