// The official AWS SDK for JavaScript (@aws-sdk/client-sfn) against the real `stepwise serve`
// on 127.0.0.1 with a real SQLite file: state machines, executions, an activity worker loop,
// history, lists, stop, tags and errors, unchanged but for the endpoint.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  SFNClient, CreateStateMachineCommand, DescribeStateMachineCommand, UpdateStateMachineCommand,
  ListStateMachinesCommand, DeleteStateMachineCommand, ValidateStateMachineDefinitionCommand,
  StartExecutionCommand, StartSyncExecutionCommand, DescribeExecutionCommand, StopExecutionCommand,
  ListExecutionsCommand, GetExecutionHistoryCommand, DescribeStateMachineForExecutionCommand,
  CreateActivityCommand, DescribeActivityCommand, ListActivitiesCommand, DeleteActivityCommand,
  GetActivityTaskCommand, SendTaskSuccessCommand, SendTaskFailureCommand, SendTaskHeartbeatCommand,
  TagResourceCommand, UntagResourceCommand, ListTagsForResourceCommand,
} from "@aws-sdk/client-sfn";

const binary = process.env.STEPWISE_BINARY;
assert.ok(binary, "STEPWISE_BINARY must name the stepwise binary");
const dir = mkdtempSync(join(tmpdir(), "stepwise-sdk-"));
let server;
let client;

before(async () => {
  server = spawn(binary, ["serve", "--db", join(dir, "sdk.db"), "--listen", "127.0.0.1:0",
                          "--activity-poll-seconds", "2"], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    let text = "";
    server.stdout.on("data", (chunk) => {
      text += chunk;
      const m = text.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    server.on("exit", (code) => reject(new Error(`stepwise serve exited with ${code}`)));
  });
  client = new SFNClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    // StartSyncExecution prefixes the host with "sync-", as for AWS's own endpoints; a local
    // endpoint has no such host.
    disableHostPrefix: true,
  });
});

after(() => {
  server?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

const hello = JSON.stringify({
  StartAt: "Greet",
  States: { Greet: { Type: "Pass", Parameters: { "greeting.$": "States.Format('Hello, {}!', $.name)" }, End: true } },
});

async function waitDone(executionArn) {
  for (let i = 0; i < 500; i++) {
    const d = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== "RUNNING") return d;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${executionArn} did not end`);
}

test("state machines: create, describe, update, list, validate, delete", async () => {
  const created = await client.send(new CreateStateMachineCommand({
    name: "hello", definition: hello, roleArn: "arn:aws:iam::123456789012:role/r",
  }));
  assert.equal(created.stateMachineArn, "arn:aws:states:us-east-1:123456789012:stateMachine:hello");
  assert.ok(created.creationDate instanceof Date);
  const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
  assert.equal(described.definition, hello);
  assert.equal(described.status, "ACTIVE");
  assert.equal(described.type, "STANDARD");
  const updated = await client.send(new UpdateStateMachineCommand({
    stateMachineArn: created.stateMachineArn, roleArn: "arn:aws:iam::123456789012:role/other",
  }));
  assert.ok(updated.updateDate instanceof Date);
  const list = await client.send(new ListStateMachinesCommand({}));
  assert.deepEqual(list.stateMachines.map((m) => m.name), ["hello"]);
  const bad = await client.send(new ValidateStateMachineDefinitionCommand({
    definition: JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "B" } } }),
  }));
  assert.equal(bad.result, "FAIL");
  assert.ok(bad.diagnostics.some((d) => d.code === "MISSING_TRANSITION_TARGET" && d.location === "/States/A/Next"));
  await assert.rejects(client.send(new CreateStateMachineCommand({ name: "broken", definition: "{}", roleArn: "r" })),
                       (e) => e.name === "InvalidDefinition");
  const temp = await client.send(new CreateStateMachineCommand({ name: "temp", definition: hello, roleArn: "r" }));
  await client.send(new DeleteStateMachineCommand({ stateMachineArn: temp.stateMachineArn }));
  await assert.rejects(client.send(new DescribeStateMachineCommand({ stateMachineArn: temp.stateMachineArn })),
                       (e) => e.name === "StateMachineDoesNotExist");
});

test("executions: start, describe, history, list, idempotent names, errors", async () => {
  const machineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:hello";
  const started = await client.send(new StartExecutionCommand({
    stateMachineArn: machineArn, name: "ada", input: JSON.stringify({ name: "Ada" }),
  }));
  assert.equal(started.executionArn, "arn:aws:states:us-east-1:123456789012:execution:hello:ada");
  assert.ok(started.startDate instanceof Date);
  const done = await waitDone(started.executionArn);
  assert.equal(done.status, "SUCCEEDED");
  assert.deepEqual(JSON.parse(done.output), { greeting: "Hello, Ada!" });
  assert.ok(done.stopDate instanceof Date);
  const history = await client.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
  assert.deepEqual(history.events.map((e) => e.type),
                   ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]);
  assert.equal(history.events[1].stateEnteredEventDetails.name, "Greet");
  assert.ok(history.events[0].timestamp instanceof Date);
  const page = await client.send(new GetExecutionHistoryCommand({
    executionArn: started.executionArn, maxResults: 2, reverseOrder: true,
  }));
  assert.deepEqual(page.events.map((e) => e.id), [4, 3]);
  assert.ok(page.nextToken);
  const rest = await client.send(new GetExecutionHistoryCommand({
    executionArn: started.executionArn, maxResults: 2, reverseOrder: true, nextToken: page.nextToken,
  }));
  assert.deepEqual(rest.events.map((e) => e.id), [2, 1]);
  const forExecution = await client.send(new DescribeStateMachineForExecutionCommand({ executionArn: started.executionArn }));
  assert.equal(forExecution.definition, hello);
  const listed = await client.send(new ListExecutionsCommand({ stateMachineArn: machineArn, statusFilter: "SUCCEEDED" }));
  assert.ok(listed.executions.some((e) => e.name === "ada"));
  await assert.rejects(client.send(new StartExecutionCommand({
    stateMachineArn: machineArn, name: "ada", input: JSON.stringify({ name: "Ada" }),
  })), (e) => e.name === "ExecutionAlreadyExists");
  await assert.rejects(client.send(new DescribeExecutionCommand({
    executionArn: "arn:aws:states:us-east-1:123456789012:execution:hello:nope",
  })), (e) => e.name === "ExecutionDoesNotExist" && /nope/.test(e.message));
  await assert.rejects(client.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: "{not json" })),
                       (e) => e.name === "InvalidExecutionInput");
  await assert.rejects(client.send(new StartSyncExecutionCommand({ stateMachineArn: machineArn, input: "{}" })),
                       (e) => e.name === "StateMachineTypeNotSupported");
});

test("express machines run synchronously", async () => {
  const created = await client.send(new CreateStateMachineCommand({
    name: "quick", definition: hello, roleArn: "r", type: "EXPRESS",
  }));
  const result = await client.send(new StartSyncExecutionCommand({
    stateMachineArn: created.stateMachineArn, input: JSON.stringify({ name: "Bob" }),
  }));
  assert.equal(result.status, "SUCCEEDED");
  assert.deepEqual(JSON.parse(result.output), { greeting: "Hello, Bob!" });
});

test("an activity worker loop: GetActivityTask, SendTaskHeartbeat, SendTaskSuccess/Failure", async () => {
  const activity = await client.send(new CreateActivityCommand({ name: "approve" }));
  assert.equal(activity.activityArn, "arn:aws:states:us-east-1:123456789012:activity:approve");
  const about = await client.send(new DescribeActivityCommand({ activityArn: activity.activityArn }));
  assert.equal(about.name, "approve");
  const definition = JSON.stringify({
    StartAt: "Approve",
    States: {
      Approve: { Type: "Task", Resource: activity.activityArn, HeartbeatSeconds: 60, ResultPath: "$.decision",
                 Catch: [{ ErrorEquals: ["Rejected"], ResultPath: "$.error", Next: "Denied" }], End: true },
      Denied: { Type: "Fail", Error: "Denied", Cause: "the approver said no" },
    },
  });
  const machine = await client.send(new CreateStateMachineCommand({ name: "approval", definition, roleArn: "r" }));
  const yes = await client.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: '{"amount":5}' }));
  const no = await client.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: '{"amount":500}' }));

  // The worker: one task per poll, each answered by its token.
  for (let answered = 0; answered < 2;) {
    const task = await client.send(new GetActivityTaskCommand({ activityArn: activity.activityArn, workerName: "w1" }));
    if (!task.taskToken) continue;
    const input = JSON.parse(task.input);
    await client.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
    if (input.amount < 100) {
      await client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify({ approved: true }) }));
    } else {
      await client.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error: "Rejected", cause: "too much" }));
    }
    answered++;
    await assert.rejects(client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: "{}" })),
                         (e) => e.name === "TaskTimedOut");
  }
  const approved = await waitDone(yes.executionArn);
  assert.equal(approved.status, "SUCCEEDED");
  assert.deepEqual(JSON.parse(approved.output), { amount: 5, decision: { approved: true } });
  const denied = await waitDone(no.executionArn);
  assert.equal(denied.status, "FAILED");
  assert.equal(denied.error, "Denied");
  assert.equal(denied.cause, "the approver said no");
  const history = await client.send(new GetExecutionHistoryCommand({ executionArn: yes.executionArn }));
  assert.ok(history.events.some((e) => e.type === "ActivityScheduled"));
  assert.ok(history.events.some((e) => e.type === "ActivityStarted" && e.activityStartedEventDetails.workerName === "w1"));
  assert.ok(history.events.some((e) => e.type === "ActivitySucceeded"));
  // Nothing more to do: the poll comes back empty when its wait is over.
  const idle = await client.send(new GetActivityTaskCommand({ activityArn: activity.activityArn }));
  assert.equal(idle.taskToken, undefined);
  await assert.rejects(client.send(new SendTaskSuccessCommand({ taskToken: "x".repeat(10), output: "{}" })),
                       (e) => e.name === "InvalidToken");
  const activities = await client.send(new ListActivitiesCommand({}));
  assert.deepEqual(activities.activities.map((a) => a.name), ["approve"]);
  await client.send(new DeleteActivityCommand({ activityArn: activity.activityArn }));
  await assert.rejects(client.send(new DescribeActivityCommand({ activityArn: activity.activityArn })),
                       (e) => e.name === "ActivityDoesNotExist");
});

test("stop a running execution; tags", async () => {
  const created = await client.send(new CreateStateMachineCommand({
    name: "sleepy", roleArn: "r",
    definition: JSON.stringify({ StartAt: "W", States: { W: { Type: "Wait", Seconds: 86400, End: true } } }),
    tags: [{ key: "team", value: "core" }],
  }));
  const started = await client.send(new StartExecutionCommand({ stateMachineArn: created.stateMachineArn }));
  const running = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
  assert.equal(running.status, "RUNNING");
  const stopped = await client.send(new StopExecutionCommand({
    executionArn: started.executionArn, error: "Cancelled", cause: "by the SDK suite",
  }));
  assert.ok(stopped.stopDate instanceof Date);
  const after = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
  assert.equal(after.status, "ABORTED");
  assert.equal(after.error, "Cancelled");
  const running_list = await client.send(new ListExecutionsCommand({
    stateMachineArn: created.stateMachineArn, statusFilter: "RUNNING",
  }));
  assert.equal(running_list.executions.length, 0);

  await client.send(new TagResourceCommand({ resourceArn: created.stateMachineArn, tags: [{ key: "env", value: "ci" }] }));
  await client.send(new UntagResourceCommand({ resourceArn: created.stateMachineArn, tagKeys: ["team"] }));
  const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: created.stateMachineArn }));
  assert.deepEqual(tags.tags, [{ key: "env", value: "ci" }]);
});

test("an AWS SDK activity worker serves Lambda-named functions; child executions with .sync:2", async () => {
  // A function named NAME is the activity NAME: the Lambda ARN task and the lambda:invoke task
  // both wait in the queue "quote", which an SDK activity worker drains.
  const activity = await client.send(new CreateActivityCommand({ name: "quote" }));
  const child = await client.send(new CreateStateMachineCommand({
    name: "quote-child", roleArn: "r",
    definition: JSON.stringify({ StartAt: "Q", States: {
      Q: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:123456789012:function:quote", End: true } } }),
  }));
  const parent = await client.send(new CreateStateMachineCommand({
    name: "quote-parent", roleArn: "r",
    definition: JSON.stringify({ StartAt: "Invoke", States: {
      Invoke: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke",
                Parameters: { FunctionName: "quote", "Payload.$": "$" },
                ResultSelector: { "price.$": "$.Payload.price", "status.$": "$.StatusCode" }, ResultPath: "$.direct",
                Next: "Child" },
      Child: { Type: "Task", Resource: "arn:aws:states:::states:startExecution.sync:2",
               Parameters: { StateMachineArn: child.stateMachineArn, "Input.$": "$" },
               ResultSelector: { "output.$": "$.Output", "status.$": "$.Status" }, ResultPath: "$.child", End: true },
    } }),
  }));
  const started = await client.send(new StartExecutionCommand({ stateMachineArn: parent.stateMachineArn,
                                                                input: JSON.stringify({ sku: "a", quantity: 3 }) }));
  for (let answered = 0; answered < 2;) {
    const task = await client.send(new GetActivityTaskCommand({ activityArn: activity.activityArn, workerName: "sdk" }));
    if (!task.taskToken) continue;
    const input = JSON.parse(task.input);
    await client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken,
                                                   output: JSON.stringify({ price: input.quantity * 10 }) }));
    answered++;
  }
  const done = await waitDone(started.executionArn);
  assert.equal(done.status, "SUCCEEDED", done.cause);
  const output = JSON.parse(done.output);
  assert.deepEqual(output.direct, { price: 30, status: 200 });  // lambda:invoke: Lambda's envelope
  assert.equal(output.child.status, "SUCCEEDED");
  assert.deepEqual(output.child.output, { price: 30 });
  const children = await client.send(new ListExecutionsCommand({ stateMachineArn: child.stateMachineArn }));
  assert.equal(children.executions.length, 1);
  assert.equal(children.executions[0].status, "SUCCEEDED");
  await client.send(new DeleteActivityCommand({ activityArn: activity.activityArn }));
});
