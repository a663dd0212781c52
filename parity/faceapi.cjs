// Reference outputs of face-api 1.7.15's FaceExpressionNet, the library itself, on TensorFlow.js 4.22 (pure-JS CPU).
// usage: node faceapi.cjs MODEL_DIR JOBS.json
// JOBS: [{ input: file of float32 [n, 112, 112, 3] RGB 0..255, n, out: prefix }, ...]
// Writes prefix.logits.bin [n, 7] and prefix.features.bin [n, 256] (float32 little-endian).
const Module = require('module');

// the library's Node build asks for the native binding @tensorflow/tfjs-node; the pure-JS package has the same API
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === '@tensorflow/tfjs-node' ? '@tensorflow/tfjs' : request, ...rest);
};
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node.js');
const fs = require('fs');
const path = require('path');

(async () => {
  await tf.setBackend('cpu');
  await faceapi.tf.setBackend('cpu');
  const [modelDir, jobsFile] = process.argv.slice(2);
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'face_expression_model.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(modelDir, 'face_expression_model.bin'));
  const weights = faceapi.tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    manifest.flatMap((g) => g.weights));
  const net = faceapi.nets.faceExpressionNet;
  net.loadFromWeightMap(weights);
  for (const job of JSON.parse(fs.readFileSync(jobsFile, 'utf8'))) {
    const raw = fs.readFileSync(job.input);
    const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    const logits = [];
    const features = [];
    for (let i = 0; i < job.n; i++) {
      const img = faceapi.tf.tensor4d(all.slice(i * 112 * 112 * 3, (i + 1) * 112 * 112 * 3), [1, 112, 112, 3]);
      const input = await faceapi.toNetInput(img);
      const f = net.faceFeatureExtractor.forwardInput(input);
      const l = net.runNet(input);
      features.push(...await f.data());
      logits.push(...await l.data());
      faceapi.tf.dispose([img, f, l]);
    }
    fs.writeFileSync(`${job.out}.logits.bin`, Buffer.from(new Float32Array(logits).buffer));
    fs.writeFileSync(`${job.out}.features.bin`, Buffer.from(new Float32Array(features).buffer));
  }
})().catch((e) => { console.error(e); process.exit(1); });
