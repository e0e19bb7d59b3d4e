// The benchmark workloads: plain ASL that any engine can run. `node workloads.mjs DIR` writes
// each as DIR/NAME.json for the Stepwise driver; the peer driver imports them.
import { mkdirSync, writeFileSync } from 'node:fs';

const TASK_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:work';

// n states in a row; prefix keeps names unique across branches (ASL requires it).
function chain(n, make, prefix = 'S') {
  const States = {};
  for (let i = 0; i < n; i++) {
    States[`${prefix}${i}`] = { ...make(i), ...(i + 1 < n ? { Next: `${prefix}${i + 1}` } : { End: true }) };
  }
  return { StartAt: `${prefix}0`, States };
}

export const workloads = {
  'pass-chain-1000': { definition: chain(1000, () => ({ Type: 'Pass' })), input: { value: 1 } },
  'choice-loop-10000': {
    definition: {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Parameters: { i: 0 }, Next: 'Check' },  // (the peer drops a falsy Result)
        Check: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericGreaterThanEquals: 10000, Next: 'Done' }], Default: 'Inc' },
        Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
        Done: { Type: 'Succeed' },
      },
    },
    input: {},
  },
  'map-10000': {
    definition: {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map', ItemsPath: '$.items',
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'I', States: { I: { Type: 'Pass', Parameters: { 'v.$': '$.n' }, End: true } } },
          End: true,
        },
      },
    },
    input: { items: Array.from({ length: 10000 }, (_, i) => ({ n: i })) },  // objects: the peer refuses a falsy item
  },
  'parallel-8x100': {
    definition: {
      StartAt: 'P',
      States: { P: { Type: 'Parallel', Branches: Array.from({ length: 8 }, (_, b) => chain(100, () => ({ Type: 'Pass' }), `B${b}S`)), End: true } },
    },
    input: { value: 1 },
  },
  'intrinsic-chain-500': {
    definition: chain(500, (i) => ({
      Type: 'Pass',
      Parameters: {
        'n.$': 'States.MathAdd($.n, 1)',
        'label.$': "States.Format('step {} of {}', $.n, 500)",
        'parts.$': "States.StringSplit('a,b,c', ',')",
        'hash.$': "States.Hash('payload', 'SHA-256')",
        'arr.$': 'States.ArrayLength(States.Array(1, 2, 3))',
      },
    })),
    input: { n: 0 },
  },
  'tasks-100': {
    definition: chain(100, () => ({ Type: 'Task', Resource: TASK_ARN })),
    input: { value: 1 },
  },
};

if (process.argv[2]) {
  mkdirSync(process.argv[2], { recursive: true });
  for (const [name, w] of Object.entries(workloads)) {
    writeFileSync(`${process.argv[2]}/${name}.json`, JSON.stringify(w.definition));
    writeFileSync(`${process.argv[2]}/${name}.input.json`, JSON.stringify(w.input));
  }
}
