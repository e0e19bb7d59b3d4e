// Runs one workload on aws-local-stepfunctions (the npm peer) and prints one JSON line.
// Usage: node peer.mjs WORKLOAD SECONDS TRANSITIONS
// aws-local-stepfunctions 3.x declares Node >= 22; Node 20 lacks Promise.withResolvers.
if (!Promise.withResolvers) {
  Promise.withResolvers = function () {
    let resolve, reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
const { StateMachine } = await import('aws-local-stepfunctions');
const { workloads } = await import('./workloads.mjs');

const [name, secondsArg, transitionsArg] = process.argv.slice(2);
const w = workloads[name];
const budget = Number(secondsArg) * 1000;
const transitions = Number(transitionsArg);  // states entered per run, as Stepwise counts them

const handlers = {};
for (const [stateName, state] of Object.entries(w.definition.States))
  if (state.Type === 'Task') handlers[stateName] = async (input) => input;
const machine = new StateMachine(w.definition, { validationOptions: { checkPaths: false } });

let runs = 0;
const start = performance.now();
do {
  const execution = machine.run(w.input, { overrides: { taskResourceLocalHandlers: handlers } });
  await execution.result;
  runs++;
} while (performance.now() - start < budget);
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({
  engine: 'aws-local-stepfunctions', workload: name, runs, seconds,
  transitions_per_second: (runs * transitions) / seconds,
  peak_rss_mib: process.resourceUsage().maxRSS / 1024,
}));
