// Reference outputs from the original library: TensorFlow.js 4.22 with its pure-JS CPU backend.
// usage: node reference.mjs JOBS.json
// JOBS: [{ modelDir, model, input: {file, shape, dtype}, outputs: [names], out: prefix, detector?: {...} }, ...]
// Writes prefix.N.bin (float32 little-endian) and prefix.json (shapes) for each output; for the detector also
// prefix.boxes.json: the library's own box decoding and non-maximum suppression (src/face/blazeface.ts).
import * as tf from '@tensorflow/tfjs';
import fs from 'fs';
import path from 'path';

const models = {};

async function load(modelDir, name) {
  const key = path.join(modelDir, name);
  if (models[key]) return models[key];
  const modelJson = JSON.parse(fs.readFileSync(path.join(modelDir, `${name}.json`), 'utf8'));
  const bin = fs.readFileSync(path.join(modelDir, `${name}.bin`));
  models[key] = await tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
  }));
  return models[key];
}

function anchors(inputSize) {
  const out = [];
  const spec = { strides: [inputSize / 16, inputSize / 8], anchors: [2, 6] };
  for (let i = 0; i < spec.strides.length; i++) {
    const stride = spec.strides[i];
    const grid = Math.floor((inputSize + stride - 1) / stride);
    for (let gy = 0; gy < grid; gy++) {
      for (let gx = 0; gx < grid; gx++) {
        for (let n = 0; n < spec.anchors[i]; n++) out.push([stride * (gx + 0.5), stride * (gy + 0.5)]);
      }
    }
  }
  return out;
}

// as src/face/blazeface.ts getBoxes(): heads sorted by size, the 512-anchor grid first
async function detectorBoxes(heads, d) {
  const sorted = [...heads].sort((a, b) => a.size - b.size);
  const batch = tf.squeeze(tf.concat([tf.concat([sorted[1], sorted[3]], 2), tf.concat([sorted[0], sorted[2]], 2)], 1), [0]);
  const centers = tf.add(tf.slice(batch, [0, 1], [-1, 2]), tf.tensor2d(anchors(d.inputSize)));
  const half = tf.div(tf.slice(batch, [0, 3], [-1, 2]), 2);
  const boxes = tf.concat2d([tf.sub(centers, half), tf.add(centers, half)], 1);
  const scores = tf.squeeze(tf.sigmoid(tf.slice(batch, [0, 0], [-1, 1])));
  const nms = await tf.image.nonMaxSuppressionAsync(boxes, scores, d.maxFaces, d.iouThreshold, d.minScore);
  const idx = await nms.array();
  const b = await boxes.array();
  const s = await scores.array();
  return idx.map((i) => ({ box: b[i], score: s[i] }));
}

await tf.setBackend('cpu');
const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
for (const job of jobs) {
  const model = await load(job.modelDir, job.model);
  const raw = fs.readFileSync(job.input.file);
  const values = job.input.dtype === 'int32'
    ? new Int32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4)
    : new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const input = tf.tensor(values, job.input.shape, job.input.dtype);
  const outs = model.execute(input, job.outputs);
  const list = Array.isArray(outs) ? outs : [outs];
  const shapes = [];
  for (let i = 0; i < list.length; i++) {
    fs.writeFileSync(`${job.out}.${i}.bin`, Buffer.from(new Float32Array(await list[i].data()).buffer));
    shapes.push(list[i].shape);
  }
  fs.writeFileSync(`${job.out}.json`, JSON.stringify(shapes));
  if (job.detector) fs.writeFileSync(`${job.out}.boxes.json`, JSON.stringify(await detectorBoxes(list, job.detector)));
  tf.dispose([input, ...list]);
}
