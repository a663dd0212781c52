// The peer of `fer bench pipeline --human`: @vladmandic/human 3.3.6 in Node on TensorFlow.js's WASM backend, its five
// default generators (blazeface, facemesh, emotion, faceres, movenet-lightning) on every frame, every cache off.
// Input: raw RGB frames (width x height x 3 bytes each, one after the other) in one file, written by the Java side from
// the same clip. Output: one JSON line. Models and the WASM binaries come from node_modules: nothing is fetched.
//
//   node human-bench.cjs --raw FRAMES.rgb --width W --height H [--warmup 3]
const fs = require('fs');
const path = require('path');

function args() {
  const a = { warmup: 3 };
  for (let i = 2; i < process.argv.length; i += 2) a[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  for (const k of ['raw', 'width', 'height']) {
    if (!a[k]) throw new Error(`--${k} is required`);
  }
  return { raw: a.raw, width: Number(a.width), height: Number(a.height), warmup: Number(a.warmup) };
}

const noCache = { skipFrames: 0, skipTime: 0 };

// Node's fetch has no file: scheme, and Human's WASM build loads models with fetch. Serve files from disk and refuse
// anything else: a benchmark never downloads.
globalThis.fetch = async (resource) => {
  const url = typeof resource === 'string' ? resource : resource.url;
  if (!url.startsWith('file://')) throw new Error(`refusing to fetch ${url}: everything comes from node_modules`);
  return new Response(fs.readFileSync(new URL(url)));
};

async function main() {
  const opt = args();
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), path.sep);
  const humanDir = path.join(path.dirname(require.resolve('@vladmandic/human')), '..'); // main is dist/human.node.js
  const modelDir = path.join(humanDir, 'models', path.sep);
  const { Human } = require(path.join(humanDir, 'dist', 'human.node-wasm.js')); // the package's exports omit this build's "./"
  const human = new Human({
    backend: 'wasm',
    wasmPath: wasmDir,
    modelBasePath: `file://${modelDir}`,
    debug: false,
    warmup: 'none',
    cacheSensitivity: 0, // never reuse a result because the frame looks unchanged
    filter: { enabled: false },
    gesture: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: false, maxDetected: 10, ...noCache },
      mesh: { enabled: true },
      iris: { enabled: false },
      attention: { enabled: false },
      emotion: { enabled: true, ...noCache },
      description: { enabled: true, ...noCache },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
    body: { enabled: true, modelPath: 'movenet-lightning.json', maxDetected: 1, ...noCache },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
  });
  await human.load();
  const loaded = Object.entries(human.models.models).filter(([, m]) => m).map(([name]) => name).sort();

  const frameBytes = opt.width * opt.height * 3;
  const data = fs.readFileSync(opt.raw);
  const frames = Math.floor(data.length / frameBytes);
  if (frames < 1) throw new Error(`${opt.raw}: no whole ${opt.width}x${opt.height} RGB frame`);
  const tensorOf = (i) => human.tf.tensor3d(new Uint8Array(data.buffer, data.byteOffset + i * frameBytes, frameBytes),
    [opt.height, opt.width, 3], 'int32');
  const detect = async (i) => {
    const t = tensorOf(i);
    const r = await human.detect(t);
    human.tf.dispose(t);
    if (r.error) throw new Error(`frame ${i}: ${r.error}`);
    return r;
  };

  for (let i = 0; i < Math.min(opt.warmup, frames); i++) await detect(i);
  let faces = 0;
  let emotions = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < frames; i++) {
    const r = await detect(i);
    faces += r.face.length;
    emotions += r.face.filter((f) => f.emotion && f.emotion.length > 0).length;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({
    human: human.version,
    tfjs: human.tf.version['tfjs-core'],
    backend: human.tf.getBackend(),
    wasm_simd: await human.tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    wasm_threads: await human.tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
    models: loaded,
    frames,
    face_frames: faces,
    faces_with_emotion: emotions,
    seconds: Math.round(seconds * 100) / 100,
    frames_per_s: Math.round((frames / seconds) * 100) / 100,
    face_frames_per_s: Math.round((faces / seconds) * 100) / 100,
    rss_mb: Math.round(process.memoryUsage().rss / 1048576),
  }));
}

main().catch((e) => {
  console.error(`human-bench: ${e.message}`);
  process.exit(1);
});
